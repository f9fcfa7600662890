"""The national demo dataset (`flask seed-demo --national`): every cooperative office of the country with a
head post, an officer, a user and a file, and 100,000 issued memos between them with their deliveries.

It exists to measure pages and queries at the size of the real department, so it is inserted in bulk (many
rows per statement, no ORM unit of work) rather than through the services one letter at a time; what the
services would have produced is reproduced exactly: numbers from the file prefix and a serial per scope
(office + calendar year by default, or the office's own setting), counters equal to the last serial,
deliveries to the addressee, every office of a group, and copy recipients, never to the sender itself.

Offices are found by code (the ones `seed_demo()` made are reused; geo.py names where it has them,
generated names for the upazilas it does not list). Offices, posts, officers and users are added only where
missing; the memos are added once: a second run finds them and adds nothing. Flushes; the caller commits.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from flask import current_app
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import selectinload
from werkzeug.security import generate_password_hash

from app.auth.models import Role, User
from app.core import audit
from app.core.bangla import (
    count_with_words_bn,
    fiscal_quarter,
    fiscal_year_label,
    fiscal_year_start,
    quarter_label_bn,
    to_bn_digits,
)
from app.core.errors import DomainError
from app.demo import geo, people, seed
from app.extensions import db
from app.memos import services
from app.memos.models import (
    CopyPurpose,
    Delivery,
    Memo,
    MemoCounter,
    MemoFile,
    MemoKind,
    MemoRecipient,
    RecipientRole,
)
from app.org.models import Office, OfficeLevel, Officer, Post, PostHolding
from workflows.memo import DeliveryState, MemoState

NATIONAL_MEMOS = 100_000
NATIONAL_FILE_TITLE = "সাধারণ পত্রালাপ (জাতীয় ডেমো)"
# Memo-number segments of each office's demo file: head of office's desk, subject 50, file 001, opened 2022.
FILE_SEGMENTS = ("000", "50", "001", "22")
FIRST_DAY = date(2023, 1, 1)
LAST_DAY = date(2024, 12, 31)
HOLDING_START = date(2022, 7, 1)
BATCH_MEMOS = 10_000

# Upazilas per district (2022 figures), for the districts whose upazilas geo.py does not list by name.
# fmt: off
UPAZILA_COUNTS: dict[str, int] = {
    # Barishal
    "04": 6, "06": 10, "09": 7, "42": 4, "78": 8, "79": 7,
    # Chattogram
    "03": 7, "12": 9, "13": 8, "15": 15, "19": 17, "22": 9, "30": 6, "46": 9, "51": 5, "75": 9, "84": 10,
    # Dhaka
    "26": 5, "29": 9, "33": 5, "35": 5, "48": 13, "54": 5, "56": 7, "59": 6, "67": 5, "68": 6, "82": 5,
    "86": 6, "93": 12,
    # Khulna
    "01": 9, "18": 4, "41": 8, "44": 6, "47": 9, "50": 6, "55": 4, "57": 3, "65": 3, "87": 7,
    # Mymensingh
    "39": 7, "61": 13, "72": 10, "89": 5,
    # Rajshahi
    "10": 12, "38": 5, "64": 11, "69": 7, "70": 5, "76": 9, "81": 9, "88": 9,
    # Sylhet
    "36": 9, "58": 7, "90": 12, "91": 13,
}
# fmt: on

# Metropolitan thana cooperative offices, under the district of their city.
METRO_THANAS: tuple[tuple[str, str, str], ...] = (
    ("26", "Motijheel", "মতিঝিল"),
    ("26", "Mirpur", "মিরপুর"),
    ("26", "Gulshan", "গুলশান"),
    ("26", "Dhanmondi", "ধানমন্ডি"),
    ("15", "Kotwali", "কোতোয়ালী"),
    ("15", "Double Mooring", "ডবলমুরিং"),
    ("47", "Sonadanga", "সোনাডাঙ্গা"),
    ("81", "Boalia", "বোয়ালিয়া"),
    ("91", "Kotwali", "কোতোয়ালী"),
    ("06", "Kotwali", "কোতোয়ালী"),
)

HEAD_POSTS = {
    **people.HEAD_POSTS,
    OfficeLevel.METRO_THANA.value: people.HeadPost(
        "মেট্রো থানা সমবায় অফিসার", "Metropolitan Thana Cooperative Officer"
    ),
}

# How many letters an office sends, relative to an upazila office.
LEVEL_WEIGHTS = {
    OfficeLevel.DIRECTORATE: 10,
    OfficeLevel.DIVISION: 6,
    OfficeLevel.DISTRICT: 3,
    OfficeLevel.UPAZILA: 1,
    OfficeLevel.METRO_THANA: 1,
}

# fmt: off
FIRST_NAMES = (("মো:", "Md."), ("মোছা:", "Mst."), ("মোহাম্মদ", "Mohammad"), ("", ""), ("", ""), ("", ""))
GIVEN_NAMES = (
    ("আব্দুল করিম", "Abdul Karim"), ("রফিকুল ইসলাম", "Rafiqul Islam"), ("নাসরিন আক্তার", "Nasrin Akter"),
    ("শামীম আহমেদ", "Shamim Ahmed"), ("ফারজানা ইয়াসমিন", "Farzana Yasmin"), ("মাহবুবুর রহমান", "Mahbubur Rahman"),
    ("সুমন চন্দ্র দাস", "Sumon Chandra Das"), ("আনোয়ার হোসেন", "Anwar Hossain"), ("তাহমিনা বেগম", "Tahmina Begum"),
    ("জাহিদুল হক", "Zahidul Haque"), ("কামরুল হাসান", "Kamrul Hasan"), ("সাবরিনা সুলতানা", "Sabrina Sultana"),
    ("আশরাফুল আলম", "Ashraful Alam"), ("মিজানুর রহমান", "Mizanur Rahman"), ("রুমানা পারভীন", "Rumana Parvin"),
    ("প্রদীপ কুমার সরকার", "Prodip Kumar Sarkar"), ("হাবিবুর রহমান", "Habibur Rahman"),
    ("শাহনাজ পারভীন", "Shahnaz Parvin"), ("মনিরুজ্জামান", "Moniruzzaman"), ("আতিকুর রহমান", "Atiqur Rahman"),
)
# fmt: on

BODIES = (
    "উপর্যুক্ত বিষয় ও সূত্রের পরিপ্রেক্ষিতে এ দপ্তরের প্রতিবেদন এতদসংগে সংযুক্ত করে সদয় অবগতি ও পরবর্তী প্রয়োজনীয় "
    "ব্যবস্থা গ্রহণের জন্য প্রেরণ করা হলো।",
    "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে জানানো যাচ্ছে যে, নির্ধারিত ছকে তথ্য পূরণ করে নির্ধারিত তারিখের মধ্যে এ দপ্তরে "
    "প্রেরণ করতে হবে।\n\nএমতাবস্থায়, বিষয়টি অতীব জরুরি বিবেচনায় প্রয়োজনীয় ব্যবস্থা গ্রহণের জন্য নির্দেশক্রমে অনুরোধ "
    "করা হলো।",
    "উপর্যুক্ত বিষয়ে সরকারি নির্দেশনা অনুযায়ী কার্যক্রম গ্রহণ করা হয়েছে।\n\nবিষয়টি সদয় অবগতির জন্য প্রেরণ করা হলো।",
)


def _upward_subject(on: date, rng: random.Random) -> str:
    fy = fiscal_year_label(fiscal_year_start(on))
    quarter = quarter_label_bn(fiscal_quarter(on))
    return rng.choice(
        (
            f"ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা {fy} এর {quarter} অগ্রগতি প্রতিবেদন প্রেরণ।",
            f"বার্ষিক কর্মসম্পাদন চুক্তি {fy} এর অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন প্রেরণ।",
            f"জাতীয় শুদ্ধাচার কৌশল কর্মপরিকল্পনা {fy} এর {quarter} পরিবীক্ষণ প্রতিবেদন প্রেরণ।",
            "সমবায় সমিতির নিরীক্ষা (অডিট) অগ্রগতির মাসিক প্রতিবেদন প্রেরণ।",
            "মাসিক সমন্বয় সভার কার্যবিবরণী প্রেরণ।",
            f"Annual Performance Agreement {fiscal_year_label(fiscal_year_start(on), bn=False)}: quarterly "
            f"progress report, quarter {fiscal_quarter(on)}.",
        )
    )


def _downward_subject(on: date, rng: random.Random) -> str:
    fy = fiscal_year_label(fiscal_year_start(on))
    return rng.choice(
        (
            "তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।",
            f"ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা {fy} বাস্তবায়ন।",
            f"{fy} অর্থবছরের বার্ষিক কর্মসম্পাদন চুক্তির লক্ষ্যমাত্রা অর্জন নিশ্চিতকরণ।",
            "সমবায় সমিতির ব্যবস্থাপনা কমিটির নির্বাচন অনুষ্ঠান সংক্রান্ত।",
            "অভিযোগ প্রতিকার ব্যবস্থা বিষয়ক ত্রৈমাসিক সভা আয়োজন প্রসঙ্গে।",
            "Web portal update: monthly report to be sent by the 5th.",
        )
    )


# The office tree -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeSpec:
    code: str
    parent_code: str | None
    data: dict[str, Any]  # Office columns


def _generated_upazila(district: geo.District, n: int) -> OfficeSpec:
    upazila = geo.Upazila(district.code, f"{n:02d}", f"Upazila {n}", f"উপজেলা-{to_bn_digits(n)}")
    data = seed.upazila_data(upazila)
    data["code"] = f"upz-{geo.slug(district.name_en)}-{n}"
    return OfficeSpec(data["code"], geo.district_office_code(district), data)


def _metro_thana(district: geo.District, number: int, name_en: str, name_bn: str) -> OfficeSpec:
    code = f"thana-{geo.slug(district.name_en)}-{geo.slug(name_en)}"
    place_bn, place_en = f"{name_bn}, {district.name_bn}", f"{name_en}, {district.name_en}"
    data = {
        "level": OfficeLevel.METRO_THANA.value,
        "code": code,
        "letterhead_bn": people.GOVERNMENT,
        "memo_ministry_code": people.MEMO_MINISTRY_CODE,
        "memo_department_code": people.MEMO_DEPARTMENT_CODE,
        "memo_geo_code": f"{district.code}{90 + number:02d}",
        "name_bn": f"মেট্রো থানা সমবায় কার্যালয়, {place_bn}",
        "name_en": f"Metropolitan Thana Cooperative Office, {place_en}",
        "place_bn": place_bn,
        "place_en": place_en,
    }
    return OfficeSpec(code, geo.district_office_code(district), data)


def national_tree() -> list[OfficeSpec]:
    """Every office of the country, each after its parent (depth first: a division, its first district, that
    district's upazilas and thanas, its next district ...)."""
    offices = [OfficeSpec(seed.DIRECTORATE_CODE, None, seed.directorate_data())]
    for division in geo.DIVISIONS:
        division_code = geo.division_office_code(division)
        offices.append(OfficeSpec(division_code, seed.DIRECTORATE_CODE, seed.division_data(division)))
        for district in geo.districts_of(division):
            district_code = geo.district_office_code(district)
            offices.append(OfficeSpec(district_code, division_code, seed.district_data(district)))
            named = geo.upazilas_of(district)
            if named:
                offices += [
                    OfficeSpec(geo.upazila_office_code(u), district_code, seed.upazila_data(u)) for u in named
                ]
            else:
                offices += [
                    _generated_upazila(district, n) for n in range(1, UPAZILA_COUNTS[district.code] + 1)
                ]
            thanas = [t for t in METRO_THANAS if t[0] == district.code]
            offices += [_metro_thana(district, i, en, bn) for i, (_, en, bn) in enumerate(thanas)]
    return offices


# The build -------------------------------------------------------------------------------------------------


@dataclass
class NationalSummary:
    already_present: bool = False
    offices: int = 0
    offices_added: int = 0
    users_added: int = 0
    memos: int = 0
    deliveries: int = 0
    seconds: float = 0.0
    sample_users: dict[str, str] = field(default_factory=dict)  # level -> username


@dataclass
class _Office:
    """What the memo generator needs to know of an office."""

    id: int
    code: str
    level: OfficeLevel
    office: Office | None = None
    label: str = ""  # how a letter addresses it
    head_post_id: int = 0
    signatory_officer_id: int = 0
    user_id: int | None = None
    issuer_id: int | None = None
    file_id: int = 0
    prefix: str = ""
    separator: str = "."

    @property
    def path(self) -> str:
        return self.office.path if self.office else ""

    @property
    def parent_id(self) -> int | None:
        return self.office.parent_id if self.office else None

    @property
    def scope(self) -> str:
        return self.office.memo_serial_scope if self.office else ""


def national_memo_count() -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(Memo).join(MemoFile).where(MemoFile.title == NATIONAL_FILE_TITLE)
        )
        or 0
    )


