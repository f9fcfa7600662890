"""The meetings part of the national demo dataset, built small (10 offices × 4 meetings): counts, the
consistency of committees, meetings, agenda, decisions, action items and attendees with what the services
make (the services carry on from the bulk data), a second run that adds nothing, the meeting page and "my
action items" for a bulk meeting and a bulk user, and their SQL statement counts, the same at 5× the size."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import time

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from app.auth.models import User
from app.committees.models import Committee, SeatRole
from app.demo.cli import seed_demo_command
from app.demo.national import build_national
from app.demo.national_meetings import (
    COMMITTEE_NAME_BN,
    DECISIONS_PER_MEETING,
    build_national_meetings,
    national_meeting_count,
)
from app.demo.seed import DEMO_PASSWORD
from app.extensions import db
from app.meetings import services
from app.meetings.models import (
    ActionItem,
    AgendaKind,
    Attendance,
    Decision,
    Implementer,
    Meeting,
    MinutesRevision,
)
from app.memos.services import dhaka_today
from app.org.models import Office, OfficeLevel, current_holder_of
from tests.conftest import login
from workflows.meeting import ActionState, MeetingState, Role

OFFICES, MEETINGS = 10, 4


def _count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model))


def _table_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


@pytest.fixture
def small():  # type: ignore[no-untyped-def]
    build_national(offices=OFFICES, memos=0)
    return build_national_meetings(offices=OFFICES, meetings=MEETINGS)


def _upazila_committee() -> Committee:
    return db.session.scalar(
        select(Committee)
        .join(Office, Committee.office_id == Office.id)
        .where(Office.level == OfficeLevel.UPAZILA)
        .order_by(Committee.id)
        .limit(1)
    )


def _user_of(officer_id: int) -> User:
    return db.session.scalar(select(User).where(User.officer_id == officer_id))


# The build --------------------------------------------------------------------------------------------------


def test_small_build_counts(small):
    meetings_held = OFFICES * (MEETINGS - 1)  # the last meeting of each committee has its minutes drafted
    assert (small.committees, small.meetings, small.users_added) == (OFFICES, OFFICES * MEETINGS, OFFICES)
    assert small.decisions == OFFICES * MEETINGS * DECISIONS_PER_MEETING
    assert small.action_items == meetings_held * DECISIONS_PER_MEETING
    assert (_count(Committee), _count(Meeting), _count(Decision)) == (OFFICES, 40, 200)
    assert (_count(Implementer), _count(ActionItem)) == (200, 150)
    assert national_meeting_count() == OFFICES * MEETINGS
    assert set(small.sample_secretaries) == {"directorate", "division", "district", "upazila"}
    # The whole country: 578 offices × 52 meetings × 5 decisions.
    assert 578 * 52 > 30_000 and 578 * 52 * DECISIONS_PER_MEETING > 150_000


def test_committees_have_the_head_as_convenor_and_a_member_secretary_with_a_user(small):
    for committee in db.session.scalars(select(Committee)):
        assert committee.name_bn == COMMITTEE_NAME_BN and committee.memo_file.office_id == committee.office_id
        convenor, secretary = (
            committee.seat_with(SeatRole.CONVENOR),
            committee.seat_with(SeatRole.MEMBER_SECRETARY),
        )
        assert convenor.post.is_head and convenor.post.office_id == committee.office_id
        assert secretary.roles == [SeatRole.MEMBER_SECRETARY, SeatRole.FOCAL_POINT]
        assert not secretary.post.is_head and secretary.post.office_id == committee.office_id
        assert 2 <= len(committee.seats) - 2 <= 4
        assert services.missing_roles(committee) == []
        user = _user_of(secretary.holder.id)
        assert user.username == f"{committee.office.code}-secretary" and user.check_password(DEMO_PASSWORD)
        assert services.meeting_roles(user, committee) >= {Role.MEMBER_SECRETARY}
        for seat in committee.seats:
            assert seat.post is None or current_holder_of(seat.post) is not None


def test_meetings_are_numbered_per_fiscal_year_and_chained(small):
    today = dhaka_today()
    by_committee: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in db.session.scalars(select(Meeting).order_by(Meeting.held_on)):
        by_committee[meeting.committee_id].append(meeting)
    assert len(by_committee) == OFFICES
    for meetings in by_committee.values():
        assert len(meetings) == MEETINGS
        numbers: Counter[int] = Counter()
        for i, meeting in enumerate(meetings):
            numbers[meeting.fiscal_year] += 1
            assert meeting.fiscal_year == (
                meeting.held_on.year if meeting.held_on.month >= 7 else meeting.held_on.year - 1
            )
            assert meeting.number == numbers[meeting.fiscal_year]
            assert meeting.previous_meeting_id == (meetings[i - 1].id if i else None)
            assert meeting.held_on < today and meeting.held_on.weekday() not in (4, 5)
            assert meeting.office_id == meeting.committee.office_id
            assert meeting.chair_seat_id == meeting.committee.seat_with(SeatRole.CONVENOR).id
            assert services.has_quorum(meeting)
            # As schedule_meeting would number and chain it.
            assert services.previous_meeting(meeting.committee, meeting.held_on) == meeting.previous_meeting
            if i < len(meetings) - 1:
                assert meeting.state == MeetingState.MINUTES_ISSUED and meeting.approved_at is not None
            else:
                assert meeting.state == MeetingState.MINUTES_DRAFTED and meeting.approved_at is None
            assert meeting.notice_memo_id is None and meeting.minutes_memo_id is None  # not made in bulk


def test_agenda_decisions_and_action_items_are_what_the_services_make(small):
    for meeting in db.session.scalars(select(Meeting)):
        kinds = [item.kind for item in meeting.agenda]
        assert kinds[0] == AgendaKind.PREVIOUS_MINUTES and kinds[-1] == AgendaKind.MISC
        assert meeting.agenda[0].title == services.previous_minutes_title(meeting.previous_meeting)
        assert (AgendaKind.PREVIOUS_DECISIONS in kinds) == (meeting.previous_meeting is not None)
        decisions = [d for item in meeting.agenda for d in item.decisions]
        assert len(decisions) == DECISIONS_PER_MEETING
        for decision in decisions:
            assert decision.meeting_id == meeting.id and decision.due_date > meeting.held_on
            [implementer] = decision.implementers
            seat = implementer.seat
            assert seat.committee_id == meeting.committee_id and seat.holder is not None
            expected = ", ".join(
                [services.name_on_paper(seat.holder), seat.post.designation_bn, seat.roles_bn]
            )
            assert implementer.label == expected
            if meeting.state == MeetingState.MINUTES_DRAFTED:
                assert decision.action_items == []  # created when the convenor approves
                continue
            [item] = decision.action_items
            assert (item.office_id, item.officer_id, item.seat_id) == (
                meeting.office_id,
                seat.holder.id,
                seat.id,
            )
            assert (item.label, item.due_date) == (implementer.label, decision.due_date)
            assert (item.completed_at is not None) == (item.state == ActionState.DONE)
            assert bool(item.dropped_reason) == (item.state == ActionState.DROPPED)


def test_action_items_mix_states_and_some_are_overdue(small):
    today = dhaka_today()
    items = list(db.session.scalars(select(ActionItem)))
    states = Counter(item.state for item in items)
    assert states[ActionState.DONE] and states[ActionState.PENDING] + states[ActionState.IN_PROGRESS]
    overdue = [
        i for i in items if i.state in (ActionState.PENDING, ActionState.IN_PROGRESS) and i.due_date < today
    ]
    assert overdue


def test_attendees_are_the_seats_as_the_notice_copies_them(small):
    for meeting in db.session.scalars(select(Meeting)):
        committee = meeting.committee
        seats = [a for a in meeting.attendees if not a.is_guest]
        assert [a.seat_id for a in seats] == [s.id for s in committee.seats]
        assert [a.position for a in meeting.attendees] == list(range(len(meeting.attendees)))
        for attendee in seats:
            seat, holder = attendee.seat, attendee.seat.holder
            assert attendee.role_line == f"{seat.roles_bn}, {committee.name_bn}"
            if seat.post is not None:
                assert (attendee.officer_id, attendee.name, attendee.email) == (
                    holder.id, services.name_on_paper(holder), holder.email
                )  # fmt: skip
                assert (attendee.designation, attendee.workplace) == (
                    seat.post.designation_bn,
                    committee.office.name_bn,
                )
            else:
                assert (attendee.designation, attendee.workplace) == (
                    seat.outsider_designation, seat.outsider_organisation
                )  # fmt: skip
        assert {a.attendance for a in meeting.attendees} <= {
            Attendance.PRESENT,
            Attendance.ABSENT,
            Attendance.EXCUSED,
        }


def test_drafted_minutes_have_their_revision(small):
    drafted = list(db.session.scalars(select(Meeting).where(Meeting.state == MeetingState.MINUTES_DRAFTED)))
    assert len(drafted) == OFFICES
    for meeting in drafted:
        [revision] = meeting.revisions
        assert revision.version == meeting.minutes_version == 1
        assert revision.snapshot == services.minutes_snapshot(meeting)
        assert (
            _user_of(meeting.committee.seat_with(SeatRole.MEMBER_SECRETARY).holder.id).id
            == revision.created_by_id
        )
    assert _count(MinutesRevision) == OFFICES


def test_the_services_carry_on_from_the_bulk_data(small):
    committee = _upazila_committee()
    last = db.session.scalar(
        select(Meeting).where(Meeting.committee_id == committee.id).order_by(Meeting.held_on.desc())
    )
    convenor = _user_of(committee.seat_with(SeatRole.CONVENOR).holder.id)
    secretary = _user_of(committee.seat_with(SeatRole.MEMBER_SECRETARY).holder.id)
    services.approve_minutes(last, by=convenor)
    db.session.flush()
    assert last.state == MeetingState.MINUTES_APPROVED
    assert _count(ActionItem) == 150 + DECISIONS_PER_MEETING
    upcoming = services.schedule_meeting(
        committee, {"held_on": dhaka_today(), "start_time": time(10, 0), "venue": "অফিস কক্ষ"}, by=secretary
    )
    db.session.flush()
    same_year = last.fiscal_year == upcoming.fiscal_year
    assert upcoming.number == (last.number + 1 if same_year else 1)
    assert upcoming.previous_meeting == last
    assert [a.name for a in upcoming.attendees] == [a.name for a in last.attendees if not a.is_guest]
    assert (
        len(services.open_decisions_before(committee, upcoming.held_on)) == MEETINGS * DECISIONS_PER_MEETING
    )


def test_a_second_build_adds_nothing(small):
    counts = _table_counts()
    again = build_national_meetings(offices=OFFICES, meetings=MEETINGS)
    assert again.already_present and again.meetings == OFFICES * MEETINGS
    assert _table_counts() == counts


def test_a_build_needs_a_meeting_per_committee():
    with pytest.raises(Exception, match="at least one meeting"):
        build_national_meetings(offices=OFFICES, meetings=0)


def test_offices_without_the_national_file_or_with_the_committee_are_left_out():
    build_national(offices=4, memos=0)
    summary = build_national_meetings(offices=OFFICES, meetings=2)  # only 4 offices have the national file
    assert summary.committees == 4
    assert build_national_meetings(offices=OFFICES, meetings=2).already_present


# The pages --------------------------------------------------------------------------------------------------


def _sign_in(client: FlaskClient, user: User) -> None:
    """The session a sign-in makes, without the sign-in's commit (the statement count test rolls back)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True


