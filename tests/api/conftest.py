"""Helpers for the API tests: a client whose every request runs in its own application context, and tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.api import services
from app.auth.models import User


class ApiClient:
    """Sends each request in a fresh application context, as in production: a new database session and a new
    `g` per request. (The test's own app context would otherwise be shared by every request of a test, with
    its identity map and the user Flask-Login cached in `g`.)"""

    def __init__(self, app: Flask, client: FlaskClient):
        self.app = app
        self.client = client

    def open(self, method: str, url: str, token: str | None = None, **kwargs: Any) -> TestResponse:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        with self.app.app_context():
            return self.client.open(url, method=method, headers=headers, **kwargs)

    def get(self, url: str, token: str | None = None, **kwargs: Any) -> TestResponse:
        return self.open("GET", url, token, **kwargs)

    def post(self, url: str, token: str | None = None, **kwargs: Any) -> TestResponse:
        return self.open("POST", url, token, **kwargs)


@pytest.fixture
def api(app: Flask, client: FlaskClient) -> ApiClient:
    return ApiClient(app, client)


@pytest.fixture
def token_for() -> Callable[[User], str]:
    """Make an API token for a user (through the service, as the tokens page does) and return it."""

    def make(user: User, name: str = "test") -> str:
        _token, plain = services.create_token(user, name)
        return plain

    return make