def build_national(
    *,
    offices: int | None = None,
    memos: int = NATIONAL_MEMOS,
    seed_value: int = 2024,
    password: str | None = None,
) -> NationalSummary:
    """Build the national dataset: the first `offices` offices of national_tree() (all by default) and
    `memos` issued letters between them. Returns what was added; adds nothing when it is already there."""
    started = time.perf_counter()
    if offices is not None and offices < 2:
        raise DomainError("The national dataset needs at least two offices.")
    if memos < 0:
        raise DomainError("The number of memos cannot be negative.")
    summary = NationalSummary()
    present = national_memo_count()
    if present:
        summary.already_present, summary.memos = True, present
        summary.offices = db.session.scalar(select(func.count()).select_from(Office)) or 0
        return summary
    specs = national_tree()[:offices] if offices else national_tree()
    rng = random.Random(seed_value)
    ids, summary.offices_added = _ensure_offices(specs)
    nodes = [_Office(ids[s.code], s.code, OfficeLevel(s.data["level"])) for s in specs]
    summary.users_added = _ensure_people(nodes, rng, password or seed.DEMO_PASSWORD)
    _attach_offices(nodes)
    _ensure_files(nodes)
    summary.memos, summary.deliveries = _insert_memos(nodes, memos, rng)
    directorate = nodes[0].office
    audit.record(
        "demo.national",
        directorate,
        by=None,
        office_id=nodes[0].id,
        changes={"offices": len(nodes), "memos": summary.memos, "deliveries": summary.deliveries},
    )
    db.session.flush()
    summary.offices = len(nodes)
    for node in nodes:
        if node.user_id is not None:
            summary.sample_users.setdefault(node.level.value, node.code)
    summary.seconds = time.perf_counter() - started
    return summary