def _pages() -> tuple[str, User]:
    committee = _upazila_committee()
    last = db.session.scalar(
        select(Meeting.id)
        .where(Meeting.committee_id == committee.id)
        .order_by(Meeting.held_on.desc())
        .limit(1)
    )
    return f"/meetings/{last}", _user_of(committee.seat_with(SeatRole.MEMBER_SECRETARY).holder.id)


def test_meeting_page_and_my_action_items_render_for_bulk_data(small, client):
    url, secretary = _pages()
    login(client, secretary, DEMO_PASSWORD)
    page = client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    # The status table lists what the meeting reviews: open items and those of the previous meeting or closed
    # since (services.status_items), not the whole history.
    from app.meetings.services import status_items

    meeting = db.session.get(Meeting, int(url.rsplit("/", 1)[1]))
    assert text.count('data-testid="status-row"') == len(status_items(meeting)) > 0
    assert 'data-testid="invitee-row"' in text and 'data-testid="meeting-actions"' in text
    mine = client.get("/my/action-items")
    assert mine.status_code == 200
    owned = _count(select(ActionItem).where(ActionItem.officer_id == secretary.officer_id).subquery())
    assert owned and mine.get_data(as_text=True).count('data-testid="action-row"') == owned


def test_the_pages_run_as_many_statements_at_5x_the_size(client):
    build_national(offices=OFFICES, memos=0)
    db.session.commit()
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    def statements_for(url: str) -> int:
        db.session.expire_all()  # as in production, each request loads what it shows
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200, url
        return len(statements)

    def measure(meetings: int) -> tuple[int, int, int, int]:
        build_national_meetings(offices=OFFICES, meetings=meetings)
        url, secretary = _pages()
        _sign_in(client, secretary)
        statements_for(url)  # warm-up
        owned = _count(select(ActionItem).where(ActionItem.officer_id == secretary.officer_id).subquery())
        from app.meetings.services import open_decisions_before

        rows = client.get(url).get_data(as_text=True).count('data-testid="status-row"')
        meeting = db.session.get(Meeting, int(url.rsplit("/", 1)[1]))
        history = len(open_decisions_before(meeting.committee, meeting.held_on))
        return statements_for(url), statements_for("/my/action-items"), history, owned, rows

    savepoint = db.session.begin_nested()
    small = measure(MEETINGS)
    savepoint.rollback()
    db.session.expire_all()
    assert national_meeting_count() == 0
    large = measure(5 * MEETINGS)
    assert large[2] == 5 * MEETINGS * DECISIONS_PER_MEETING - DECISIONS_PER_MEETING  # the history grew
    assert large[3] > 3 * small[3]  # and the secretary's list
    assert large[4] > 0
    assert large[:2] == small[:2], (small, large)


# The command ------------------------------------------------------------------------------------------------


def test_cli_national_builds_the_meetings_once(app):
    runner = app.test_cli_runner()
    args = ["--national", "--national-offices", "12", "--national-memos", "0", "--national-meetings", "3"]
    result = runner.invoke(seed_demo_command, args)
    assert result.exit_code == 0, result.output
    # The demo's first offices are reused; none of them has the committee yet.
    assert "National meetings: 12 committees, 36 meetings, 180 decisions, 120 action items" in result.output
    assert "-secretary" in result.output
    again = runner.invoke(seed_demo_command, args)
    assert again.exit_code == 0, again.output
    assert "already present (36 meetings); nothing was added" in again.output
    assert national_meeting_count() == 36
