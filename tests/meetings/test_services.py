"""Meeting services: seed 003's meeting from scheduling to issued minutes, the rules along the way (roles,
quorum, locking, revisions) and the action items that follow."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from app.committees.models import SeatRole
from app.core.errors import DomainError
from app.extensions import db
from app.meetings import services
from app.meetings.models import ActionItem, AgendaKind, MeetingKind, MinutesRevision
from app.memos.models import MemoKind
from tests.factories import committee_setup
from workflows.meeting import ActionState, ActionStep, MeetingState, Role


@pytest.fixture
def setup(tree):
    return committee_setup(tree.atwari)


def _schedule(setup, when=date(2023, 6, 25), **extra):
    data = {
        "kind": MeetingKind.TRAINING,
        "held_on": when,
        "start_time": time(10, 0),
        "venue": "উপজেলা সমবায় অফিসার, আটোয়ারী, পঞ্চগড় এর অফিস কক্ষ",
        "agenda": [{"title": "ই-নথির ব্যবহার বৃদ্ধি"}, {"title": "তথ্য বাতায়ন হালনাগাদকরণ", "kind": "plan"}],
        **extra,
    }
    return services.schedule_meeting(setup.committee, data, by=setup.secretary)


def _minutes(setup, meeting):
    seats = {s.role: s for s in setup.committee.seats}
    return {
        "opening": "সভাপতি মহোদয় সভায় উপস্থিত সকলকে শুভেচ্ছা জানিয়ে সভার কাজ শুরু করেন।",
        "closing": "সভায় আর কোন আলোচনা না থাকায় সভাপতি মহোদয় উপস্থিত সকলকে ধন্যবাদ জানিয়ে সভার সমাপ্তি ঘোষণা করেন।",
        "items": [
            {"title": "বিগত সভার কার্য-বিবরণী পাঠ ও অনুমোদন।", "kind": "previous_minutes",
             "discussion": "কার্য-বিবরণী পাঠ করা হয়।", "decisions": []},
            {"title": "ই-নথির ব্যবহার বৃদ্ধি", "discussion": "ই-নথি লাইভে দেয়া হয়নি।",
             "decisions": [{"text": "সহকারী প্রোগ্রামার এর সাথে যোগাযোগ রাখার সিদ্ধান্ত গৃহীত হয়।",
                            "due_date": date(2023, 7, 31),
                            "implementers": [{"seat_id": seats[SeatRole.CONVENOR].id}]}]},
            {"title": "তথ্য বাতায়ন হালনাগাদকরণ", "discussion": "হালনাগাদ আছে।",
             "decisions": [{"text": "প্রতিনিয়ত তথ্য বাতায়ন হালনাগাদ রাখার সিদ্ধান্ত গৃহীত হয়।",
                            "implementers": [{"seat_id": seats[SeatRole.MEMBER_SECRETARY].id},
                                             {"label": "উদ্ভাবন প্রকল্প বাস্তবায়ন টিম"}]}]},
            {"title": "বিবিধ", "kind": "misc", "discussion": "", "decisions": []},
        ],
    }  # fmt: skip


def _present_all(setup, meeting):
    services.record_attendance(meeting, {a.id: "present" for a in meeting.attendees}, by=setup.secretary)


def test_scheduling_proposes_the_standing_agenda_and_invites_every_seat(setup):
    meeting = _schedule(setup)
    assert meeting.state == MeetingState.DRAFT
    assert meeting.number == 1 and meeting.fiscal_year == 2022
    kinds = [a.kind for a in meeting.agenda]
    assert kinds == [AgendaKind.PREVIOUS_MINUTES, AgendaKind.FREE, AgendaKind.PLAN, AgendaKind.MISC]
    assert meeting.agenda[0].title == "বিগত সভার কার্যবিবরণী পাঠ ও অনুমোদন"
    assert meeting.agenda[-1].title == "বিবিধ"
    assert len(meeting.attendees) == 3
    secretary_line = next(a for a in meeting.attendees if "সদস্য সচিব" in a.role_line)
    assert secretary_line.role_line.startswith("সদস্য সচিব ও ফোকাল পয়েন্ট, ")


def test_only_convenor_or_member_secretary_schedules(setup, tree):
    with pytest.raises(DomainError):
        services.schedule_meeting(setup.committee, {"held_on": date(2023, 6, 25)}, by=setup.member)


def test_missing_convenor_blocks_scheduling(tree):
    from app.committees import services as committees
    from tests.factories import MemoFileFactory, UserFactory, officer_user

    secretary = officer_user(tree.boda, "সহকারী পরিদর্শক")
    admin = tree.users["boda_admin"]
    committee = committees.create_committee(
        tree.boda, {"name_bn": "কমিটি", "memo_file_id": MemoFileFactory(office=tree.boda).id}, by=admin
    )
    committees.add_seat(committee, {"post_id": secretary.post.id, "role": "member_secretary"}, by=admin)
    with pytest.raises(DomainError) as refused:
        services.schedule_meeting(
            committee, {"held_on": date(2023, 6, 25), "start_time": time(10), "venue": "x"}, by=secretary
        )
    assert refused.value.field == "committee"
    assert UserFactory  # factories stay importable for other tests


@pytest.mark.parametrize(
    "missing,field", [("held_on", "held_on"), ("start_time", "start_time"), ("venue", "venue")]
)
def test_incomplete_schedule_is_refused(setup, missing, field):
    data = {"held_on": date(2023, 6, 25), "start_time": time(10), "venue": "অফিস কক্ষ"}
    data[missing] = None
    with pytest.raises(DomainError) as refused:
        services.schedule_meeting(setup.committee, data, by=setup.secretary)
    assert refused.value.field == field


def test_notice_is_a_numbered_memo_signed_by_the_convenor(setup, tree):
    meeting = _schedule(setup)
    with pytest.raises(DomainError):  # the member secretary prepares, the convenor issues
        services.issue_notice(meeting, by=setup.secretary)
    memo = services.issue_notice(meeting, by=setup.convenor, on=date(2023, 6, 13))
    assert meeting.state == MeetingState.NOTICE_ISSUED
    assert memo.kind == MemoKind.NOTICE and memo.is_issued and memo.serial == 1
    assert memo.issued_on == date(2023, 6, 13)
    assert memo.signatory_officer_id == setup.convenor.officer_id
    assert memo.signatory_extra.endswith(setup.committee.name_bn)
    assert "২৫/০৬/২০২৩খ্রি. তারিখ রোজ রবিবার সকাল ১০:০০ ঘটিকার সময়" in memo.body
    assert "ঘটিকা ঘটিকা" not in memo.body
    # প্রতি: the supervising office; copies: its supervisor, the supervising office, the two other members.
    to = [r for r in memo.recipients if r.role.value == "to"]
    assert [r.office_id for r in to] == [tree.panchagarh.id]
    assert len([r for r in memo.recipients if r.role.value == "copy"]) == 4
    assert any(d.office_id == tree.panchagarh.id for d in memo.deliveries)


def test_full_path_to_issued_minutes_and_action_items(setup):
    meeting = _schedule(setup)
    services.issue_notice(meeting, by=setup.convenor, on=date(2023, 6, 13))
    services.mark_held(meeting, by=setup.secretary)
    _present_all(setup, meeting)
    revision = services.save_minutes(meeting, _minutes(setup, meeting), by=setup.secretary)
    assert revision.version == 1 and meeting.state == MeetingState.MINUTES_DRAFTED
    # Another save keeps a second revision naming what changed.
    data = _minutes(setup, meeting)
    data["opening"] = "সভাপতি সভার কাজ শুরু করেন।"
    second = services.save_minutes(meeting, data, by=setup.secretary)
    assert second.version == 2 and "opening" in second.changes
    assert services.save_minutes(meeting, data, by=setup.secretary) is None  # nothing changed, no revision

    with pytest.raises(DomainError):  # only the convenor approves
        services.approve_minutes(meeting, by=setup.secretary)
    services.approve_minutes(meeting, by=setup.convenor)
    assert meeting.state == MeetingState.MINUTES_APPROVED
    with pytest.raises(DomainError):  # locked
        services.save_minutes(meeting, data, by=setup.secretary)

    items = list(db.session.scalars(select(ActionItem).order_by(ActionItem.id)))
    assert len(items) == 3  # one for the convenor, one for the secretary, one for the team (no officer)
    assert items[0].officer_id == setup.convenor.officer_id and items[0].due_date == date(2023, 7, 31)
    assert items[1].officer_id == setup.secretary.officer_id
    assert items[2].officer_id is None and items[2].label == "উদ্ভাবন প্রকল্প বাস্তবায়ন টিম"

    memo = services.issue_minutes(meeting, by=setup.convenor)
    assert memo.kind == MemoKind.MINUTES_DISTRIBUTION and memo.serial == 2
    assert meeting.state == MeetingState.MINUTES_ISSUED and meeting.minutes_memo_id == memo.id
    assert db.session.query(MinutesRevision).filter_by(meeting_id=meeting.id).count() == 2


def test_no_quorum_no_approval(setup):
    meeting = _schedule(setup)
    services.issue_notice(meeting, by=setup.convenor)
    services.mark_held(meeting, by=setup.secretary)
    services.save_minutes(meeting, _minutes(setup, meeting), by=setup.secretary)
    first = meeting.attendees[0]
    services.record_attendance(meeting, {first.id: "present"}, by=setup.secretary)  # 1 of 3; 2 needed
    with pytest.raises(DomainError) as refused:
        services.approve_minutes(meeting, by=setup.convenor)
    assert str(refused.value.message).startswith("কোরাম হয়নি: ১ জন সদস্য উপস্থিত ছিলেন, প্রয়োজন ২ জন")
    assert meeting.state == MeetingState.MINUTES_DRAFTED
    assert db.session.query(ActionItem).count() == 0


def test_decision_without_implementer_is_refused(setup):
    meeting = _schedule(setup)
    services.issue_notice(meeting, by=setup.convenor)
    services.mark_held(meeting, by=setup.secretary)
    data = _minutes(setup, meeting)
    data["items"][1]["decisions"][0]["implementers"] = []
    with pytest.raises(DomainError):
        services.save_minutes(meeting, data, by=setup.secretary)


def test_next_meeting_names_the_previous_and_its_open_decisions(setup):
    first = _schedule(setup, when=date(2023, 3, 19))
    services.issue_notice(first, by=setup.convenor)
    services.mark_held(first, by=setup.secretary)
    _present_all(setup, first)
    services.save_minutes(first, _minutes(setup, first), by=setup.secretary)
    # The first meeting's minutes are still a draft when the next meeting approves its own: item 1 locks them.
    second = _schedule(setup, when=date(2023, 6, 25))
    assert second.previous_meeting_id == first.id
    assert second.number == 2
    assert second.agenda[0].title.endswith("(বিগত ১৯/০৩/২০২৩খ্রি. তারিখে অনুষ্ঠিত সভা)")
    services.issue_notice(second, by=setup.convenor)
    services.mark_held(second, by=setup.secretary)
    _present_all(setup, second)
    services.save_minutes(second, _minutes(setup, second), by=setup.secretary)
    services.approve_minutes(second, by=setup.convenor)
    assert first.state == MeetingState.MINUTES_APPROVED
    status = services.open_decisions_before(setup.committee, second.held_on)
    assert len(status) == 3 and all(i.decision.meeting_id == first.id for i in status)


def test_action_item_steps_by_the_responsible_officer(setup):
    meeting = _schedule(setup)
    services.issue_notice(meeting, by=setup.convenor)
    services.mark_held(meeting, by=setup.secretary)
    _present_all(setup, meeting)
    services.save_minutes(meeting, _minutes(setup, meeting), by=setup.secretary)
    services.approve_minutes(meeting, by=setup.convenor)
    mine = db.session.scalar(select(ActionItem).where(ActionItem.officer_id == setup.convenor.officer_id))
    with pytest.raises(DomainError):  # a member who is not responsible
        services.update_action_item(mine, ActionStep.START, by=setup.member)
    services.update_action_item(mine, ActionStep.START, by=setup.convenor)
    services.add_action_note(mine, "সহকারী প্রোগ্রামারকে পত্র দেয়া হয়েছে", by=setup.convenor)
    with pytest.raises(DomainError):
        services.update_action_item(mine, ActionStep.DROP, by=setup.convenor, text="")
    services.update_action_item(mine, ActionStep.COMPLETE, by=setup.convenor, text="ই-নথি লাইভ")
    assert mine.state == ActionState.DONE and mine.completed_at is not None and mine.remarks == "ই-নথি লাইভ"
    # The member secretary may update anyone's item.
    services.update_action_item(mine, ActionStep.REOPEN, by=setup.secretary)
    assert mine.state == ActionState.IN_PROGRESS


def test_postpone_reschedule_and_cancel_each_issue_a_notice(setup):
    meeting = _schedule(setup)
    services.issue_notice(meeting, by=setup.convenor)
    with pytest.raises(DomainError):
        services.postpone_meeting(meeting, "  ", by=setup.convenor)
    postponed = services.postpone_meeting(meeting, "বন্যা পরিস্থিতি", by=setup.convenor)
    assert meeting.state == MeetingState.POSTPONED and postponed.is_issued and "স্থগিত" in postponed.body
    again = services.reschedule_meeting(
        meeting,
        {"held_on": date(2023, 6, 29), "start_time": time(11), "venue": "অফিস কক্ষ"},
        by=setup.convenor,
    )
    assert meeting.state == MeetingState.NOTICE_ISSUED and meeting.notice_memo_id == again.id
    cancelled = services.cancel_meeting(meeting, "অনিবার্য কারণ", by=setup.convenor)
    assert meeting.state == MeetingState.CANCELLED and cancelled is not None
    assert meeting.other_memo_ids == [postponed.id, again.id, cancelled.id]


def test_transfer_hands_the_seat_to_the_next_holder_while_the_papers_keep_who_signed(setup, tree):
    from app.org import services as org
    from tests.factories import OfficerFactory, UserFactory

    meeting = _schedule(setup)
    services.issue_notice(meeting, by=setup.convenor)
    signed_by = meeting.notice_memo.signatory_officer_id
    convenor_seat = setup.committee.seat_with(SeatRole.CONVENOR)
    admin = UserFactory(office=tree.atwari, role="office_admin")
    newcomer = OfficerFactory(office=tree.atwari, name_bn="নতুন কর্মকর্তা")
    org.appoint(newcomer, convenor_seat.post, date(2024, 1, 2), by=admin)
    db.session.flush()
    db.session.expire_all()
    assert convenor_seat.holder.id == newcomer.id
    assert meeting.notice_memo.signatory_officer_id == signed_by != newcomer.id
    assert Role.CONVENOR not in services.meeting_roles(setup.convenor, setup.committee)


def test_locked_minutes_are_corrected_only_by_an_amendment_at_a_later_meeting(setup):
    from app.meetings.models import MinutesAmendment

    first = _schedule(setup, when=date(2023, 3, 19))
    services.issue_notice(first, by=setup.convenor)
    services.mark_held(first, by=setup.secretary)
    _present_all(setup, first)
    services.save_minutes(first, _minutes(setup, first), by=setup.secretary)
    services.approve_minutes(first, by=setup.convenor)
    second = _schedule(setup, when=date(2023, 6, 25))
    services.issue_notice(second, by=setup.convenor)
    with pytest.raises(DomainError):  # not before the later meeting is held and its minutes are open
        services.record_amendment(first, "তারিখ সংশোধন", at=second, by=setup.secretary)
    services.mark_held(second, by=setup.secretary)
    with pytest.raises(DomainError):
        services.record_amendment(first, "  ", at=second, by=setup.secretary)
    with pytest.raises(DomainError):  # a later meeting cannot be amended from an earlier one
        services.record_amendment(second, "x", at=first, by=setup.secretary)
    with pytest.raises(DomainError):  # only the convenor and member secretary
        services.record_amendment(first, "x", at=second, by=setup.member)
    before = services.minutes_snapshot(first)
    amendment = services.record_amendment(
        first, "২ নং সিদ্ধান্তের তারিখ ৩১/০৭/২০২৩ পড়তে হবে।", at=second, by=setup.secretary
    )
    assert amendment.meeting_id == first.id and amendment.recorded_at_meeting_id == second.id
    assert services.minutes_snapshot(first) == before  # the approved text itself never changes
    assert db.session.query(MinutesAmendment).filter_by(meeting_id=first.id).count() == 1