def _ensure_offices(specs: list[OfficeSpec]) -> tuple[dict[str, int], int]:
    """Insert the offices that are missing, a level at a time so that parents have ids; return code -> id."""
    ids: dict[str, int] = {}
    paths: dict[str, str] = {}
    for oid, code, path in db.session.execute(select(Office.id, Office.code, Office.path)):
        ids[code.lower()], paths[code.lower()] = oid, path
    added = 0
    for wanted in (
        (OfficeLevel.DIRECTORATE,),
        (OfficeLevel.DIVISION,),
        (OfficeLevel.DISTRICT,),
        (OfficeLevel.UPAZILA, OfficeLevel.METRO_THANA),
    ):
        missing = [s for s in specs if OfficeLevel(s.data["level"]) in wanted and s.code.lower() not in ids]
        if not missing:
            continue
        rows = [
            {
                **s.data,
                "level": OfficeLevel(s.data["level"]),
                "path": "",
                "parent_id": ids[s.parent_code] if s.parent_code else None,
            }
            for s in missing
        ]
        db.session.execute(insert(Office), rows)
        codes = [s.code for s in missing]
        for oid, code in db.session.execute(select(Office.id, Office.code).where(Office.code.in_(codes))):
            ids[code.lower()] = oid
        path_rows = []
        for s in missing:
            paths[s.code] = f"{paths[s.parent_code] if s.parent_code else '/'}{ids[s.code]}/"
            path_rows.append({"id": ids[s.code], "path": paths[s.code]})
        db.session.execute(update(Office), path_rows)
        added += len(missing)
    return {s.code: ids[s.code.lower()] for s in specs}, added


