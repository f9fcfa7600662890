"""`flask seed-demo` sets up Atwari's committee of seed 003 with its 19/03/2023 training held and its minutes
issued, through the services and the office's own accounts; a rerun adds nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.auth.models import User
from app.committees.models import Committee, SeatRole
from app.demo.committees import COMMITTEE_NAME
from app.demo.seed import seed_demo
from app.extensions import db
from app.meetings.models import ActionItem, Meeting, MeetingKind
from app.memos.models import MemoKind
from workflows.meeting import ActionState, MeetingState


def test_atwari_committee_has_its_roles_and_a_held_training():
    seed_demo()
    committee = db.session.scalar(select(Committee).where(Committee.name_bn == COMMITTEE_NAME))
    assert committee.office.code == "upz-atwari"
    assert committee.seat_with(SeatRole.CONVENOR).holder.name_bn == "মো: ফারুক হোসেন"
    secretary_seat = committee.seat_with(SeatRole.MEMBER_SECRETARY)
    assert secretary_seat.holder.name_bn == "পরিতোষ চন্দ্র রায়"
    assert secretary_seat.roles_bn == "সদস্য সচিব ও ফোকাল পয়েন্ট"
    # The March training of app/demo/committees.py (the demo's plans add the committee's other trainings).
    meeting = db.session.scalar(
        select(Meeting).where(Meeting.committee_id == committee.id, Meeting.held_on == date(2023, 3, 19))
    )
    assert (meeting.kind, meeting.held_on, meeting.state) == (
        MeetingKind.TRAINING,
        date(2023, 3, 19),
        MeetingState.MINUTES_ISSUED,
    )
    assert meeting.notice_memo.kind == MemoKind.NOTICE and meeting.notice_memo.number.startswith(
        "47.61.7704.000.05.003.22-"
    )
    assert meeting.minutes_memo.kind == MemoKind.MINUTES_DISTRIBUTION
    paritosh = db.session.scalar(select(User).where(User.username == "atwari-secretary"))
    mine = db.session.scalars(select(ActionItem).where(ActionItem.officer_id == paritosh.officer_id)).all()
    assert len(mine) == 1 and mine[0].state == ActionState.PENDING


def test_seeding_twice_adds_no_committee_or_meeting():
    seed_demo()
    counts = (
        db.session.scalar(select(func.count()).select_from(Committee)),
        db.session.scalar(select(func.count()).select_from(Meeting)),
    )
    seed_demo()
    assert (
        db.session.scalar(select(func.count()).select_from(Committee)),
        db.session.scalar(select(func.count()).select_from(Meeting)),
    ) == counts
