"""Atwari's e-Governance & Innovation plan implementation committee of seed 003, with the third training
meeting of 2022-23 (19/03/2023) held and its minutes issued, so that the demo shows a committee at work: the
next meeting (seed 003's 25/06/2023) is left for the user to schedule, and its "previous decisions" item and
"my action items" already have content.

Everything goes through the committee and meeting services with the office's own demo accounts (the convenor
মো: ফারুক হোসেন, `atwari-uco`; the member secretary পরিতোষ চন্দ্র রায়, `atwari-secretary`). Seeding twice adds
nothing: the committee is looked up by name.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from app.auth.models import User
from app.committees import services as committees
from app.committees.models import Committee, SeatRole
from app.extensions import db
from app.meetings import services as meetings
from app.meetings.models import MeetingKind
from app.memos import services as memos
from app.memos.models import MemoFile
from app.org.models import Office, Post

COMMITTEE_NAME = "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কমিটি"
# Seed 003's file: ৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২, its letters joined with a dash (…২২-১৪১).
FILE_PREFIX = "47.61.7704.000.05.003.22"
VENUE = "উপজেলা সমবায় অফিসার, আটোয়ারী, পঞ্চগড় এর অফিস কক্ষ"


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _post(office: Office, designation: str) -> Post:
    return db.session.scalar(
        select(Post).where(Post.office_id == office.id, Post.designation_bn == designation)
    )


def seed_committees() -> Committee | None:
    """Flushes; the caller commits."""
    office = db.session.scalar(select(Office).where(Office.code == "upz-atwari"))
    convenor, secretary = _user("atwari-uco"), _user("atwari-secretary")
    if office is None or convenor is None or secretary is None:
        return None
    existing = db.session.scalar(
        select(Committee).where(Committee.office_id == office.id, Committee.name_bn == COMMITTEE_NAME)
    )
    if existing is not None:
        return existing
    memo_file = db.session.scalar(
        select(MemoFile).where(MemoFile.office_id == office.id, MemoFile.number_prefix == FILE_PREFIX)
    )
    if memo_file is None:
        memo_file = memos.create_file(
            office,
            {"title": "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা", "number_prefix": FILE_PREFIX, "serial_separator": "-"},
            by=convenor,
        )
    committee = committees.create_committee(
        office,
        {"name_bn": COMMITTEE_NAME,
         "name_en": "e-Governance & Innovation Action Plan implementation committee",
         "kind": "egov_implementation", "memo_file_id": memo_file.id, "meetings_per_quarter": 1},
        by=convenor,
    )  # fmt: skip
    committees.add_seat(
        committee, {"post_id": _post(office, "উপজেলা সমবায় অফিসার").id, "role": SeatRole.CONVENOR}, by=convenor
    )
    committees.add_seat(
        committee,
        {"post_id": _post(office, "সহকারী পরিদর্শক").id, "role": SeatRole.MEMBER_SECRETARY,
         "second_role": SeatRole.FOCAL_POINT},
        by=convenor,
    )  # fmt: skip
    committees.add_seat(
        committee,
        {"outsider_name": "সহকারী প্রোগ্রামার", "outsider_designation": "সহকারী প্রোগ্রামার",
         "outsider_organisation": "তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর, আটোয়ারী", "role": SeatRole.MEMBER},
        by=convenor,
    )  # fmt: skip
    _third_training(committee, convenor, secretary)
    db.session.flush()
    return committee


def _third_training(committee: Committee, convenor: User, secretary: User) -> None:
    """The 19/03/2023 training (seed 003's progress report counts it in Q3), held with minutes issued."""
    meeting = meetings.schedule_meeting(
        committee,
        {"kind": MeetingKind.TRAINING, "held_on": date(2023, 3, 19), "start_time": time(10, 0),
         "venue": VENUE, "agenda": [{"title": "ই-নথির ব্যবহার বৃদ্ধি", "kind": "plan"},
                                    {"title": "তথ্য বাতায়ন হালনাগাদকরণ", "kind": "plan"}]},
        by=secretary,
    )  # fmt: skip
    meetings.issue_notice(meeting, by=convenor, on=date(2023, 3, 12))
    meetings.mark_held(meeting, by=secretary)
    seats = {seat.role: seat for seat in committee.seats}
    # The two officers came; the vacant post's seat and the outside member did not.
    present = {a.id: ("present" if a.officer_id is not None else "absent") for a in meeting.attendees}
    meetings.record_attendance(meeting, present, by=secretary)
    meetings.save_minutes(
        meeting,
        {
            "opening": "সভাপতি মহোদয় সভায় উপস্থিত সকলকে শুভেচ্ছা জানিয়ে সভার কাজ শুরু করেন।",
            "closing": "সভায় আর কোন আলোচনা না থাকায় সভাপতি মহোদয় উপস্থিত সকলকে ধন্যবাদ জানিয়ে সভার সমাপ্তি ঘোষণা করেন।",
            "items": [
                {"title": "বিগত সভার কার্যবিবরণী পাঠ ও অনুমোদন।", "kind": "previous_minutes",
                 "discussion": "বিগত সভার কার্যবিবরণী পাঠ করা হয় এবং কোন সংশোধনী না থাকায় তা অনুমোদন করা হয়।"},
                {"title": "ই-নথির ব্যবহার বৃদ্ধি", "kind": "plan",
                 "discussion": "অত্র দপ্তরে ই-নথি এখনও লাইভে দেয়া হয়নি।",
                 "decisions": [{"text": "ই-নথি লাইভে দেয়ার বিষয়ে উপজেলা আইসিটি দপ্তরের সাথে যোগাযোগ রাখার "
                                        "সিদ্ধান্ত গৃহীত হয়।",
                                "due_date": date(2023, 4, 30),
                                "implementers": [{"seat_id": seats[SeatRole.CONVENOR].id}]}]},
                {"title": "তথ্য বাতায়ন হালনাগাদকরণ", "kind": "plan",
                 "discussion": "তথ্য বাতায়নের সেবা বক্স হালনাগাদ করা প্রয়োজন।",
                 "decisions": [{"text": "প্রতি মাসে তথ্য বাতায়ন হালনাগাদ রাখার সিদ্ধান্ত গৃহীত হয়।",
                                "due_date": date(2023, 6, 15),
                                "implementers": [{"seat_id": seats[SeatRole.MEMBER_SECRETARY].id}]}]},
                {"title": "বিবিধ", "kind": "misc", "discussion": ""},
            ],
        },
        by=secretary,
    )  # fmt: skip
    meetings.approve_minutes(meeting, by=convenor)
    meetings.issue_minutes(meeting, by=convenor, on=date(2023, 3, 19))