def _ensure_people(nodes: list[_Office], rng: random.Random, password: str) -> int:
    """A head post in every office, an officer holding it where nobody does, and a user per office named by
    the office code. Returns the number of users added."""
    ids = [n.id for n in nodes]
    heads = _head_posts(ids)
    missing = [n for n in nodes if n.id not in heads]
    if missing:
        db.session.execute(
            insert(Post),
            [
                {
                    "office_id": n.id,
                    "designation_bn": HEAD_POSTS[n.level.value].designation_bn,
                    "designation_en": HEAD_POSTS[n.level.value].designation_en,
                    "rank": 1,
                    "is_head": True,
                }
                for n in missing
            ],
        )
        heads = _head_posts(ids)
    # The holder current_holder_of() would name: regular charge before additional, the latest start first.
    holders: dict[int, int] = {}
    for post_id, officer_id in db.session.execute(
        select(PostHolding.post_id, PostHolding.officer_id)
        .where(PostHolding.post_id.in_(heads.values()), PostHolding.end_date.is_(None))
        .order_by(PostHolding.charge, PostHolding.start_date.desc())
    ):
        holders.setdefault(post_id, officer_id)
    vacant = [n for n in nodes if heads[n.id] not in holders]
    new_officers: dict[int, int] = {}
    if vacant:
        rows = []
        for n in vacant:
            (title_bn, title_en), (given_bn, given_en) = rng.choice(FIRST_NAMES), rng.choice(GIVEN_NAMES)
            rows.append(
                {
                    "office_id": n.id,
                    "honorific_bn": "জনাব",
                    "name_bn": f"{title_bn} {given_bn}".strip(),
                    "name_en": f"{title_en} {given_en}".strip(),
                    "email": f"{n.code}@coop.example.gov.bd",
                }
            )
        db.session.execute(insert(Officer), rows)
        # The newest officer of each of these offices is the one just added.
        new_officers = {
            office_id: officer_id
            for office_id, officer_id in db.session.execute(
                select(Officer.office_id, func.max(Officer.id))
                .where(Officer.office_id.in_([n.id for n in vacant]))
                .group_by(Officer.office_id)
            )
        }
        db.session.execute(
            insert(PostHolding),
            [
                {"post_id": heads[n.id], "officer_id": new_officers[n.id], "start_date": HOLDING_START}
                for n in vacant
            ],
        )
        holders.update({heads[n.id]: new_officers[n.id] for n in vacant})

    codes = [n.code for n in nodes]
    existing = {
        name.lower() for name in db.session.scalars(select(User.username).where(User.username.in_(codes)))
    }
    # One hash for every account: they share the demo password.
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    password_hash = generate_password_hash(password, method=method)
    new_users = [
        {
            "username": n.code,
            "office_id": n.id,
            "officer_id": new_officers.get(n.id),
            "role": Role.STAFF,
            "locale": "bn",
            "password_hash": password_hash,
        }
        for n in nodes
        if n.code.lower() not in existing
    ]
    if new_users:
        db.session.execute(insert(User), new_users)
    users = dict(db.session.execute(select(User.office_id, User.id).where(User.username.in_(codes))).all())
    signers = dict(
        db.session.execute(
            select(User.officer_id, User.id).where(User.officer_id.in_(holders.values()))
        ).all()
    )
    for n in nodes:
        n.head_post_id = heads[n.id]
        n.signatory_officer_id = holders[n.head_post_id]
        n.user_id = users.get(n.id)
        n.issuer_id = signers.get(n.signatory_officer_id, n.user_id)
    return len(new_users)


