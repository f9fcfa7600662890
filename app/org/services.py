"""Business rules for offices, branches, posts, officers and transfers. They flush, never commit."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from app.auth.models import User
from app.core import audit
from app.core.errors import DomainError, check_version
from app.core.permissions import can_manage_office
from app.extensions import db
from app.org.models import CHILD_LEVELS, Branch, Charge, Office, OfficeLevel, Officer, Post, PostHolding


def _require_manage(user: User, office: Office) -> None:
    if not can_manage_office(user, office):
        raise DomainError(_l("You may not change the records of this office."))


def _update(
    obj: Any, data: dict[str, Any], *, action: str, office: Office, by: User, expected_version: int | None
):
    check_version(obj, expected_version)
    changes = audit.apply_changes(obj, data)
    if changes:
        obj.version += 1
        audit.record(action, obj, by=by, office_id=office.id, changes=changes)
    return changes


def _unique_code(code: str, exclude_id: int | None = None) -> None:
    query = select(func.count()).select_from(Office).where(func.lower(Office.code) == code.lower())
    if exclude_id is not None:
        query = query.where(Office.id != exclude_id)
    if db.session.scalar(query):
        raise DomainError(_l("Another office already uses this code."), field="code")


# Offices ------------------------------------------------------------------------------------------------


def create_office(parent: Office | None, data: dict[str, Any], *, by: User) -> Office:
    """Add an office under `parent` (only the directorate has none, and only a system administrator
    makes it)."""
    level = OfficeLevel(data["level"])
    if parent is None:
        if not by.is_sysadmin:
            raise DomainError(_l("Only a system administrator can add a top-level office."))
        if level != OfficeLevel.DIRECTORATE:
            raise DomainError(_l("Only the directorate stands at the top of the tree."), field="level")
    else:
        _require_manage(by, parent)
        if level not in CHILD_LEVELS[parent.level]:
            raise DomainError(
                _l("An office of this level cannot stand under the chosen office."), field="level"
            )
    _unique_code(data["code"])
    office = Office(parent=parent, **data)
    office.level = level
    db.session.add(office)
    db.session.flush()
    office.path = f"{parent.path if parent else '/'}{office.id}/"
    audit.record(
        "office.create", office, by=by, office_id=office.id, changes={"name_bn": [None, office.name_bn]}
    )
    return office


def update_office(office: Office, data: dict[str, Any], *, by: User, expected_version: int | None = None):
    _require_manage(by, office)
    if "code" in data:
        _unique_code(data["code"], exclude_id=office.id)
    data.pop("level", None)  # the level follows from the place in the tree
    return _update(
        office, data, action="office.update", office=office, by=by, expected_version=expected_version
    )


# Branches and posts -------------------------------------------------------------------------------------


def _unique_branch_name(office: Office, name_bn: str, exclude_id: int | None = None) -> None:
    query = (
        select(func.count())
        .select_from(Branch)
        .where(Branch.office_id == office.id, Branch.name_bn == name_bn)
    )
    if exclude_id is not None:
        query = query.where(Branch.id != exclude_id)
    if db.session.scalar(query):
        raise DomainError(_l("This office already has a branch with that name."), field="name_bn")


def create_branch(office: Office, data: dict[str, Any], *, by: User) -> Branch:
    _require_manage(by, office)
    _unique_branch_name(office, data["name_bn"])
    branch = Branch(office=office, **data)
    db.session.add(branch)
    audit.record(
        "branch.create", branch, by=by, office_id=office.id, changes={"name_bn": [None, branch.name_bn]}
    )
    return branch


def update_branch(branch: Branch, data: dict[str, Any], *, by: User, expected_version: int | None = None):
    _require_manage(by, branch.office)
    if "name_bn" in data:
        _unique_branch_name(branch.office, data["name_bn"], exclude_id=branch.id)
    return _update(
        branch, data, action="branch.update", office=branch.office, by=by, expected_version=expected_version
    )


def _check_branch(office: Office, branch_id: int | None) -> Branch | None:
    if branch_id is None:
        return None
    branch = db.session.get(Branch, branch_id)
    if branch is None or branch.office_id != office.id:
        raise DomainError(_l("The branch must belong to the same office."), field="branch_id")
    return branch


def create_post(office: Office, data: dict[str, Any], *, by: User) -> Post:
    _require_manage(by, office)
    _check_branch(office, data.get("branch_id"))
    post = Post(office=office, **data)
    db.session.add(post)
    audit.record(
        "post.create",
        post,
        by=by,
        office_id=office.id,
        changes={"designation_bn": [None, post.designation_bn]},
    )
    return post


def update_post(post: Post, data: dict[str, Any], *, by: User, expected_version: int | None = None):
    _require_manage(by, post.office)
    if "branch_id" in data:
        _check_branch(post.office, data["branch_id"])
    return _update(
        post, data, action="post.update", office=post.office, by=by, expected_version=expected_version
    )


# Officers, appointments and transfers --------------------------------------------------------------------


def create_officer(office: Office, data: dict[str, Any], *, by: User) -> Officer:
    _require_manage(by, office)
    officer = Officer(office=office, **data)
    db.session.add(officer)
    audit.record(
        "officer.create", officer, by=by, office_id=office.id, changes={"name_bn": [None, officer.name_bn]}
    )
    return officer


def update_officer(officer: Officer, data: dict[str, Any], *, by: User, expected_version: int | None = None):
    _require_manage(by, officer.office)
    return _update(
        officer,
        data,
        action="officer.update",
        office=officer.office,
        by=by,
        expected_version=expected_version,
    )


def appoint(
    officer: Officer, post: Post, start_date: date, *, by: User, charge: Charge = Charge.REGULAR
) -> PostHolding:
    """The officer takes up `post` from `start_date`. A regular holder replaces the post's current regular
    holder, whose holding ends the day before; history keeps both."""
    _require_manage(by, post.office)
    if not post.is_active:
        raise DomainError(_l("This post is no longer in use."), field="post_id")
    if officer.office_id != post.office_id:
        raise DomainError(_l("Transfer the officer to this office first."), field="post_id")
    for holding in post.current_holdings:
        if holding.officer_id == officer.id:
            raise DomainError(_l("The officer already holds this post."), field="post_id")
        if start_date < holding.start_date:
            raise DomainError(
                _l("The start date is before the current holder's start date."), field="start_date"
            )
    if charge == Charge.REGULAR:
        for holding in post.current_holdings:
            if holding.charge == Charge.REGULAR:
                _end_holding(holding, start_date, by=by)
    holding = PostHolding(post=post, officer=officer, start_date=start_date, charge=charge)
    db.session.add(holding)
    audit.record(
        "post.appoint",
        holding,
        by=by,
        office_id=post.office_id,
        changes={
            "officer_id": [None, officer.id],
            "post_id": [None, post.id],
            "start_date": [None, start_date],
        },
    )
    return holding


def _end_holding(holding: PostHolding, new_start: date, *, by: User) -> None:
    from datetime import timedelta

    end = max(holding.start_date, new_start - timedelta(days=1))
    holding.end_date = end
    audit.record(
        "post.release",
        holding,
        by=by,
        office_id=holding.post.office_id,
        changes={"end_date": [None, end], "officer_id": [holding.officer_id, holding.officer_id]},
    )


def release(holding: PostHolding, end_date: date, *, by: User) -> None:
    _require_manage(by, holding.post.office)
    if holding.end_date is not None:
        raise DomainError(_l("This holding has already ended."))
    if end_date < holding.start_date:
        raise DomainError(_l("The end date is before the start date."), field="end_date")
    holding.end_date = end_date
    audit.record(
        "post.release",
        holding,
        by=by,
        office_id=holding.post.office_id,
        changes={"end_date": [None, end_date]},
    )


def transfer_officer(officer: Officer, new_post: Post, on: date, *, by: User) -> PostHolding:
    """Move an officer to a post in another (or the same) office: every post they hold ends the day before
    `on`, their roster office and their user account follow, and they take up `new_post`."""
    _require_manage(by, officer.office)
    _require_manage(by, new_post.office)
    old_office = officer.office
    for holding in officer.current_holdings:
        if on <= holding.start_date:
            raise DomainError(
                _l("The transfer date must be after the start of the current posting."), field="on"
            )
        _end_holding(holding, on, by=by)
    if officer.office_id != new_post.office_id:
        officer.office = new_post.office
        officer.version += 1
        db.session.execute(
            update(User).where(User.officer_id == officer.id).values(office_id=new_post.office_id)
        )
        audit.record(
            "officer.transfer",
            officer,
            by=by,
            office_id=old_office.id,
            changes={"office_id": [old_office.id, new_post.office_id]},
        )
    db.session.flush()
    db.session.expire(officer, ["holdings"])
    return appoint(officer, new_post, on, by=by)
