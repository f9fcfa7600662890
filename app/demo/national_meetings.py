"""The meetings part of the national demo dataset (`flask seed-demo --national`): in every office of the
national tree one e-Governance & Innovation plan implementation committee with about 52 monthly meetings over
several fiscal years, their agenda, invitees and attendance, ~5 decisions per meeting and the action items
they created (30,000 meetings and 150,000 decisions for the whole country).

Like app/demo/national.py it exists to measure pages at the size of the real department, so it is inserted
in bulk (Core inserts of many rows, ids read back with RETURNING) rather than through the services, and it
reproduces what the services would have made:

- the committee: convenor = the office's head post (whose holder national.py made), member secretary and
  focal point = a second post with an officer and a user (`<office code>-secretary`, the demo password)
  added here, 2-4 member seats (posts with an officer each, sometimes an outside member), its papers issued
  from the office's national demo file;
- meetings numbered per committee and fiscal year in date order (১ম, ২য় ... সভা), each pointing at the
  previous one (`previous_meeting_id`), the convenor's seat in the chair; every meeting but the last has its
  minutes approved and issued, the last one (a few days ago) is held with its minutes drafted (one revision,
  whose snapshot is `minutes_snapshot()` of the meeting), as item 1 of a meeting approves the one before;
- the agenda as the minutes leave it: previous minutes (naming the previous meeting's date), previous
  decisions (from the second meeting on), three items of the plan, বিবিধ; decisions carry their
  `meeting_id` and one implementer (a seat) each and, once the minutes are approved, one action item each,
  owned by the seat's holder (`office_id`, `officer_id`, `seat_id` and label as approve_minutes sets them),
  in a mix of states: older ones mostly done or dropped, some still open and so overdue, recent ones pending
  or in progress;
- attendees copied from the seats as the notice copies them (name with honorific, designation, workplace,
  role line, e-mail), attendance recorded with a quorum, sometimes a guest.

Not made for bulk meetings: the notice and minutes-distribution memos (`notice_memo_id` and
`minutes_memo_id` are left empty), the status table frozen when minutes are issued (`status_at_issue` is
left empty, so the papers compute it live), signed attendance scans, progress notes, the audit rows of each
step (one "demo.national_meetings" row records the build) and the revisions of minutes that were approved
(their `minutes_version` stays 0).

Dates run back from the day of the build, so that recent items are open and not yet due. A per-office random
generator draws the committee (seats, officers) before the meetings, so an office gets the same committee
whatever the number of meetings. Offices that already have a committee of this name (Atwari's seed 003
committee) and offices without the national demo file are left out. The meetings are added once: a second
run finds them and adds nothing. Flushes; the caller commits.
"""

from __future__ import annotations

import random
import time as clock
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, insert, select
from werkzeug.security import generate_password_hash

from app.auth.models import Role, User
from app.committees.models import Committee, CommitteeKind, QuorumRule, Seat, SeatRole
from app.core import audit
from app.core.bangla import fiscal_year_start
from app.core.errors import DomainError
from app.demo import seed
from app.demo.national import FIRST_NAMES, GIVEN_NAMES, HOLDING_START, NATIONAL_FILE_TITLE, national_tree
from app.extensions import db
from app.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaKind,
    Attendance,
    Attendee,
    Decision,
    Implementer,
    Meeting,
    MeetingKind,
    MinutesLayout,
    MinutesRevision,
)
from app.meetings.services import (
    MISC_TITLE,
    PREVIOUS_DECISIONS_TITLE,
    PREVIOUS_MINUTES_TITLE,
    previous_minutes_title,
)
from app.memos.models import MemoFile
from app.memos.services import DHAKA, dhaka_today
from app.org.models import Office, OfficeLevel, Officer, Post, PostHolding
from workflows.meeting import ActionState, MeetingState

NATIONAL_MEETINGS = 52  # per office
DECISIONS_PER_MEETING = 5
COMMITTEE_NAME_BN = "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কমিটি"
COMMITTEE_NAME_EN = "e-Governance & Innovation Action Plan implementation committee"
BATCH_COMMITTEES = 60  # committees whose meetings are generated and inserted together

# The member secretary's post and the members' posts by office level: (designation_bn, designation_en).
SECRETARY_POSTS: dict[OfficeLevel, tuple[str, str]] = {
    OfficeLevel.DIRECTORATE: ("সিস্টেম এনালিস্ট", "System Analyst"),
    OfficeLevel.DIVISION: ("সহকারী নিবন্ধক", "Assistant Registrar"),
    OfficeLevel.DISTRICT: ("সহকারী জেলা সমবায় অফিসার", "Assistant District Cooperative Officer"),
    OfficeLevel.UPAZILA: ("সহকারী পরিদর্শক", "Assistant Inspector"),
    OfficeLevel.METRO_THANA: ("সহকারী পরিদর্শক", "Assistant Inspector"),
}
MEMBER_POSTS: dict[OfficeLevel, tuple[tuple[str, str], ...]] = {
    OfficeLevel.DIRECTORATE: (
        ("উপ-নিবন্ধক (প্রশাসন)", "Deputy Registrar (Administration)"),
        ("প্রোগ্রামার", "Programmer"),
        ("সহকারী নিবন্ধক (পরিকল্পনা)", "Assistant Registrar (Planning)"),
    ),
    OfficeLevel.DIVISION: (
        ("উপ-নিবন্ধক (প্রশাসন)", "Deputy Registrar (Administration)"),
        ("পরিদর্শক", "Inspector"),
        ("অফিস সহকারী কাম কম্পিউটার অপারেটর", "Office Assistant cum Computer Operator"),
    ),
    OfficeLevel.DISTRICT: (
        ("পরিদর্শক", "Inspector"),
        ("সহকারী পরিদর্শক", "Assistant Inspector"),
        ("অফিস সহকারী কাম কম্পিউটার অপারেটর", "Office Assistant cum Computer Operator"),
    ),
    OfficeLevel.UPAZILA: (
        ("সহকারী উপজেলা সমবায় অফিসার", "Assistant Upazila Cooperative Officer"),
        ("অফিস সহকারী কাম কম্পিউটার অপারেটর", "Office Assistant cum Computer Operator"),
        ("মাঠ সহকারী", "Field Assistant"),
    ),
}
MEMBER_POSTS[OfficeLevel.METRO_THANA] = MEMBER_POSTS[OfficeLevel.UPAZILA]