def _head_posts(office_ids: list[int]) -> dict[int, int]:
    heads: dict[int, int] = {}
    for office_id, post_id in db.session.execute(
        select(Post.office_id, Post.id)
        .where(Post.office_id.in_(office_ids), Post.is_head, Post.is_active)
        .order_by(Post.rank, Post.id)
    ):
        heads.setdefault(office_id, post_id)
    return heads


def _attach_offices(nodes: list[_Office]) -> None:
    """The Office rows, fresh (the posts were inserted behind the session's back), and how letters
    name them."""
    offices = {
        o.id: o
        for o in db.session.scalars(
            select(Office)
            .where(Office.id.in_([n.id for n in nodes]))
            .options(selectinload(Office.posts))
            .execution_options(populate_existing=True)
        )
    }
    for n in nodes:
        n.office = offices[n.id]
        n.label = services.office_label(n.office)


def _ensure_files(nodes: list[_Office]) -> None:
    """One demo file per office, its number prefix from the office's codes (bumping the file serial if the
    office already has a file with that number)."""
    ids = [n.id for n in nodes]
    files = {
        office_id: (file_id, prefix, sep)
        for file_id, office_id, prefix, sep in db.session.execute(
            select(MemoFile.id, MemoFile.office_id, MemoFile.number_prefix, MemoFile.serial_separator).where(
                MemoFile.office_id.in_(ids), MemoFile.title == NATIONAL_FILE_TITLE
            )
        )
    }
    taken = set(
        db.session.execute(
            select(MemoFile.office_id, MemoFile.number_prefix).where(MemoFile.office_id.in_(ids))
        ).all()
    )
    rows = []
    for n in nodes:
        if n.id in files:
            continue
        branch, subject, serial, year = FILE_SEGMENTS
        prefix = services.default_number_prefix(n.office, branch, subject, serial, year)
        bump = 1
        while (n.id, prefix) in taken:
            bump += 1
            prefix = services.default_number_prefix(n.office, branch, subject, f"{bump:03d}", year)
        rows.append(
            {
                "office_id": n.id,
                "title": NATIONAL_FILE_TITLE,
                "number_prefix": prefix,
                "serial_separator": ".",
            }
        )
    if rows:
        db.session.execute(insert(MemoFile), rows)
        files.update(
            {
                office_id: (file_id, prefix, sep)
                for file_id, office_id, prefix, sep in db.session.execute(
                    select(
                        MemoFile.id, MemoFile.office_id, MemoFile.number_prefix, MemoFile.serial_separator
                    ).where(MemoFile.office_id.in_(ids), MemoFile.title == NATIONAL_FILE_TITLE)
                )
            }
        )
    for n in nodes:
        n.file_id, n.prefix, n.separator = files[n.id]


