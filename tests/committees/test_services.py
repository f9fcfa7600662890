"""The rules of committees and their seats: who may set them up, one convenor and one member secretary, seats
of the office's own posts, each post once, stale edits refused, and an audit row for every change."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.committees import services
from app.committees.models import CommitteeKind, QuorumRule, Seat, SeatRole
from app.core.audit import AuditLog
from app.core.errors import DomainError, StaleObjectError
from app.extensions import db
from app.org import services as org
from tests.factories import MemoFileFactory, OfficerFactory, PostFactory, committee_setup, officer_user

NAME = "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কমিটি"


def _audit(action: str, obj: object) -> list[AuditLog]:
    return list(
        db.session.scalars(
            select(AuditLog).where(
                AuditLog.action == action,
                AuditLog.object_type == type(obj).__name__,
                AuditLog.object_id == obj.id,  # type: ignore[attr-defined]
            )
        )
    )


@pytest.fixture
def admin(tree):  # type: ignore[no-untyped-def]
    return tree.users["atwari_admin"]


def test_creating_a_committee_writes_an_audit_row(tree, admin):
    memo_file = MemoFileFactory(office=tree.atwari)
    committee = services.create_committee(
        tree.atwari,
        {"name_bn": f"  {NAME}  ", "kind": "egov_monitoring", "memo_file_id": memo_file.id,
         "formation_date": date(2022, 8, 2)},
        by=admin,
    )  # fmt: skip
    assert committee.name_bn == NAME and committee.kind == CommitteeKind.EGOV_MONITORING
    assert (committee.meetings_per_quarter, committee.quorum_rule) == (1, QuorumRule.MAJORITY)
    [row] = _audit("committee.create", committee)
    assert row.user_id == admin.id and row.office_id == tree.atwari.id
    assert row.changes["name_bn"] == [None, NAME]


def test_updating_a_committee_audits_what_changed_and_bumps_the_version(tree, admin):
    committee = services.create_committee(tree.atwari, {"name_bn": NAME}, by=admin)
    version = committee.version
    changes = services.update_committee(
        committee, {"name_bn": NAME, "meetings_per_quarter": 2}, by=admin, expected_version=version
    )
    assert changes == {"meetings_per_quarter": [1, 2]}
    assert committee.version == version + 1
    [row] = _audit("committee.update", committee)
    assert row.changes == {"meetings_per_quarter": [1, 2]}
    # Saving the same values again changes nothing and writes nothing.
    assert services.update_committee(committee, {"meetings_per_quarter": 2}, by=admin) == {}
    assert len(_audit("committee.update", committee)) == 1


def test_a_stale_committee_edit_is_refused(tree, admin):
    committee = services.create_committee(tree.atwari, {"name_bn": NAME}, by=admin)
    with pytest.raises(StaleObjectError):
        services.update_committee(
            committee, {"name_en": "x"}, by=admin, expected_version=committee.version + 1
        )


@pytest.mark.parametrize(
    "data,field",
    [
        ({"name_bn": " "}, "name_bn"),
        ({"name_bn": NAME, "kind": "club"}, "kind"),
        ({"name_bn": NAME, "quorum_rule": "fixed"}, "quorum_count"),
        ({"name_bn": NAME, "quorum_rule": "fixed", "quorum_count": 0}, "quorum_count"),
        ({"name_bn": NAME, "quorum_rule": "all"}, "quorum_rule"),
        ({"name_bn": NAME, "meetings_per_quarter": -1}, "meetings_per_quarter"),
    ],
)
def test_bad_committee_data_is_refused_on_its_field(tree, admin, data, field):
    with pytest.raises(DomainError) as refused:
        services.create_committee(tree.atwari, data, by=admin)
    assert refused.value.field == field


def test_a_memo_file_of_another_office_is_refused(tree, admin):
    boda_file = MemoFileFactory(office=tree.boda)
    with pytest.raises(DomainError) as refused:
        services.create_committee(tree.atwari, {"name_bn": NAME, "memo_file_id": boda_file.id}, by=admin)
    assert refused.value.field == "memo_file_id"


def test_a_fixed_quorum_counts_members_and_the_default_is_more_than_half(tree):
    setup = committee_setup(tree.atwari)  # three seats
    assert setup.committee.quorum_needed() == 2
    services.update_committee(setup.committee, {"quorum_rule": "fixed", "quorum_count": 3}, by=setup.convenor)
    assert setup.committee.quorum_needed() == 3


def test_who_may_set_up_a_committee(tree):
    setup = committee_setup(tree.atwari)
    committee = setup.committee
    assert services.can_edit_committee(tree.users["atwari_admin"], committee)
    assert services.can_edit_committee(tree.users["panchagarh_admin"], committee)
    assert services.can_edit_committee(setup.convenor, committee)
    assert services.can_edit_committee(setup.secretary, committee)
    assert not services.can_edit_committee(setup.member, committee)
    assert not services.can_edit_committee(tree.users["atwari_staff"], committee)
    assert not services.can_edit_committee(tree.users["panchagarh_staff"], committee)
    assert not services.can_edit_committee(tree.users["boda_admin"], committee)
    # The seat-holders' right is to their committee, not to starting new ones in the office.
    assert not services.can_edit_committee(setup.convenor, tree.atwari)
    with pytest.raises(DomainError):
        services.create_committee(tree.atwari, {"name_bn": NAME}, by=tree.users["atwari_staff"])
    with pytest.raises(DomainError):
        services.add_seat(committee, {"outsider_name": "x"}, by=setup.member)


def test_a_transfer_takes_the_committee_rights_along_with_the_seat(tree):
    setup = committee_setup(tree.atwari)
    newcomer = OfficerFactory(office=tree.atwari)
    org.appoint(newcomer, setup.convenor.post, date(2024, 7, 1), by=tree.users["atwari_admin"])
    assert setup.committee.seat_with(SeatRole.CONVENOR).holder == newcomer
    assert not services.can_edit_committee(setup.convenor, setup.committee)


# Seats ------------------------------------------------------------------------------------------------------


def test_seat_changes_are_audited(tree):
    setup = committee_setup(tree.atwari)
    committee, by = setup.committee, setup.secretary
    seat = services.add_seat(committee, {"outsider_name": "মোছা: রোকেয়া বেগম", "outsider_designation": "সভাপতি",
                                         "outsider_email": "rokeya@example.org"}, by=by)  # fmt: skip
    [created] = _audit("seat.create", seat)
    assert created.changes["outsider_name"] == [None, "মোছা: রোকেয়া বেগম"] and created.user_id == by.id
    version = seat.version
    data = {"outsider_name": "মোছা: রোকেয়া বেগম", "role": "member", "second_role": "alternate_focal_point"}
    changes = services.update_seat(seat, data, by=by, expected_version=version)
    assert changes["second_role"] == [None, "alternate_focal_point"]
    assert seat.version == version + 1 and seat.roles_bn == "সদস্য ও বিকল্প ফোকাল পয়েন্ট"
    assert len(_audit("seat.update", seat)) == 1
    services.remove_seat(seat, by=by)
    [removed] = _audit("seat.remove", seat)
    assert removed.changes == {"is_active": [True, False]} and not seat.is_active
    # A removed seat no longer counts for the quorum or the committee's roles.
    assert committee.quorum_needed() == 2


def test_a_seat_for_a_post_of_another_office_is_refused(tree):
    setup = committee_setup(tree.atwari)
    boda_post = PostFactory(office=tree.boda)
    with pytest.raises(DomainError) as refused:
        services.add_seat(setup.committee, {"post_id": boda_post.id}, by=setup.secretary)
    assert refused.value.field == "post_id"
    assert len(setup.committee.seats) == 3


def test_a_seat_for_a_post_no_longer_in_use_is_refused(tree):
    setup = committee_setup(tree.atwari)
    old_post = PostFactory(office=tree.atwari, is_active=False)
    with pytest.raises(DomainError) as refused:
        services.add_seat(setup.committee, {"post_id": old_post.id}, by=setup.secretary)
    assert refused.value.field == "post_id"


def test_the_same_post_twice_is_refused(tree):
    setup = committee_setup(tree.atwari)
    with pytest.raises(DomainError) as refused:
        services.add_seat(setup.committee, {"post_id": setup.member.post.id}, by=setup.secretary)
    assert refused.value.field == "post_id"
    assert len(setup.committee.seats) == 3


def test_a_second_convenor_or_member_secretary_is_refused_even_as_a_second_role(tree):
    setup = committee_setup(tree.atwari)
    other = officer_user(tree.atwari, "অফিস সহায়ক")
    for data in ({"role": "convenor"}, {"role": "member", "second_role": "member_secretary"}):
        with pytest.raises(DomainError) as refused:
            services.add_seat(setup.committee, {"post_id": other.post.id, **data}, by=setup.secretary)
        assert refused.value.field == "role"
    member_seat = setup.committee.seats[2]
    with pytest.raises(DomainError):
        services.update_seat(
            member_seat, {"post_id": setup.member.post.id, "role": "convenor"}, by=setup.secretary
        )


def test_roles_move_by_freeing_one_seat_before_giving_the_role_to_another(tree):
    setup = committee_setup(tree.atwari)
    convenor_seat, _secretary_seat, member_seat = setup.committee.seats
    services.update_seat(
        convenor_seat, {"post_id": setup.convenor.post.id, "role": "member"}, by=setup.secretary
    )
    assert services.missing_roles(setup.committee) == [SeatRole.CONVENOR]
    services.update_seat(
        member_seat, {"post_id": setup.member.post.id, "role": "convenor"}, by=setup.secretary
    )
    assert services.missing_roles(setup.committee) == []
    assert setup.committee.seat_with(SeatRole.CONVENOR) is member_seat


def test_the_convenors_and_member_secretarys_seats_cannot_be_removed(tree):
    setup = committee_setup(tree.atwari)
    for role in (SeatRole.CONVENOR, SeatRole.FOCAL_POINT):  # the member secretary is also the focal point
        seat = setup.committee.seat_with(role)
        with pytest.raises(DomainError):
            services.remove_seat(seat, by=setup.secretary)
        assert seat.is_active
    assert db.session.query(AuditLog).filter_by(action="seat.remove").count() == 0


def test_an_outsider_needs_a_name_and_a_valid_email(tree):
    setup = committee_setup(tree.atwari)
    with pytest.raises(DomainError) as refused:
        services.add_seat(setup.committee, {"outsider_designation": "সভাপতি"}, by=setup.secretary)
    assert refused.value.field == "post_id"
    with pytest.raises(DomainError) as refused:
        services.add_seat(setup.committee, {"outsider_name": "কেউ", "outsider_email": "not an address"},
                          by=setup.secretary)  # fmt: skip
    assert refused.value.field == "outsider_email"


def test_a_stale_seat_edit_is_refused(tree):
    setup = committee_setup(tree.atwari)
    seat = setup.committee.seats[2]
    with pytest.raises(StaleObjectError):
        services.update_seat(seat, {"post_id": setup.member.post.id}, by=setup.secretary,
                             expected_version=seat.version + 1)  # fmt: skip


def test_missing_roles_lists_the_single_roles_nobody_holds(tree, admin):
    committee = services.create_committee(tree.atwari, {"name_bn": NAME}, by=admin)
    assert services.missing_roles(committee) == [SeatRole.CONVENOR, SeatRole.MEMBER_SECRETARY]
    services.add_seat(committee, {"outsider_name": "বহিরাগত আহ্বায়ক", "role": "convenor"}, by=admin)
    assert services.missing_roles(committee) == [SeatRole.MEMBER_SECRETARY]
    assert db.session.scalar(select(Seat).where(Seat.committee_id == committee.id)).holder is None