OPENING = "সভাপতি মহোদয় সভায় উপস্থিত সকলকে শুভেচ্ছা জানিয়ে সভার কাজ শুরু করেন।"
CLOSING = "সভায় আর কোন আলোচনা না থাকায় সভাপতি মহোদয় উপস্থিত সকলকে ধন্যবাদ জানিয়ে সভার সমাপ্তি ঘোষণা করেন।"
PREVIOUS_MINUTES_DISCUSSION = "বিগত সভার কার্যবিবরণী পাঠ করা হয় এবং কোন সংশোধনী না থাকায় তা অনুমোদন করা হয়।"
PREVIOUS_DECISIONS_DISCUSSION = "বিগত সভার সিদ্ধান্তসমূহের বাস্তবায়ন অগ্রগতি পর্যালোচনা করা হয়; কয়েকটি সিদ্ধান্ত এখনও অসম্পন্ন।"
PREVIOUS_DECISIONS_DECISION = "অসম্পন্ন সিদ্ধান্তসমূহ পরবর্তী সভার পূর্বে বাস্তবায়নের সিদ্ধান্ত গৃহীত হয়।"
# Items of the plan: (title, discussion, decisions to choose from).
# fmt: off
PLAN_TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ই-নথির ব্যবহার বৃদ্ধি", "অত্র দপ্তরে ই-নথির মাধ্যমে পত্র নিষ্পত্তির হার আরও বাড়ানো প্রয়োজন।", (
        "সকল পত্র ই-নথির মাধ্যমে নিষ্পত্তি করার সিদ্ধান্ত গৃহীত হয়।",
        "ই-নথি ব্যবহারে কর্মচারীদের হাতে-কলমে প্রশিক্ষণ দেয়ার সিদ্ধান্ত গৃহীত হয়।")),
    ("তথ্য বাতায়ন হালনাগাদকরণ", "তথ্য বাতায়নের সেবা বক্স ও কর্মকর্তাদের তালিকা হালনাগাদ করা প্রয়োজন।", (
        "প্রতি মাসে তথ্য বাতায়ন হালনাগাদ রাখার সিদ্ধান্ত গৃহীত হয়।",
        "তথ্য বাতায়নে সমবায় সমিতির তালিকা প্রকাশ করার সিদ্ধান্ত গৃহীত হয়।")),
    ("উদ্ভাবনী ধারণা বাস্তবায়ন", "চলতি অর্থবছরে একটি উদ্ভাবনী ধারণা বাস্তবায়নের লক্ষ্যমাত্রা রয়েছে।", (
        "উদ্ভাবনী ধারণা আহ্বান করে বাছাই কমিটির নিকট উপস্থাপনের সিদ্ধান্ত গৃহীত হয়।",
        "বাছাইকৃত উদ্ভাবনী ধারণার পাইলটিং শুরু করার সিদ্ধান্ত গৃহীত হয়।")),
    ("সেবা সহজিকরণ", "সমবায় সমিতির নিবন্ধন সেবা সহজিকরণের প্রস্তাব পর্যালোচনা করা হয়।", (
        "সেবা সহজিকরণের প্রসেস ম্যাপ প্রস্তুত করে প্রেরণের সিদ্ধান্ত গৃহীত হয়।",
        "সহজিকৃত সেবার তথ্য নাগরিক সনদে অন্তর্ভুক্ত করার সিদ্ধান্ত গৃহীত হয়।")),
    ("ডিজিটাল সেবা চালুকরণ", "অনলাইন নিবন্ধন ও অডিট সেবার অগ্রগতি আলোচনা করা হয়।", (
        "অনলাইনে প্রাপ্ত আবেদনসমূহ নির্ধারিত সময়ে নিষ্পত্তির সিদ্ধান্ত গৃহীত হয়।",
        "ডিজিটাল সেবার প্রচারে সমিতির সদস্যদের অবহিত করার সিদ্ধান্ত গৃহীত হয়।")),
    ("অভিযোগ প্রতিকার ব্যবস্থা", "জিআরএস-এ প্রাপ্ত অভিযোগসমূহের নিষ্পত্তির হার পর্যালোচনা করা হয়।", (
        "প্রাপ্ত অভিযোগ ৩০ দিনের মধ্যে নিষ্পত্তির সিদ্ধান্ত গৃহীত হয়।",
        "অভিযোগ বাক্স প্রতি সপ্তাহে খোলার সিদ্ধান্ত গৃহীত হয়।")),
    ("নাগরিক সনদ হালনাগাদ", "নাগরিক সনদের সেবার তালিকা ও সময়সীমা হালনাগাদ করা প্রয়োজন।", (
        "হালনাগাদ নাগরিক সনদ অফিসের দৃশ্যমান স্থানে প্রদর্শনের সিদ্ধান্ত গৃহীত হয়।",)),
    ("কর্মকর্তা-কর্মচারীদের প্রশিক্ষণ", "ই-গভর্ন্যান্স বিষয়ে অভ্যন্তরীণ প্রশিক্ষণের লক্ষ্যমাত্রা আলোচনা করা হয়।", (
        "ত্রৈমাসিক অভ্যন্তরীণ প্রশিক্ষণ আয়োজনের সিদ্ধান্ত গৃহীত হয়।",
        "প্রশিক্ষণের হাজিরা ও ছবি প্রমাণক হিসেবে সংরক্ষণের সিদ্ধান্ত গৃহীত হয়।")),
    ("কর্মপরিকল্পনার ত্রৈমাসিক অগ্রগতি প্রতিবেদন", "ত্রৈমাসিক অগ্রগতি প্রতিবেদন প্রেরণের সময়সীমা আলোচনা করা হয়।", (
        "নির্ধারিত ছকে অগ্রগতি প্রতিবেদন প্রমাণকসহ প্রেরণের সিদ্ধান্ত গৃহীত হয়।",)),
    ("স্বপ্রণোদিত তথ্য প্রকাশ", "তথ্য অধিকার আইন অনুযায়ী স্বপ্রণোদিত তথ্য প্রকাশ নির্দেশিকা হালনাগাদ করা প্রয়োজন।", (
        "স্বপ্রণোদিত তথ্য প্রকাশ নির্দেশিকা হালনাগাদ করে ওয়েবসাইটে প্রকাশের সিদ্ধান্ত গৃহীত হয়।",)),
)
# fmt: on
DROPPED_REASONS = (
    "ঊর্ধ্বতন দপ্তরের নির্দেশনায় কার্যক্রমটি স্থগিত করা হয়েছে।",
    "পরবর্তী অর্থবছরের কর্মপরিকল্পনায় অন্তর্ভুক্ত করা হয়েছে।",
)
DONE_REMARKS = ("বাস্তবায়িত হয়েছে।", "প্রমাণক সংরক্ষিত আছে।", "")
GUESTS = (
    ("উপজেলা আইসিটি অফিসার", "তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর"),
    ("সহকারী প্রোগ্রামার", "তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর"),
    ("সভাপতি", "কেন্দ্রীয় সমবায় সমিতি লিঃ"),
)