# Memos -----------------------------------------------------------------------------------------------------


@dataclass
class _Line:
    role: RecipientRole
    office_id: int
    group_level: str | None
    purpose: CopyPurpose | None
    label: str
    targets: list[int]


@dataclass
class _Letter:
    office: _Office
    on: date
    at: datetime
    kind: MemoKind
    subject: str
    lines: list[_Line]
    scope_key: str = ""
    serial: int = 0


class _Network:
    """Who an office writes to: its parent upward, groups of offices of a level under it downward."""

    def __init__(self, nodes: list[_Office]):
        self.by_id = {n.id: n for n in nodes}
        self.groups: dict[tuple[int, OfficeLevel], list[int]] = defaultdict(list)
        for n in nodes:
            for ancestor in n.path.strip("/").split("/")[:-1]:
                if int(ancestor) in self.by_id:
                    self.groups[(int(ancestor), n.level)].append(n.id)

    def parent(self, node: _Office) -> _Office | None:
        return self.by_id.get(node.parent_id) if node.parent_id else None

    def down_levels(self, node: _Office) -> list[OfficeLevel]:
        wanted = {
            OfficeLevel.DIRECTORATE: (OfficeLevel.DIVISION, OfficeLevel.DISTRICT),
            OfficeLevel.DIVISION: (OfficeLevel.DISTRICT, OfficeLevel.UPAZILA),
            OfficeLevel.DISTRICT: (OfficeLevel.UPAZILA,),
        }.get(node.level, ())
        return [level for level in wanted if self.groups.get((node.id, level))]

    def letter(self, node: _Office, on: date, at: datetime, rng: random.Random) -> _Letter | None:
        parent = self.parent(node)
        levels = self.down_levels(node)
        upward_share = {OfficeLevel.DIRECTORATE: 0.0, OfficeLevel.DIVISION: 0.4, OfficeLevel.DISTRICT: 0.5}
        if parent is not None and (not levels or rng.random() < upward_share.get(node.level, 1.0)):
            lines = [_Line(RecipientRole.TO, parent.id, None, None, parent.label, [parent.id])]
            grandparent = self.parent(parent)
            if grandparent is not None and rng.random() < 0.3:
                lines.append(
                    _Line(
                        RecipientRole.COPY,
                        grandparent.id,
                        None,
                        CopyPurpose.INFORMATION,
                        grandparent.label,
                        [grandparent.id],
                    )
                )
            return _Letter(node, on, at, MemoKind.FORWARDING, _upward_subject(on, rng), lines)
        if not levels:
            return None
        level = rng.choice(levels)
        targets = self.groups[(node.id, level)]
        label = services.group_label(node.office, level.value)
        lines = [_Line(RecipientRole.DISTRIBUTION, node.id, level.value, None, label, targets)]
        if parent is not None and rng.random() < 0.5:
            lines.append(
                _Line(
                    RecipientRole.COPY,
                    parent.id,
                    None,
                    CopyPurpose.KIND_INFORMATION,
                    parent.label,
                    [parent.id],
                )
            )
        return _Letter(node, on, at, MemoKind.DIRECTIVE, _downward_subject(on, rng), lines)


