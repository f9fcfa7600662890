"""Personal API tokens: made on the tokens page, shown once, used on the API, revoked; and the API's 401s."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_login import login_user
from sqlalchemy import select

from app.api import services
from app.api.auth import authenticate_request
from app.auth.models import ApiToken, hash_token
from app.core.audit import AuditLog
from app.core.errors import DomainError
from app.core.models import utcnow
from app.extensions import db
from tests.conftest import login

TOKEN_RE = re.compile(r"sabha_[A-Za-z0-9_-]{43}")


def _audit(action: str, token_id: int) -> list[AuditLog]:
    return list(
        db.session.scalars(select(AuditLog).where(AuditLog.action == action, AuditLog.object_id == token_id))
    )


def _token(token_id: int) -> ApiToken:
    return db.session.scalars(
        select(ApiToken).where(ApiToken.id == token_id).execution_options(populate_existing=True)
    ).one()


def test_token_made_on_the_page_works_on_the_api_until_revoked(app, client, api, tree):
    user = tree.users["atwari_staff"]
    login(client, user)

    page = api.post("/account/tokens", data={"name": "District dashboard"})
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    plain = TOKEN_RE.search(html).group(0)

    token = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert token.name == "District dashboard"
    assert token.token_hash == hash_token(plain) and token.prefix == plain[:12]
    created = _audit("api_token.create", token.id)
    assert len(created) == 1 and created[0].office_id == user.office_id and created[0].user_id == user.id
    assert plain not in str(created[0].changes) and plain not in created[0].summary

    # The token is shown once: the list shows only its prefix afterwards.
    listing = api.get("/account/tokens").get_data(as_text=True)
    assert plain not in listing and token.prefix in listing and "District dashboard" in listing

    anonymous = app.test_client()
    me = anonymous.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert me.status_code == 200, me.get_data(as_text=True)
    assert me.json["username"] == user.username
    assert me.json["office"]["id"] == tree.atwari.id
    assert me.json["authenticated_by"] == "token"
    assert _token(token.id).last_used_at is not None

    response = api.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert _token(token.id).revoked_at is not None
    revoked = _audit("api_token.revoke", token.id)
    assert len(revoked) == 1 and revoked[0].office_id == user.office_id

    refused = anonymous.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert refused.status_code == 401
    assert (
        refused.json["code"] == 401 and refused.json["status"] == "Unauthorized" and refused.json["message"]
    )


def test_token_needs_a_name_of_at_most_100_characters(client, api, tree):
    user = tree.users["atwari_staff"]
    login(client, user)
    for name in ("   ", "x" * 101):
        response = api.post("/account/tokens", data={"name": name})
        assert response.status_code == 200
        assert "is-invalid" in response.get_data(as_text=True)
        assert TOKEN_RE.search(response.get_data(as_text=True)) is None
    assert db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all() == []


def test_a_user_cannot_revoke_someone_elses_token(client, api, tree, token_for):
    plain = token_for(tree.users["atwari_admin"])
    token = db.session.scalars(select(ApiToken).where(ApiToken.token_hash == hash_token(plain))).one()
    login(client, tree.users["atwari_staff"])  # same office, still not the owner

    assert api.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert _token(token.id).revoked_at is None
    assert _audit("api_token.revoke", token.id) == []
    assert api.get("/api/v1/me", token=plain).status_code == 200


def test_the_tokens_page_lists_only_own_tokens(client, api, tree, token_for):
    token_for(tree.users["atwari_admin"], "admin's robot")
    token_for(tree.users["atwari_staff"], "my script")
    login(client, tree.users["atwari_staff"])
    html = api.get("/account/tokens").get_data(as_text=True)
    assert "my script" in html and "admin&#39;s robot" not in html and "admin's robot" not in html


def test_tokens_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/account/tokens")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_revoking_twice_or_someone_elses_token_is_refused_by_the_service(app, tree):
    user = tree.users["boda_staff"]
    token, _plain = services.create_token(user, "once")
    services.revoke_token(token, user)
    with app.test_request_context(), pytest.raises(DomainError):  # messages are translated for a request
        services.revoke_token(token, user)
    with app.test_request_context(), pytest.raises(DomainError):
        services.revoke_token(services.create_token(user, "mine")[0], tree.users["boda_admin"])


def test_request_without_token_gets_json_401(api):
    response = api.get("/api/v1/offices")
    assert response.status_code == 401
    assert response.is_json
    assert response.json["code"] == 401 and response.json["status"] == "Unauthorized"
    assert "Bearer" in response.json["message"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer sabha_not-a-real-token",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "sabha_token-without-scheme",
        "Bearer " + "x" * 5000,
    ],
)
def test_bad_token_gets_json_401(api, header):
    response = api.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert set(response.json) == {"code", "status", "message"}
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_token_of_a_deactivated_account_stops_working(api, tree, token_for):
    user = tree.users["boda_staff"]
    plain = token_for(user)
    assert api.get("/api/v1/me", token=plain).status_code == 200
    user.is_active_account = False
    db.session.flush()
    assert api.get("/api/v1/me", token=plain).status_code == 401


def test_a_bad_token_is_refused_even_with_a_signed_in_session(client, api, tree):
    login(client, tree.users["boda_staff"])
    assert api.get("/api/v1/me").json["authenticated_by"] == "session"
    assert api.get("/api/v1/me", token="sabha_wrong").status_code == 401


def test_browser_session_may_read_but_never_write(app, tree):
    user = tree.users["boda_staff"]
    for method, expected in (("GET", None), ("POST", 401), ("DELETE", 401)):
        with app.test_request_context("/api/v1/me", method=method):
            login_user(user)
            response = authenticate_request()
            assert (response.status_code if response else None) == expected, method


def test_last_used_is_written_at_most_once_a_minute(api, tree, token_for):
    plain = token_for(tree.users["boda_staff"])
    token_id = db.session.scalars(select(ApiToken.id).where(ApiToken.token_hash == hash_token(plain))).one()
    api.get("/api/v1/me", token=plain)
    first = _token(token_id).last_used_at
    api.get("/api/v1/me", token=plain)
    assert _token(token_id).last_used_at == first

    _token(token_id).last_used_at = utcnow() - timedelta(minutes=2)
    db.session.flush()
    api.get("/api/v1/me", token=plain)
    assert _token(token_id).last_used_at.replace(tzinfo=None) > first.replace(tzinfo=None)


def test_unknown_object_gets_json_404(api, tree, token_for):
    response = api.get("/api/v1/offices/999999", token=token_for(tree.users["sysadmin"]))
    assert response.status_code == 404
    assert response.json == {"code": 404, "status": "Not Found", "message": response.json["message"]}
    assert response.json["message"]


def test_invalid_query_parameters_get_json_422_with_the_field_errors(api, tree, token_for):
    plain = token_for(tree.users["sysadmin"])
    response = api.get("/api/v1/offices?level=galaxy&page_size=500", token=plain)
    assert response.status_code == 422
    body = response.json
    assert body["code"] == 422 and body["status"] == "Unprocessable Entity" and body["message"]
    assert "level" in str(body["errors"])


def test_api_blueprint_is_exempt_from_csrf_because_it_takes_no_cookies_for_writes(app):
    from app.api.resources import blp
    from app.extensions import csrf

    assert blp in csrf._exempt_blueprints
    # The tokens page is an ordinary form: CSRF applies there.
    assert "tokens" not in {b.name for b in csrf._exempt_blueprints}
