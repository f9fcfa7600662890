"""Business rules for committees and their seats. They flush, write an audit row and never commit."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.committees.models import Committee, CommitteeKind, QuorumRule, Seat, SeatRole
from app.core import audit
from app.core.errors import DomainError, check_version
from app.core.permissions import can_manage_office
from app.core.text import clean_text
from app.extensions import db
from app.org.models import Office, Post


def can_edit_committee(user: User, committee_or_office: Committee | Office) -> bool:
    """The office's administrators (or a supervising office's) and the committee's convenor and member
    secretary set a committee up."""
    office = committee_or_office if isinstance(committee_or_office, Office) else committee_or_office.office
    if can_manage_office(user, office):
        return True
    if isinstance(committee_or_office, Committee) and user.officer_id is not None:
        for role in (SeatRole.CONVENOR, SeatRole.MEMBER_SECRETARY):
            seat = committee_or_office.seat_with(role)
            if seat is not None and seat.holder is not None and seat.holder.id == user.officer_id:
                return True
    return False


def _require_edit(user: User, target: Committee | Office) -> None:
    if not can_edit_committee(user, target):
        raise DomainError(
            _l(
                "Only the office's administrators, the convenor and the member secretary may change "
                "this committee."
            )
        )


COMMITTEE_FIELDS = (
    "kind", "name_bn", "name_en", "formation_reference", "formation_date", "meetings_per_quarter",
    "quorum_rule", "quorum_count", "memo_file_id", "is_active",
)  # fmt: skip


def _committee_values(office: Office, data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in COMMITTEE_FIELDS if k in data}
    for key in ("name_bn", "name_en", "formation_reference"):
        if key in values:
            values[key] = clean_text(values[key])
    if "name_bn" in values and not values["name_bn"]:
        raise DomainError(_l("Write the committee's name in Bangla."), field="name_bn")
    if "kind" in values:
        try:
            values["kind"] = CommitteeKind(values["kind"])
        except ValueError:
            raise DomainError(_l("Unknown kind of committee."), field="kind") from None
    if "quorum_rule" in values:
        try:
            values["quorum_rule"] = QuorumRule(values["quorum_rule"])
        except ValueError:
            raise DomainError(_l("Unknown quorum rule."), field="quorum_rule") from None
    if values.get("quorum_rule") == QuorumRule.FIXED and not (values.get("quorum_count") or 0) > 0:
        raise DomainError(_l("Give the number of members needed for a quorum."), field="quorum_count")
    if "meetings_per_quarter" in values and (values["meetings_per_quarter"] or 0) < 0:
        raise DomainError(
            _l("The number of meetings per quarter cannot be negative."), field="meetings_per_quarter"
        )
    if values.get("memo_file_id") is not None:
        from app.memos.models import MemoFile

        memo_file = db.session.get(MemoFile, values["memo_file_id"])
        if memo_file is None or memo_file.office_id != office.id:
            raise DomainError(_l("Choose one of this office's files."), field="memo_file_id")
    return values


def create_committee(office: Office, data: dict[str, Any], *, by: User) -> Committee:
    _require_edit(by, office)
    values = _committee_values(office, data)
    if "name_bn" not in values:
        raise DomainError(_l("Write the committee's name in Bangla."), field="name_bn")
    committee = Committee(office=office, **values)
    db.session.add(committee)
    audit.record(
        "committee.create",
        committee,
        by=by,
        office_id=office.id,
        changes={"name_bn": [None, committee.name_bn]},
    )
    return committee


def update_committee(
    committee: Committee, data: dict[str, Any], *, by: User, expected_version: int | None = None
):
    _require_edit(by, committee)
    check_version(committee, expected_version)
    changes = audit.apply_changes(committee, _committee_values(committee.office, data))
    if changes:
        committee.version += 1
        audit.record("committee.update", committee, by=by, office_id=committee.office_id, changes=changes)
    return changes


# Seats ------------------------------------------------------------------------------------------------------

SINGLE_ROLES = (SeatRole.CONVENOR, SeatRole.MEMBER_SECRETARY)


def _seat_values(committee: Committee, data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    try:
        values["role"] = SeatRole(data.get("role") or SeatRole.MEMBER)
        values["second_role"] = SeatRole(data["second_role"]) if data.get("second_role") else None
    except ValueError:
        raise DomainError(_l("Unknown committee role."), field="role") from None
    if values["second_role"] == values["role"]:
        values["second_role"] = None
    post_id = data.get("post_id")
    if post_id is not None:
        post = db.session.get(Post, post_id)
        if post is None or not post.is_active or post.office_id != committee.office_id:
            raise DomainError(_l("Choose a post of the committee's office."), field="post_id")
        values.update(post_id=post.id, outsider_name="", outsider_designation="", outsider_organisation="")
    else:
        name = clean_text(data.get("outsider_name"))
        if not name:
            raise DomainError(_l("Choose a post of the office, or write the name of a member from outside."),
                              field="post_id")  # fmt: skip
        values.update(
            post_id=None,
            outsider_name=name,
            outsider_designation=clean_text(data.get("outsider_designation")),
            outsider_organisation=clean_text(data.get("outsider_organisation")),
        )
    email = clean_text(data.get("outsider_email"))
    if email and ("@" not in email or " " in email):
        raise DomainError(_l("The e-mail address is not valid."), field="outsider_email")
    values["outsider_email"] = email
    return values


def _check_single_roles(committee: Committee, seat: Seat) -> None:
    """Exactly one convenor and one member secretary: a second one is refused."""
    for role in SINGLE_ROLES:
        if role in seat.roles:
            other = next(
                (s for s in committee.seats if s is not seat and s.is_active and role in s.roles), None
            )
            if other is not None:
                raise DomainError(
                    _l("The committee already has a %(role)s; change that seat first.", role=role.label),
                    field="role",
                )
    if seat.post_id is not None:
        twin = next(
            (s for s in committee.seats if s is not seat and s.is_active and s.post_id == seat.post_id), None
        )
        if twin is not None:
            raise DomainError(_l("This post already has a seat on the committee."), field="post_id")


def add_seat(committee: Committee, data: dict[str, Any], *, by: User) -> Seat:
    _require_edit(by, committee)
    seat = Seat(position=len(committee.seats), **_seat_values(committee, data))
    _check_single_roles(committee, seat)
    committee.seats.append(seat)
    db.session.flush()
    audit.record("seat.create", seat, by=by, office_id=committee.office_id,
                 changes={"role": [None, " ".join(r.value for r in seat.roles)],
                          "post_id": [None, seat.post_id],
                          "outsider_name": [None, seat.outsider_name]})  # fmt: skip
    return seat


def update_seat(seat: Seat, data: dict[str, Any], *, by: User, expected_version: int | None = None):
    committee = seat.committee
    _require_edit(by, committee)
    check_version(seat, expected_version)
    values = _seat_values(committee, {**data})
    before = {key: getattr(seat, key) for key in values}
    changes = audit.apply_changes(seat, values)
    try:
        _check_single_roles(committee, seat)
    except DomainError:
        audit.apply_changes(seat, before)  # leave the seat as it was for any caller that goes on
        raise
    if changes:
        seat.version += 1
        audit.record("seat.update", seat, by=by, office_id=committee.office_id, changes=changes)
    return changes


def remove_seat(seat: Seat, *, by: User) -> None:
    """A seat that was ever invited to a meeting is kept (inactive) so the papers still name it."""
    committee = seat.committee
    _require_edit(by, committee)
    if seat.role in SINGLE_ROLES or seat.second_role in SINGLE_ROLES:
        raise DomainError(
            _l("Give the convenor's or member secretary's role to another seat before removing this one.")
        )
    seat.is_active = False
    seat.version += 1
    audit.record(
        "seat.remove", seat, by=by, office_id=committee.office_id, changes={"is_active": [True, False]}
    )


def missing_roles(committee: Committee) -> list[SeatRole]:
    """The single roles nobody holds yet; a meeting cannot be scheduled until this is empty."""
    return [role for role in SINGLE_ROLES if committee.seat_with(role) is None]