def _share_out(total: int, nodes: list[_Office]) -> list[int]:
    """Split `total` letters between the offices by level weight (largest remainder)."""
    weights = [LEVEL_WEIGHTS[n.level] for n in nodes]
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(nodes)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


# Friday and Saturday are the weekend.
_WORKING_DAYS = [
    day
    for day in (FIRST_DAY + timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1))
    if day.weekday() not in (4, 5)
]


def _letters_of(node: _Office, count: int, network: _Network, rng: random.Random) -> list[_Letter]:
    moments = []
    for _ in range(count):
        on = rng.choice(_WORKING_DAYS)
        moments.append(
            (
                on,
                datetime(
                    on.year,
                    on.month,
                    on.day,
                    rng.randint(9, 16),
                    rng.randint(0, 59),
                    rng.randint(0, 59),
                    tzinfo=services.DHAKA,
                ),
            )
        )
    moments.sort()
    letters = [network.letter(node, on, at, rng) for on, at in moments]
    return [letter for letter in letters if letter is not None]


def _number_letters(letters: list[_Letter], next_serial: dict[str, int]) -> None:
    """Serials in date order per scope, continuing after what the scope already holds."""
    for letter in letters:
        fake = SimpleNamespace(
            office=SimpleNamespace(memo_serial_scope=letter.office.scope),
            office_id=letter.office.id,
            file_id=letter.office.file_id,
        )
        letter.scope_key = services.serial_scope_key(fake, letter.on)  # type: ignore[arg-type]
        next_serial[letter.scope_key] = next_serial.get(letter.scope_key, 0) + 1
        letter.serial = next_serial[letter.scope_key]


def _batches(nodes: list[_Office], counts: list[int]) -> Iterator[list[tuple[_Office, int]]]:
    batch: list[tuple[_Office, int]] = []
    size = 0
    for node, count in zip(nodes, counts, strict=True):
        batch.append((node, count))
        size += count
        if size >= BATCH_MEMOS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _insert_memos(nodes: list[_Office], total: int, rng: random.Random) -> tuple[int, int]:
    network = _Network(nodes)
    last = dict(db.session.execute(select(MemoCounter.scope_key, MemoCounter.last_serial)).all())
    highest = db.session.execute(
        select(Memo.serial_scope_key, func.max(Memo.serial))
        .where(Memo.serial.is_not(None))
        .group_by(Memo.serial_scope_key)
    ).all()
    next_serial = dict(last)
    for key, serial in highest:
        next_serial[key] = max(next_serial.get(key, 0), serial or 0)
    search_keys: dict[str, str] = {}
    received_by = {n.id: n.user_id for n in nodes}
    memos = deliveries = 0
    for batch in _batches(nodes, _share_out(total, nodes)):
        letters = [letter for node, count in batch for letter in _letters_of(node, count, network, rng)]
        _number_letters(letters, next_serial)
        memos += len(letters)
        deliveries += _insert_batch(letters, search_keys, received_by, rng)
    _set_counters(last, next_serial)
    return memos, deliveries


