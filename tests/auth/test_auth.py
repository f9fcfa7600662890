"""Sign-in, sessions, passwords, the language switch and user accounts."""

from __future__ import annotations

import pytest
from flask import Flask

from app import create_app
from app.auth import services
from app.auth.models import Role, User
from app.auth.views import safe_next
from app.core.audit import AuditLog
from app.core.errors import DomainError
from app.extensions import db, limiter
from tests.conftest import PASSWORD, login
from tests.factories import OfficerFactory, UserFactory


def test_sign_in_lands_on_own_office_and_is_audited(client, tree):
    user = tree.users["atwari_staff"]
    response = login(client, user)
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"].endswith(f"/offices/{tree.atwari.id}")
    assert db.session.query(AuditLog).filter_by(action="user.login", user_id=user.id).count() == 1


def test_wrong_password_is_refused_in_bangla(client, tree):
    response = client.post("/login", data={"username": "atwari-staff", "password": "wrong-password-1"})
    assert response.status_code == 200
    assert "ব্যবহারকারীর নাম বা পাসওয়ার্ড সঠিক নয়" in response.get_data(as_text=True)


def test_username_is_case_insensitive(client, tree):
    response = client.post("/login", data={"username": "ATWARI-STAFF", "password": PASSWORD})
    assert response.status_code == 302


def test_inactive_account_cannot_sign_in(client, tree):
    tree.users["atwari_staff"].is_active_account = False
    response = client.post("/login", data={"username": "atwari-staff", "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/offices/3", "/offices/3"),
        ("/offices?q=a", "/offices?q=a"),
        ("https://evil.example/", None),
        ("//evil.example/", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_next_only_allows_local_paths(target, expected):
    assert safe_next(target) == expected


def test_login_follows_a_safe_next(client, tree):
    user = tree.users["atwari_staff"]
    response = client.post(
        "/login", data={"username": user.username, "password": PASSWORD, "next": "/offices"}
    )
    assert response.headers["Location"] == "/offices"
    client.post("/logout")
    response = client.post(
        "/login", data={"username": user.username, "password": PASSWORD, "next": "//evil.example"}
    )
    assert response.headers["Location"] == "/"


def test_logout_invalidates_the_old_session_cookie(client, tree, app):
    login(client, tree.users["atwari_staff"])
    stolen = client.get_cookie("session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get(f"/offices/{tree.atwari.id}").status_code == 302


def test_change_password_requires_the_current_one_and_signs_out_other_sessions(client, tree, app):
    user = tree.users["atwari_staff"]
    login(client, user)
    other = app.test_client()
    login(other, user)
    bad = client.post(
        "/account/password",
        data={"current_password": "nope", "new_password": "new-secret-99", "confirm": "new-secret-99"},
    )
    assert bad.status_code == 200 and user.check_password(PASSWORD)
    weak = client.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": "short", "confirm": "short"}
    )
    assert weak.status_code == 200 and user.check_password(PASSWORD)
    ok = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "new-secret-99", "confirm": "new-secret-99"},
    )
    assert ok.status_code == 302
    assert user.check_password("new-secret-99")
    assert client.get(f"/offices/{tree.atwari.id}").status_code == 200  # this browser stays signed in
    assert other.get(f"/offices/{tree.atwari.id}").status_code == 302  # the other one is signed out


@pytest.mark.parametrize("password", ["short1", "onlyletterslong", "1234567890123", "has-user0-in-it"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(DomainError):
        services.check_password_strength(password, username="user0")


def test_language_choice_is_remembered_for_the_user(client, tree):
    user = tree.users["atwari_staff"]
    login(client, user)
    response = client.post("/language", data={"lang": "en", "next": "//evil.example"})
    assert response.headers["Location"] == "/"
    assert user.locale == "en"
    client.post("/logout")
    login(client, user)
    assert 'lang="en"' in client.get(f"/offices/{tree.atwari.id}").get_data(as_text=True)


def test_unknown_language_is_rejected(client):
    assert client.post("/language", data={"lang": "fr"}).status_code == 400


def test_anonymous_language_switch_uses_the_session(client):
    client.post("/language", data={"lang": "en"})
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)


@pytest.fixture
def csrf_app(database_url: str) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SESSION_COOKIE_SECURE": False,
        }
    )


