"""Routes for signing in and out, the language switch, passwords and user accounts."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from app.auth import bp, services
from app.auth.forms import ChangePasswordForm, LoginForm, UserForm, role_choices
from app.auth.models import User
from app.core.errors import DomainError
from app.core.forms import apply_domain_error
from app.core.permissions import get_manageable_or_404, get_visible_or_404
from app.extensions import db, limiter
from app.org.models import Office, Officer


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no protocol-relative "//evil"."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return None
    return target


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("org.home"))
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The username or password is not correct."))
        else:
            services.record_login(user)
            db.session.commit()
            session.clear()  # a fresh session: nothing from before sign-in carries over
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(form.next.data) or url_for("org.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.logout(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            db.session.rollback()
            if not apply_domain_error(
                form, error if error.field != "password" else DomainError(error.message, "new_password")
            ):
                flash(str(error.message), "danger")
        else:
            db.session.commit()
            login_user(user)  # the session token rotated: keep this browser signed in, end the others
            flash(_("Your password has been changed. Other sessions have been signed out."), "success")
            return redirect(url_for("org.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = lang
    if current_user.is_authenticated:
        services.set_locale(current_user._get_current_object(), lang)
        db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("org.home"))


# User accounts -------------------------------------------------------------------------------------------


def _officer_choices(office: Office) -> list[tuple[str, str]]:
    officers = db.session.scalars(
        select(Officer).where(Officer.office_id == office.id).order_by(Officer.name_bn)
    )
    return [("", _("— none —"))] + [(str(o.id), o.display_name) for o in officers]


@bp.route("/offices/<int:office_id>/users")
@login_required
def users(office_id: int):
    office = get_manageable_or_404(Office, office_id, current_user)
    accounts = db.session.scalars(
        select(User).where(User.office_id == office.id).order_by(User.username)
    ).all()
    return render_template("auth/users.html", office=office, accounts=accounts)


@bp.route("/offices/<int:office_id>/users/new", methods=["GET", "POST"])
@login_required
def new_user(office_id: int):
    office = get_manageable_or_404(Office, office_id, current_user)
    form = UserForm()
    form.role.choices = role_choices(current_user.is_sysadmin)
    form.officer_id.choices = _officer_choices(office)
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors.append(_("Set a first password for the account."))
        else:
            data = {
                "username": form.username.data,
                "role": form.role.data,
                "officer_id": form.officer_id.data,
                "is_active_account": form.is_active_account.data,
            }
            try:
                services.create_user(office, data, form.password.data, by=current_user)
            except DomainError as error:
                db.session.rollback()
                if not apply_domain_error(form, error):
                    flash(str(error.message), "danger")
            else:
                db.session.commit()
                flash(_("The account has been created."), "success")
                return redirect(url_for("auth.users", office_id=office.id))
    return render_template("auth/user_form.html", form=form, office=office, account=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@login_required
def edit_user(user_id: int):
    account = get_visible_or_404(User, user_id, current_user)
    if not current_user.is_office_admin:
        abort(403)
    office = account.office
    form = UserForm(obj=account if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = account.version
        form.role.data = account.role.value
    form.username.render_kw = {"readonly": True}
    form.role.choices = role_choices(current_user.is_sysadmin)
    form.officer_id.choices = _officer_choices(office)
    if form.validate_on_submit():
        data = {
            "role": form.role.data,
            "officer_id": form.officer_id.data,
            "is_active_account": form.is_active_account.data,
        }
        try:
            services.update_user(account, data, by=current_user, expected_version=form.expected_version())
            if form.password.data:
                services.reset_password(account, form.password.data, by=current_user)
        except DomainError as error:
            db.session.rollback()
            if not apply_domain_error(form, error):
                flash(str(error.message), "danger")
        else:
            db.session.commit()
            flash(_("The account has been saved."), "success")
            return redirect(url_for("auth.users", office_id=office.id))
    return render_template("auth/user_form.html", form=form, office=office, account=account)