def _insert_batch(
    letters: list[_Letter],
    search_keys: dict[str, str],
    received_by: dict[int, int | None],
    rng: random.Random,
) -> int:
    if not letters:
        return 0
    memo_rows = []
    for letter in letters:
        office = letter.office
        number = f"{office.prefix}{office.separator}{letter.serial}"
        if letter.subject not in search_keys:
            search_keys[letter.subject] = services.search_key(letter.subject)
        pages = rng.randint(1, 5)
        at_utc = letter.at.astimezone(UTC)  # the timestamps the app writes with utcnow()
        memo_rows.append(
            {
                "office_id": office.id,
                "file_id": office.file_id,
                "kind": letter.kind,
                "status": MemoState.ISSUED,
                "subject": letter.subject,
                "search_text": f"{search_keys[letter.subject]} {number.casefold()}",
                "body": rng.choice(BODIES),
                "number_paragraphs": True,
                "attachment_line": f"বর্ণনামতে {count_with_words_bn(pages)} পাতা"
                if letter.kind == MemoKind.FORWARDING
                else "",
                "not_by_seniority": letter.kind == MemoKind.DIRECTIVE,
                "office_copy": True,
                "title": "",
                "signatory_post_id": office.head_post_id,
                "signatory_officer_id": office.signatory_officer_id,
                "signatory_extra": "",
                "serial_scope_key": letter.scope_key,
                "serial": letter.serial,
                "number": number,
                "issued_on": letter.on,
                "issued_at": letter.at,
                "issued_by_id": office.issuer_id,
                "submitted_at": letter.at - timedelta(hours=2),
                "return_comment": "",
                "created_by_id": office.user_id,
                "created_at": at_utc - timedelta(days=1),
                "updated_at": at_utc,
                "version": 3,
            }
        )
    db.session.execute(insert(Memo.__table__), memo_rows)
    file_ids = sorted({letter.office.file_id for letter in letters})
    memo_ids = {
        (key, serial): memo_id
        for memo_id, key, serial in db.session.execute(
            select(Memo.id, Memo.serial_scope_key, Memo.serial).where(Memo.file_id.in_(file_ids))
        )
    }
    recipient_rows = []
    for letter in letters:
        memo_id = memo_ids[(letter.scope_key, letter.serial)]
        for position, line in enumerate(letter.lines):
            recipient_rows.append(
                {
                    "memo_id": memo_id,
                    "role": line.role,
                    "position": position,
                    "label": line.label,
                    "office_id": line.office_id,
                    "post_id": None,
                    "group_level": line.group_level,
                    "purpose": line.purpose,
                    "email": "",
                }
            )
    db.session.execute(insert(MemoRecipient.__table__), recipient_rows)
    recipient_ids = {
        (memo_id, position): recipient_id
        for recipient_id, memo_id, position in db.session.execute(
            select(MemoRecipient.id, MemoRecipient.memo_id, MemoRecipient.position)
            .join(Memo, Memo.id == MemoRecipient.memo_id)
            .where(Memo.file_id.in_(file_ids))
        )
    }
    recent = LAST_DAY - timedelta(days=30)
    delivery_rows = []
    for letter in letters:
        memo_id = memo_ids[(letter.scope_key, letter.serial)]
        at_utc = letter.at.astimezone(UTC)
        seen = {letter.office.id}
        for position, line in enumerate(letter.lines):
            for office_id in line.targets:
                if office_id in seen:
                    continue
                seen.add(office_id)
                received = letter.on < recent and rng.random() < 0.85
                delivery_rows.append(
                    {
                        "memo_id": memo_id,
                        "office_id": office_id,
                        "recipient_id": recipient_ids[(memo_id, position)],
                        "role": line.role,
                        "post_id": None,
                        "state": DeliveryState.RECEIVED if received else DeliveryState.DELIVERED,
                        "delivered_at": at_utc,
                        "received_at": at_utc + timedelta(minutes=rng.randint(30, 4320))
                        if received
                        else None,
                        "received_by_id": received_by.get(office_id) if received else None,
                    }
                )
    if delivery_rows:
        db.session.execute(insert(Delivery.__table__), delivery_rows)
    return len(delivery_rows)


def _set_counters(before: dict[str, int], after: dict[str, int]) -> None:
    changed = [(key, serial) for key, serial in after.items() if before.get(key) != serial]
    new = [{"scope_key": key, "last_serial": serial} for key, serial in changed if key not in before]
    if new:
        db.session.execute(insert(MemoCounter.__table__), new)
    for key, serial in changed:
        if key in before:
            db.session.execute(
                update(MemoCounter.__table__).where(MemoCounter.scope_key == key).values(last_serial=serial)
            )