@dataclass
class MeetingsSummary:
    already_present: bool = False
    committees: int = 0
    meetings: int = 0
    decisions: int = 0
    action_items: int = 0
    users_added: int = 0
    seconds: float = 0.0
    sample_secretaries: dict[str, str] = field(default_factory=dict)  # level -> username


@dataclass
class _SeatPlan:
    role: SeatRole
    second_role: SeatRole | None = None
    post: tuple[str, str] | None = None  # designation (bn, en); None for an outside member
    outsider: tuple[str, str, str] = ("", "", "")  # name, designation, organisation
    post_id: int | None = None
    officer_id: int | None = None
    id: int = 0
    # As the papers print the seat's holder.
    name: str = ""
    designation: str = ""
    email: str = ""

    @property
    def roles_bn(self) -> str:
        return " ও ".join(r.label_bn for r in (self.role, self.second_role) if r is not None)


@dataclass
class _Plan:
    """One office's committee, drawn before anything is inserted."""

    office_id: int
    code: str
    level: OfficeLevel
    office_name_bn: str
    place_bn: str
    file_id: int
    file_prefix: str
    head_post_id: int
    head_designation_bn: str
    rng: random.Random
    seats: list[_SeatPlan] = field(default_factory=list)
    layout: MinutesLayout = MinutesLayout.TABLE
    committee_id: int = 0
    convenor_user_id: int | None = None
    secretary_user_id: int | None = None

    @property
    def convenor(self) -> _SeatPlan:
        return self.seats[0]

    @property
    def secretary(self) -> _SeatPlan:
        return self.seats[1]