def test_forms_without_csrf_token_are_refused(csrf_app, tree):
    client = csrf_app.test_client()
    response = client.post("/login", data={"username": "atwari-staff", "password": PASSWORD})
    assert response.status_code == 400


def test_login_is_rate_limited(database_url, tree):
    limiter.reset()  # counters are shared by every app made in this process
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "LOGIN_RATE_LIMIT": "3 per minute",
            "SESSION_COOKIE_SECURE": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    client = app.test_client()
    codes = [
        client.post("/login", data={"username": "nobody", "password": "x" * 12}).status_code for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    assert "অপেক্ষা" in client.post("/login", data={"username": "x", "password": "y"}).get_data(as_text=True)
    limiter.reset()


def test_session_cookie_is_secure_by_default():
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


# User accounts --------------------------------------------------------------------------------------------


def test_office_admin_creates_an_account_for_an_officer_of_the_office(client, tree):
    officer = OfficerFactory(office=tree.atwari)
    login(client, tree.users["atwari_admin"])
    response = client.post(
        f"/offices/{tree.atwari.id}/users/new",
        data={
            "username": "paritosh",
            "role": "staff",
            "officer_id": officer.id,
            "is_active_account": "y",
            "password": "first-pass-123",
        },
    )
    assert response.status_code == 302
    user = db.session.query(User).filter_by(username="paritosh").one()
    assert user.office_id == tree.atwari.id and user.officer_id == officer.id and user.role == Role.STAFF
    assert db.session.query(AuditLog).filter_by(action="user.create", object_id=user.id).count() == 1


def test_office_admin_cannot_grant_sysadmin(tree):
    with pytest.raises(DomainError):
        services.create_user(
            tree.atwari,
            {"username": "x1", "role": "sysadmin"},
            "long-pass-123",
            by=tree.users["atwari_admin"],
        )


def test_officer_of_another_office_cannot_be_linked(tree):
    officer = OfficerFactory(office=tree.boda)
    with pytest.raises(DomainError) as error:
        services.create_user(
            tree.atwari,
            {"username": "x2", "role": "staff", "officer_id": officer.id},
            "long-pass-123",
            by=tree.users["sysadmin"],
        )
    assert error.value.field == "officer_id"


def test_deactivating_an_account_ends_its_sessions(client, tree, app):
    target = UserFactory(office=tree.atwari, username="target")
    victim = app.test_client()
    login(victim, target)
    login(client, tree.users["atwari_admin"])
    response = client.post(
        f"/users/{target.id}/edit",
        data={"username": "target", "role": "staff", "officer_id": "", "version": target.version},
    )
    assert response.status_code == 302
    assert target.is_active_account is False
    assert victim.get(f"/offices/{tree.atwari.id}").status_code == 302


def test_admin_cannot_deactivate_itself(tree):
    admin = tree.users["atwari_admin"]
    with pytest.raises(DomainError):
        services.update_user(admin, {"is_active_account": False}, by=admin)


def test_create_admin_command_makes_the_first_sysadmin_and_the_directorate(app):
    from app.org.models import Office

    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "--username", "root1", "--office-code", "hq"],
        input="strong-pass-42\nstrong-pass-42\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(username="root1").one()
    assert user.role == Role.SYSADMIN
    assert user.office.code == "hq" and user.office.path == f"/{user.office.id}/"
    again = runner.invoke(
        args=["create-admin", "--username", "root2", "--office-code", "nowhere"],
        input="strong-pass-42\nstrong-pass-42\n",
    )
    assert again.exit_code != 0 and "nowhere" in again.output
    assert db.session.query(Office).count() == 1
