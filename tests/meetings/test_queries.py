"""The read side of meetings: action item lists (order, counts, filters), the supervisors' overview per
office, the roles worked out once per committee, and the minutes' revisions."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from app.committees.models import SeatRole
from app.extensions import db
from app.meetings import queries, services
from app.meetings.models import ActionItem
from app.memos.services import dhaka_today
from tests.factories import committee_setup
from workflows.meeting import ActionState, ActionStep, Role

TODAY = date(2024, 3, 10)


@pytest.fixture
def setup(tree):
    return committee_setup(tree.atwari)


def _approved(setup, decisions, when=date(2023, 6, 25)):  # type: ignore[no-untyped-def]
    """A held meeting whose minutes carry `decisions` [(text, due, seat role or label)], approved."""
    seats = {seat.role: seat.id for seat in setup.committee.seats}
    meeting = services.schedule_meeting(
        setup.committee, {"held_on": when, "start_time": time(10), "venue": "অফিস কক্ষ"}, by=setup.secretary
    )
    services.issue_notice(meeting, by=setup.convenor)
    services.mark_held(meeting, by=setup.secretary)
    services.record_attendance(meeting, {a.id: "present" for a in meeting.attendees}, by=setup.secretary)
    items = [{"title": "বিষয়", "decisions": [
        {"text": text, "due_date": due,
         "implementers": [{"seat_id": seats[who]} if isinstance(who, SeatRole) else {"label": who}]}
        for text, due, who in decisions]}]  # fmt: skip
    services.save_minutes(meeting, {"items": items}, by=setup.secretary)
    services.approve_minutes(meeting, by=setup.convenor)
    db.session.flush()
    return meeting


def _item(text: str) -> ActionItem:
    return next(i for i in db.session.query(ActionItem) if i.decision.text == text)


def test_overdue_means_open_and_past_its_due_date():
    item = ActionItem(state=ActionState.PENDING, due_date=TODAY - timedelta(days=1))
    assert queries.is_overdue(item, TODAY)
    item.due_date = TODAY
    assert not queries.is_overdue(item, TODAY)
    item.due_date, item.state = TODAY - timedelta(days=1), ActionState.DONE
    assert not queries.is_overdue(item, TODAY)
    assert not queries.is_overdue(ActionItem(state=ActionState.IN_PROGRESS, due_date=None), TODAY)


def test_my_items_come_overdue_first_then_open_by_date_then_closed_with_counts(setup):
    S = SeatRole.MEMBER_SECRETARY
    _approved(setup, [("পরে", TODAY + timedelta(days=9), S), ("বিলম্বিত", TODAY - timedelta(days=1), S),
                      ("বাদ", None, S), ("আহ্বায়কের", TODAY - timedelta(days=5), SeatRole.CONVENOR),
                      ("তারিখহীন", None, S), ("আগে", TODAY + timedelta(days=1), S)])  # fmt: skip
    services.update_action_item(_item("বাদ"), ActionStep.DROP, by=setup.secretary, text="প্রয়োজন নেই")
    result = queries.my_action_items(setup.secretary, today=TODAY)
    assert [i.decision.text for i in result.items] == ["বিলম্বিত", "আগে", "পরে", "তারিখহীন", "বাদ"]
    counts = result.counts
    assert (counts.overdue, counts.open, counts.done, counts.dropped, counts.all) == (1, 4, 0, 1, 5)
    assert [
        i.decision.text for i in queries.my_action_items(setup.secretary, state="overdue", today=TODAY).items
    ] == ["বিলম্বিত"]
    assert len(queries.my_action_items(setup.secretary, state="open", today=TODAY).items) == 4
    assert queries.my_action_items(setup.secretary, state="nonsense", today=TODAY).state == "all"
    paged = queries.my_action_items(setup.secretary, page=2, per_page=2, today=TODAY)
    assert (
        [i.decision.text for i in paged.items] == ["পরে", "তারিখহীন"] and paged.pages == 3 and paged.has_next
    )


def test_a_user_without_an_officer_has_no_items(setup, tree):
    _approved(setup, [("সিদ্ধান্ত", None, SeatRole.MEMBER_SECRETARY)])
    result = queries.my_action_items(tree.users["atwari_staff"])
    assert result.items == [] and result.total == 0


def test_the_committee_list_holds_every_officers_items_and_outsiders(setup):
    _approved(setup, [("এক", None, SeatRole.CONVENOR), ("দুই", TODAY - timedelta(days=3), "উদ্ভাবন টিম")])
    result = queries.committee_action_items(setup.committee, today=TODAY)
    assert [i.decision.text for i in result.items] == ["দুই", "এক"]
    assert result.counts.overdue == 1 and result.total == 2
    other = committee_setup(setup.committee.office, name="অন্য কমিটি")
    assert queries.committee_action_items(other.committee, today=TODAY).items == []


def test_the_overview_groups_the_subtree_by_office(setup, tree):
    _approved(setup, [("আটোয়ারী", TODAY - timedelta(days=2), SeatRole.CONVENOR)])
    boda = committee_setup(tree.boda)
    _approved(boda, [("বোদা ১", None, SeatRole.MEMBER_SECRETARY), ("বোদা ২", None, SeatRole.CONVENOR)])
    summary = queries.office_action_summary(tree.panchagarh, today=TODAY)
    assert {row.office.id: (row.counts.open, row.counts.overdue) for row in summary} == {
        tree.atwari.id: (1, 1),
        tree.boda.id: (2, 0),
    }
    items = queries.office_action_items(tree.panchagarh, today=TODAY)
    assert [i.office_id for i in items.items] == sorted(i.office_id for i in items.items)
    assert items.total == 3 and items.state == "open"
    # An office sees only itself and what is under it.
    assert [row.office.id for row in queries.office_action_summary(tree.atwari, today=TODAY)] == [
        tree.atwari.id
    ]
    assert queries.office_action_summary(tree.khulna, today=TODAY) == []


def test_roles_worked_out_per_committee_match_the_services(setup, tree):
    _approved(setup, [("এক", None, SeatRole.CONVENOR), ("দুই", None, SeatRole.MEMBER_SECRETARY),
                      ("তিন", None, "টিম")])  # fmt: skip
    items = list(db.session.query(ActionItem))
    for user in (setup.convenor, setup.secretary, setup.member, tree.users["rangpur_staff"]):
        roles = queries.item_roles(user, items)
        assert roles == {item.id: services.action_roles(user, item) for item in items}
    assert Role.RESPONSIBLE in queries.item_roles(setup.convenor, items)[_item("এক").id]


def test_revisions_newest_first(setup):
    meeting = services.schedule_meeting(
        setup.committee,
        {"held_on": dhaka_today(), "start_time": time(10), "venue": "অফিস কক্ষ"},
        by=setup.secretary,
    )
    services.issue_notice(meeting, by=setup.convenor)
    services.mark_held(meeting, by=setup.secretary)
    services.save_minutes(meeting, {"opening": "এক"}, by=setup.secretary)
    services.save_minutes(meeting, {"opening": "দুই"}, by=setup.convenor)
    db.session.flush()
    assert [r.version for r in queries.minutes_revisions(meeting)] == [2, 1]
    assert queries.minutes_revision(meeting, 1).snapshot["opening"] == "এক"
    assert queries.minutes_revision(meeting, 3) is None