def national_meeting_count() -> int:
    """Meetings of the committees whose papers are issued from a national demo file."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Meeting)
            .join(Committee, Meeting.committee_id == Committee.id)
            .join(MemoFile, Committee.memo_file_id == MemoFile.id)
            .where(MemoFile.title == NATIONAL_FILE_TITLE)
        )
        or 0
    )


def build_national_meetings(
    *,
    offices: int | None = None,
    meetings: int = NATIONAL_MEETINGS,
    seed_value: int = 2024,
    password: str | None = None,
    today: date | None = None,
) -> MeetingsSummary:
    """A committee with `meetings` meetings in each of the first `offices` offices of national_tree() (all by
    default) that national.build_national() gave a head and a file. Adds nothing when they are there."""
    started = clock.perf_counter()
    if meetings < 1:
        raise DomainError("Each committee needs at least one meeting.")
    summary = MeetingsSummary()
    present = national_meeting_count()
    if present:
        summary.already_present, summary.meetings = True, present
        return summary
    today = today or dhaka_today()
    plans = _plans(offices, seed_value)
    if not plans:
        return summary
    _ensure_posts(plans)
    summary.users_added = _ensure_people(plans, password or seed.DEMO_PASSWORD)
    _insert_committees(plans)
    for start in range(0, len(plans), BATCH_COMMITTEES):
        counts = _insert_meetings(plans[start : start + BATCH_COMMITTEES], meetings, today)
        summary.meetings += counts[0]
        summary.decisions += counts[1]
        summary.action_items += counts[2]
    summary.committees = len(plans)
    office = db.session.scalar(select(Office).where(Office.code == seed.DIRECTORATE_CODE))
    office = office or db.session.get(Office, plans[0].office_id)
    audit.record(
        "demo.national_meetings",
        office,
        by=None,
        office_id=office.id,
        changes={
            "committees": summary.committees,
            "meetings": summary.meetings,
            "decisions": summary.decisions,
            "action_items": summary.action_items,
        },
    )
    db.session.flush()
    usernames = dict(
        db.session.execute(
            select(User.id, User.username).where(
                User.id.in_([p.secretary_user_id for p in plans if p.secretary_user_id])
            )
        ).all()
    )
    for plan in plans:
        if plan.secretary_user_id in usernames:
            summary.sample_secretaries.setdefault(plan.level.value, usernames[plan.secretary_user_id])
    summary.seconds = clock.perf_counter() - started
    return summary


# The committees and their people --------------------------------------------------------------------------


def _plans(offices: int | None, seed_value: int) -> list[_Plan]:
    specs = national_tree()[:offices] if offices else national_tree()
    wanted = {s.code.lower() for s in specs}
    rows = {
        code.lower(): (oid, code, level, name_bn, place_bn)
        for oid, code, level, name_bn, place_bn in db.session.execute(
            select(Office.id, Office.code, Office.level, Office.name_bn, Office.place_bn)
        )
        if code.lower() in wanted
    }
    ids = [row[0] for row in rows.values()]
    files = {
        office_id: (file_id, prefix)
        for file_id, office_id, prefix in db.session.execute(
            select(MemoFile.id, MemoFile.office_id, MemoFile.number_prefix).where(
                MemoFile.office_id.in_(ids), MemoFile.title == NATIONAL_FILE_TITLE
            )
        )
    }
    taken = set(
        db.session.scalars(
            select(Committee.office_id).where(
                Committee.office_id.in_(ids), Committee.name_bn == COMMITTEE_NAME_BN
            )
        )
    )
    heads: dict[int, tuple[int, str]] = {}
    for office_id, post_id, designation in db.session.execute(
        select(Post.office_id, Post.id, Post.designation_bn)
        .where(Post.office_id.in_(ids), Post.is_head, Post.is_active)
        .order_by(Post.rank, Post.id)
    ):
        heads.setdefault(office_id, (post_id, designation))
    plans = []
    for spec in specs:
        row = rows.get(spec.code.lower())
        if row is None or row[0] not in files or row[0] in taken or row[0] not in heads:
            continue
        oid, code, level, name_bn, place_bn = row
        plan = _Plan(
            office_id=oid,
            code=code,
            level=OfficeLevel(level),
            office_name_bn=name_bn,
            place_bn=place_bn or "",
            file_id=files[oid][0],
            file_prefix=files[oid][1],
            head_post_id=heads[oid][0],
            head_designation_bn=heads[oid][1],
            rng=random.Random(f"{seed_value}:{code}"),
        )
        _draw_seats(plan)
        plans.append(plan)
    return plans


def _draw_seats(plan: _Plan) -> None:
    """Convenor (the head post), member secretary and focal point, then 2-4 members (posts, sometimes an
    outside member last)."""
    rng = plan.rng
    plan.seats = [
        _SeatPlan(SeatRole.CONVENOR, post_id=plan.head_post_id),
        _SeatPlan(SeatRole.MEMBER_SECRETARY, SeatRole.FOCAL_POINT, post=SECRETARY_POSTS[plan.level]),
    ]
    members = rng.randint(2, 4)
    outsider = rng.random() < 0.5
    posts = list(MEMBER_POSTS[plan.level])
    rng.shuffle(posts)
    for post in posts[: min(len(posts), members - outsider)]:
        plan.seats.append(_SeatPlan(SeatRole.MEMBER, post=post))
    while len(plan.seats) < members + 2:
        plan.seats.append(
            _SeatPlan(
                SeatRole.MEMBER,
                outsider=("", "সহকারী প্রোগ্রামার", f"তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর, {plan.place_bn}".rstrip(", ")),
            )
        )
    plan.layout = MinutesLayout.TABLE if rng.random() < 0.8 else MinutesLayout.PARAGRAPHS


def _ensure_posts(plans: list[_Plan]) -> None:
    """The secretary's and members' posts: an active post of that designation is reused, else added."""
    ids = [p.office_id for p in plans]
    existing: dict[tuple[int, str], int] = {}
    for office_id, designation, post_id in db.session.execute(
        select(Post.office_id, Post.designation_bn, Post.id)
        .where(Post.office_id.in_(ids), Post.is_active, Post.is_head.is_(False))
        .order_by(Post.id)
    ):
        existing.setdefault((office_id, designation), post_id)
    rows, seen = [], set()
    for plan in plans:
        for rank, seat in enumerate(plan.seats[1:], start=1):
            if seat.post is None or (plan.office_id, seat.post[0]) in existing:
                continue
            key = (plan.office_id, seat.post[0])
            if key not in seen:
                seen.add(key)
                rows.append(
                    {
                        "office_id": plan.office_id,
                        "designation_bn": seat.post[0],
                        "designation_en": seat.post[1],
                        "rank": 10 + 10 * rank,
                        "is_head": False,
                    }
                )
    if rows:
        added = db.session.execute(
            insert(Post.__table__).returning(Post.__table__.c.id, sort_by_parameter_order=True), rows
        ).scalars()
        for row, post_id in zip(rows, added, strict=True):
            existing[(row["office_id"], row["designation_bn"])] = post_id
    for plan in plans:
        for seat in plan.seats[1:]:
            if seat.post is not None:
                seat.post_id = existing[(plan.office_id, seat.post[0])]


def _ensure_people(plans: list[_Plan], password: str) -> int:
    """An officer in every post of a seat where nobody holds it, and a user for each member secretary who has
    none (`<office code>-secretary`). Returns the number of users added."""
    post_ids = {s.post_id for p in plans for s in p.seats if s.post_id is not None}
    # The holder current_holder_of() names: regular charge before additional, the latest start first.
    holders: dict[int, int] = {}
    for post_id, officer_id in db.session.execute(
        select(PostHolding.post_id, PostHolding.officer_id)
        .where(PostHolding.post_id.in_(post_ids), PostHolding.end_date.is_(None))
        .order_by(PostHolding.charge.desc(), PostHolding.start_date.desc())
    ):
        holders.setdefault(post_id, officer_id)
    vacant = [(p, s) for p in plans for s in p.seats if s.post_id is not None and s.post_id not in holders]
    if vacant:
        rows = []
        for plan, seat in vacant:
            (title_bn, title_en), (given_bn, given_en) = (
                plan.rng.choice(FIRST_NAMES),
                plan.rng.choice(GIVEN_NAMES),
            )
            rows.append(
                {
                    "office_id": plan.office_id,
                    "honorific_bn": "জনাব",
                    "name_bn": f"{title_bn} {given_bn}".strip(),
                    "name_en": f"{title_en} {given_en}".strip(),
                    "email": f"{plan.code}-{seat.post_id}@coop.example.gov.bd",
                }
            )
        officer_ids = (
            db.session.execute(
                insert(Officer.__table__).returning(Officer.__table__.c.id, sort_by_parameter_order=True),
                rows,
            )
            .scalars()
            .all()
        )
        db.session.execute(
            insert(PostHolding.__table__),
            [
                {"post_id": seat.post_id, "officer_id": officer_id, "start_date": HOLDING_START}
                for (_, seat), officer_id in zip(vacant, officer_ids, strict=True)
            ],
        )
        holders.update(
            {seat.post_id: officer_id for (_, seat), officer_id in zip(vacant, officer_ids, strict=True)}
        )
    officers = {
        oid: (honorific, name, email)
        for oid, honorific, name, email in db.session.execute(
            select(Officer.id, Officer.honorific_bn, Officer.name_bn, Officer.email).where(
                Officer.id.in_(set(holders.values()))
            )
        )
    }
    designations = dict(
        db.session.execute(select(Post.id, Post.designation_bn).where(Post.id.in_(post_ids))).all()
    )
    for plan in plans:
        for seat in plan.seats:
            if seat.post_id is None:
                seat.name, seat.designation = seat.outsider[0], seat.outsider[1]
                continue
            seat.designation = designations[seat.post_id]
            seat.officer_id = holders.get(seat.post_id)
            if seat.officer_id is not None:
                honorific, name, email = officers[seat.officer_id]
                seat.name = " ".join(part for part in (honorific, name) if part)  # services.name_on_paper
                seat.email = email

    # Users: the convenor's is whoever is linked to the head's officer; the secretary gets one if missing.
    linked = dict(
        db.session.execute(
            select(User.officer_id, User.id).where(
                User.officer_id.in_({s.officer_id for p in plans for s in p.seats[:2] if s.officer_id})
            )
        ).all()
    )
    usernames = {p.code.lower() + "-secretary" for p in plans}
    taken = {
        name.lower() for name in db.session.scalars(select(User.username).where(User.username.in_(usernames)))
    }
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    password_hash = generate_password_hash(password, method=method)
    new_users = []
    for plan in plans:
        officer_id = plan.secretary.officer_id
        username = f"{plan.code}-secretary"
        if officer_id is not None and officer_id not in linked and username.lower() not in taken:
            new_users.append(
                {
                    "username": username,
                    "office_id": plan.office_id,
                    "officer_id": officer_id,
                    "role": Role.STAFF,
                    "locale": "bn",
                    "password_hash": password_hash,
                }
            )
            linked[officer_id] = -1  # one user per officer
    if new_users:
        db.session.execute(insert(User.__table__), new_users)
        linked.update(
            db.session.execute(
                select(User.officer_id, User.id).where(User.username.in_([u["username"] for u in new_users]))
            ).all()
        )
    for plan in plans:
        plan.convenor_user_id = linked.get(plan.convenor.officer_id) if plan.convenor.officer_id else None
        plan.secretary_user_id = linked.get(plan.secretary.officer_id) if plan.secretary.officer_id else None
    return len(new_users)


def _insert_committees(plans: list[_Plan]) -> None:
    rows = []
    for plan in plans:
        formed = date(HOLDING_START.year - 1, 6, 1) + timedelta(days=plan.rng.randint(0, 25))
        rows.append(
            {
                "office_id": plan.office_id,
                "kind": CommitteeKind.EGOV_IMPLEMENTATION,
                "name_bn": COMMITTEE_NAME_BN,
                "name_en": COMMITTEE_NAME_EN,
                "formation_reference": f"{plan.file_prefix}.{plan.rng.randint(20, 180)}",
                "formation_date": formed,
                "meetings_per_quarter": 1,
                "quorum_rule": QuorumRule.MAJORITY,
                "quorum_count": None,
                "memo_file_id": plan.file_id,
                "is_active": True,
            }
        )
    committee_ids = (
        db.session.execute(
            insert(Committee.__table__).returning(Committee.__table__.c.id, sort_by_parameter_order=True),
            rows,
        )
        .scalars()
        .all()
    )
    seat_rows, seats = [], []
    for plan, committee_id in zip(plans, committee_ids, strict=True):
        plan.committee_id = committee_id
        for position, seat in enumerate(plan.seats):
            seats.append(seat)
            seat_rows.append(
                {
                    "committee_id": committee_id,
                    "position": position,
                    "post_id": seat.post_id,
                    "outsider_name": seat.outsider[0],
                    "outsider_designation": seat.outsider[1],
                    "outsider_organisation": seat.outsider[2],
                    "outsider_email": "",
                    "role": seat.role,
                    "second_role": seat.second_role,
                    "is_active": True,
                }
            )
    seat_ids = (
        db.session.execute(
            insert(Seat.__table__).returning(Seat.__table__.c.id, sort_by_parameter_order=True), seat_rows
        )
        .scalars()
        .all()
    )
    for seat, seat_id in zip(seats, seat_ids, strict=True):
        seat.id = seat_id


# Meetings ---------------------------------------------------------------------------------------------------


@dataclass
class _Decision:
    text: str
    due_date: date
    seat: _SeatPlan


@dataclass
class _Item:
    kind: AgendaKind
    title: str
    discussion: str
    decisions: list[_Decision] = field(default_factory=list)


@dataclass
class _Meeting:
    plan: _Plan
    held_on: date
    start_time: time
    kind: MeetingKind
    fiscal_year: int
    number: int
    drafted: bool  # the last one: held, minutes drafted, not yet approved
    items: list[_Item] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    guest: tuple[str, str] | None = None
    approved_at: datetime | None = None
    id: int = 0
    previous: _Meeting | None = None


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment in Dhaka, stored in UTC as the app's utcnow() stores it."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=DHAKA).astimezone(UTC)


def _working_day(day: date) -> date:
    while day.weekday() in (4, 5):  # Friday and Saturday
        day -= timedelta(days=1)
    return day


def _schedule(plan: _Plan, count: int, today: date) -> list[_Meeting]:
    """About one meeting a month going back from a few days ago, numbered per fiscal year."""
    rng = plan.rng
    last = _working_day(today - timedelta(days=rng.randint(2, 12)))
    days = [last]
    for _ in range(count - 1):
        days.append(_working_day(days[-1] - timedelta(days=rng.randint(25, 35))))
    days.reverse()
    numbers: dict[int, int] = {}
    result: list[_Meeting] = []
    trained: set[int] = set()
    for i, day in enumerate(days):
        fiscal = fiscal_year_start(day)
        numbers[fiscal] = numbers.get(fiscal, 0) + 1
        kind = MeetingKind.REGULAR
        if fiscal not in trained and day.month in (1, 2, 3) and rng.random() < 0.6:
            kind = MeetingKind.TRAINING  # a training on the plan once a year, as in seed 003
            trained.add(fiscal)
        elif rng.random() < 0.04:
            kind = rng.choice((MeetingKind.WORKSHOP, MeetingKind.INNOVATION_SHOWCASE))
        start = rng.choice((time(10, 0), time(10, 0), time(11, 0), time(14, 30)))
        meeting = _Meeting(plan, day, start, kind, fiscal, numbers[fiscal], drafted=i == len(days) - 1)
        meeting.previous = result[-1] if result else None
        result.append(meeting)
    return result


def _minutes(meeting: _Meeting) -> None:
    """Agenda items as the minutes leave them, DECISIONS_PER_MEETING decisions in all, and the attendance."""
    plan, rng = meeting.plan, meeting.plan.rng
    previous = meeting.previous
    title = previous_minutes_title(_Dated(previous.held_on)) if previous else PREVIOUS_MINUTES_TITLE  # type: ignore[arg-type]
    items = [_Item(AgendaKind.PREVIOUS_MINUTES, title, PREVIOUS_MINUTES_DISCUSSION if previous else "")]
    remaining = DECISIONS_PER_MEETING
    if previous is not None:
        items.append(
            _Item(AgendaKind.PREVIOUS_DECISIONS, PREVIOUS_DECISIONS_TITLE, PREVIOUS_DECISIONS_DISCUSSION)
        )
        items[-1].decisions.append(
            _Decision(PREVIOUS_DECISIONS_DECISION, _due(meeting.held_on, rng), plan.secretary)
        )
        remaining -= 1
    topics = rng.sample(PLAN_TOPICS, 3)
    shares = [1, 1, 1]
    for _ in range(remaining - 3):
        shares[rng.randrange(3)] += 1
    owners = [s for s in plan.seats if s.officer_id is not None]
    weights = [4 if s is plan.secretary else 2 if s is plan.convenor else 1 for s in owners]
    for (topic, discussion, texts), share in zip(topics, shares, strict=True):
        item = _Item(AgendaKind.PLAN, topic, discussion)
        for n in range(share):
            text = texts[n % len(texts)]
            item.decisions.append(
                _Decision(text, _due(meeting.held_on, rng), rng.choices(owners, weights)[0])
            )
        items.append(item)
    items.append(_Item(AgendaKind.MISC, MISC_TITLE, ""))
    meeting.items = items
    # Attendance: the convenor and the member secretary came; a member sometimes did not. Always a quorum.
    marks = [Attendance.PRESENT, Attendance.PRESENT]
    for _ in plan.seats[2:]:
        marks.append(
            rng.choices((Attendance.PRESENT, Attendance.ABSENT, Attendance.EXCUSED), (75, 15, 10))[0]
        )
    needed = len(plan.seats) // 2 + 1
    for i in range(2, len(marks)):
        if sum(m == Attendance.PRESENT for m in marks) >= needed:
            break
        marks[i] = Attendance.PRESENT
    meeting.attendance = marks
    meeting.guest = rng.choice(GUESTS) if rng.random() < 0.1 else None
    if not meeting.drafted:
        meeting.approved_at = _at(meeting.held_on + timedelta(days=rng.randint(2, 9)), 15)


@dataclass(frozen=True)
class _Dated:
    """Enough of a meeting for previous_minutes_title()."""

    held_on: date


def _due(held_on: date, rng: random.Random) -> date:
    return held_on + timedelta(days=rng.choice((15, 30, 30, 45, 60, 90)))


def _action_state(due: date, today: date, rng: random.Random) -> ActionState:
    """Older items mostly done or dropped (some still open, so overdue), recent ones mostly open."""
    if due < today - timedelta(days=60):
        weights = (8, 7, 78, 7)
    elif due < today:
        weights = (25, 25, 50, 0)
    else:
        weights = (50, 35, 15, 0)
    return rng.choices(
        (ActionState.PENDING, ActionState.IN_PROGRESS, ActionState.DONE, ActionState.DROPPED), weights
    )[0]


def _insert_meetings(plans: list[_Plan], count: int, today: date) -> tuple[int, int, int]:
    """The meetings of these committees with everything under them; returns (meetings, decisions, items)."""
    schedules = [_schedule(plan, count, today) for plan in plans]
    for schedule in schedules:
        for meeting in schedule:
            _minutes(meeting)
    # A round per position, so that each meeting's predecessor already has its id.
    for position in range(count):
        batch = [schedule[position] for schedule in schedules if position < len(schedule)]
        rows = [_meeting_row(m) for m in batch]
        ids = (
            db.session.execute(
                insert(Meeting.__table__).returning(Meeting.__table__.c.id, sort_by_parameter_order=True),
                rows,
            )
            .scalars()
            .all()
        )
        for meeting, meeting_id in zip(batch, ids, strict=True):
            meeting.id = meeting_id
    meetings = [m for schedule in schedules for m in schedule]

    item_rows, items = [], []
    for meeting in meetings:
        for position, item in enumerate(meeting.items):
            items.append((meeting, item))
            item_rows.append(
                {
                    "meeting_id": meeting.id,
                    "position": position,
                    "kind": item.kind,
                    "title": item.title,
                    "discussion": item.discussion,
                }
            )
    item_ids = (
        db.session.execute(
            insert(AgendaItem.__table__).returning(AgendaItem.__table__.c.id, sort_by_parameter_order=True),
            item_rows,
        )
        .scalars()
        .all()
    )

    decision_rows, decisions = [], []
    for (meeting, item), item_id in zip(items, item_ids, strict=True):
        for position, decision in enumerate(item.decisions):
            decisions.append((meeting, decision))
            decision_rows.append(
                {
                    "agenda_item_id": item_id,
                    "meeting_id": meeting.id,
                    "position": position,
                    "text": decision.text,
                    "due_date": decision.due_date,
                    "shared": False,
                }
            )
    decision_ids = (
        db.session.execute(
            insert(Decision.__table__).returning(Decision.__table__.c.id, sort_by_parameter_order=True),
            decision_rows,
        )
        .scalars()
        .all()
    )

    implementer_rows, action_rows = [], []
    for (meeting, decision), decision_id in zip(decisions, decision_ids, strict=True):
        seat = decision.seat
        label = ", ".join(
            p for p in (seat.name, seat.designation, seat.roles_bn) if p
        )  # services._implementer
        implementer_rows.append(
            {
                "decision_id": decision_id,
                "position": 0,
                "seat_id": seat.id,
                "officer_id": None,
                "label": label,
            }
        )
        if meeting.approved_at is not None:
            action_rows.append(_action_row(meeting, decision, decision_id, label, today))
    db.session.execute(insert(Implementer.__table__), implementer_rows)
    if action_rows:
        db.session.execute(insert(ActionItem.__table__), action_rows)

    attendee_rows = []
    for meeting in meetings:
        plan = meeting.plan
        for position, (seat, mark) in enumerate(zip(plan.seats, meeting.attendance, strict=True)):
            workplace = plan.office_name_bn if seat.post_id is not None else seat.outsider[2]
            attendee_rows.append(
                {
                    "meeting_id": meeting.id,
                    "position": position,
                    "seat_id": seat.id,
                    "officer_id": seat.officer_id,
                    "name": seat.name,
                    "designation": seat.designation,
                    "workplace": workplace,
                    "role_line": f"{seat.roles_bn}, {COMMITTEE_NAME_BN}",
                    "email": seat.email,
                    "is_guest": False,
                    "attendance": mark,
                }
            )
        if meeting.guest is not None:
            attendee_rows.append(
                {
                    "meeting_id": meeting.id,
                    "position": len(plan.seats),
                    "seat_id": None,
                    "officer_id": None,
                    "name": meeting.guest[0],
                    "designation": meeting.guest[0],
                    "workplace": meeting.guest[1],
                    "role_line": "",
                    "email": "",
                    "is_guest": True,
                    "attendance": Attendance.PRESENT,
                }
            )
    db.session.execute(insert(Attendee.__table__), attendee_rows)

    revision_rows = [_revision_row(m) for m in meetings if m.drafted]
    if revision_rows:
        db.session.execute(insert(MinutesRevision.__table__), revision_rows)
    return len(meetings), len(decisions), len(action_rows)


def _meeting_row(meeting: _Meeting) -> dict[str, Any]:
    plan = meeting.plan
    held = _at(meeting.held_on, meeting.start_time.hour, meeting.start_time.minute)
    venue = f"{plan.head_designation_bn}, {plan.place_bn} এর অফিস কক্ষ" if plan.place_bn else "সম্মেলন কক্ষ"
    issued = meeting.approved_at is not None
    return {
        "committee_id": plan.committee_id,
        "office_id": plan.office_id,
        "kind": meeting.kind,
        "state": MeetingState.MINUTES_ISSUED if issued else MeetingState.MINUTES_DRAFTED,
        "fiscal_year": meeting.fiscal_year,
        "number": meeting.number,
        "held_on": meeting.held_on,
        "start_time": meeting.start_time,
        "venue": venue,
        "previous_meeting_id": meeting.previous.id if meeting.previous else None,
        "notice_memo_id": None,
        "minutes_memo_id": None,
        "other_memo_ids": [],
        "postponed_reason": "",
        "cancelled_reason": "",
        "minutes_layout": plan.layout,
        "chair_seat_id": plan.convenor.id,
        "opening": OPENING,
        "closing": CLOSING,
        "minutes_version": 0 if issued else 1,
        "approved_at": meeting.approved_at,
        "approved_by_id": plan.convenor_user_id if issued else None,
        "attendance_scan_path": "",
        "attendance_scan_name": "",
        "created_by_id": plan.secretary_user_id,
        "created_at": held - timedelta(days=14),
        "updated_at": meeting.approved_at or held + timedelta(days=1),
        # schedule, notice, held, attendance, minutes (+ approve, issue)
        "version": 7 if issued else 5,
    }


def _action_row(
    meeting: _Meeting, decision: _Decision, decision_id: int, label: str, today: date
) -> dict[str, Any]:
    rng = meeting.plan.rng
    state = _action_state(decision.due_date, today, rng)
    created = meeting.approved_at
    assert created is not None
    completed = None
    if state == ActionState.DONE:
        day = min(decision.due_date + timedelta(days=rng.randint(-20, 15)), today)
        completed = max(_at(max(day, meeting.held_on), 16), created)
    steps = {ActionState.PENDING: 0, ActionState.IN_PROGRESS: 1, ActionState.DONE: 2, ActionState.DROPPED: 1}[
        state
    ]
    return {
        "decision_id": decision_id,
        "office_id": meeting.plan.office_id,
        "officer_id": decision.seat.officer_id,
        "seat_id": decision.seat.id,
        "label": label,
        "state": state,
        "due_date": decision.due_date,
        "dropped_reason": rng.choice(DROPPED_REASONS) if state == ActionState.DROPPED else "",
        "remarks": rng.choice(DONE_REMARKS) if state == ActionState.DONE else "",
        "completed_at": completed,
        "created_at": created,
        "updated_at": completed or (created + timedelta(days=steps * 7)),
        "version": 1 + steps,
    }


def _snapshot(meeting: _Meeting, with_minutes: bool) -> dict[str, Any]:
    """services.minutes_snapshot() of the meeting: as scheduled (with_minutes False) or as drafted."""
    plan = meeting.plan
    return {
        "layout": plan.layout.value if with_minutes else MinutesLayout.TABLE.value,
        "chair_seat_id": plan.convenor.id,
        "opening": OPENING if with_minutes else "",
        "closing": CLOSING if with_minutes else "",
        "items": [
            {
                "title": item.title,
                "kind": item.kind.value,
                "discussion": item.discussion if with_minutes else "",
                "decisions": [
                    {
                        "text": d.text,
                        "due_date": d.due_date.isoformat(),
                        "shared": False,
                        "implementers": [
                            {
                                "seat_id": d.seat.id,
                                "officer_id": None,
                                "label": ", ".join(
                                    p for p in (d.seat.name, d.seat.designation, d.seat.roles_bn) if p
                                ),
                            }
                        ],
                    }
                    for d in item.decisions
                ]
                if with_minutes
                else [],
            }
            for item in meeting.items
        ],
    }


def _revision_row(meeting: _Meeting) -> dict[str, Any]:
    before, after = _snapshot(meeting, False), _snapshot(meeting, True)
    return {
        "meeting_id": meeting.id,
        "version": 1,
        "snapshot": after,
        "changes": {k: [before[k], after[k]] for k in after if before[k] != after[k]},
        "created_at": _at(meeting.held_on + timedelta(days=1), 12),
        "created_by_id": meeting.plan.secretary_user_id,
    }
