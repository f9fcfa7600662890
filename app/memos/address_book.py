"""The composer's address book: supervising offices and their heads, every office in Sabha by search, and the
"all offices of a level" lines (seed 001's "উপজেলা সমবায় কর্মকর্তা (সকল), <district>") — each one click.

Each entry carries a key (the value of its button) that `resolve` turns back into recipient rows, checking
the ids again: the key comes from the browser."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.bangla import to_ascii_digits
from app.core.permissions import can_view_office, visible_offices_query
from app.core.text import clean_text
from app.extensions import db
from app.memos.services import group_label, group_offices, office_label, post_label
from app.org.models import Office, OfficeLevel, Post

SEARCH_LIMIT = 25
# The "all offices of a level" lines offered under a division and under a district.
GROUP_LEVELS = {
    OfficeLevel.DIVISION: (OfficeLevel.DISTRICT.value, OfficeLevel.UPAZILA.value),
    OfficeLevel.DISTRICT: (OfficeLevel.UPAZILA.value,),
}


@dataclass
class BookEntry:
    key: str  # "office:<id>", "post:<id>", "group:<office id>:<level>" or "groups:<division id>:upazila"
    label: str  # what the letter will say (or, for "groups", what the button adds)
    hint: str = ""


@dataclass
class BookSection:
    """The group lines offered for one division or district the user may see."""

    office: Office
    entries: list[BookEntry] = field(default_factory=list)


def _head_post(office: Office) -> Post | None:
    return next((p for p in office.posts if p.is_head and p.is_active), None)


def _office_entries(office: Office) -> list[BookEntry]:
    entries = [BookEntry(f"office:{office.id}", office_label(office), office.name)]
    head = _head_post(office)
    if head is not None:
        entries.append(BookEntry(f"post:{head.id}", post_label(head), str(_l("head of the office"))))
    return entries


def supervising_entries(office: Office) -> list[BookEntry]:
    """The offices above `office`, nearest first, each as an office and as its head's post."""
    ancestor_ids = office.ancestor_ids
    if not ancestor_ids:
        return []
    offices = db.session.scalars(
        select(Office)
        .where(Office.id.in_(ancestor_ids), Office.is_active)
        .options(selectinload(Office.posts))
    )
    entries: list[BookEntry] = []
    for ancestor in sorted(offices, key=lambda o: len(o.path), reverse=True):
        entries.extend(_office_entries(ancestor))
    return entries


def search_entries(q: str, limit: int = SEARCH_LIMIT) -> list[BookEntry]:
    """Any active office in Sabha whose Bangla or English name or code matches (a letter may go to any office,
    even one the sender may not open)."""
    q = clean_text(q)
    if not q:
        return []
    like = f"%{q.lower()}%"
    ascii_like = f"%{to_ascii_digits(q).lower()}%"
    offices = db.session.scalars(
        select(Office)
        .where(
            Office.is_active,
            or_(
                func.lower(Office.name_bn).like(like),
                func.lower(Office.name_en).like(ascii_like),
                func.lower(Office.place_bn).like(like),
                Office.code.like(ascii_like),
            ),
        )
        .options(selectinload(Office.posts))
        .order_by(Office.path)
        .limit(limit)
    )
    entries: list[BookEntry] = []
    for office in offices:
        entries.extend(_office_entries(office))
    return entries


GROUP_HINTS = {
    OfficeLevel.DISTRICT.value: _l("All district offices of %(office)s, as one line"),
    OfficeLevel.UPAZILA.value: _l("All upazila offices of %(office)s, as one line"),
}


def _group_entry(office: Office, level: str) -> BookEntry:
    return BookEntry(
        f"group:{office.id}:{level}",
        group_label(office, level),
        str(GROUP_HINTS[level] % {"office": office.name}),
    )


def group_sections(user: User) -> list[BookSection]:
    """For each division and district the user may see: its "all offices of a level" lines, and for a division
    also the upazila offices as one line per district (seed 001)."""
    offices = db.session.scalars(
        visible_offices_query(user)
        .where(Office.level.in_(list(GROUP_LEVELS)), Office.is_active)
        .order_by(Office.path)
    )
    sections = []
    for office in offices:
        section = BookSection(office, [_group_entry(office, level) for level in GROUP_LEVELS[office.level]])
        if office.level == OfficeLevel.DIVISION:
            per_district = _l("All upazila offices of %(office)s, one line per district", office=office.name)
            section.entries.append(
                BookEntry(f"groups:{office.id}:{OfficeLevel.UPAZILA.value}", str(per_district))
            )
        sections.append(section)
    return sections


def _ids(parts: list[str]) -> list[int] | None:
    return [int(p) for p in parts] if all(p.isdigit() for p in parts) else None


def resolve(key: str, user: User) -> list[dict[str, Any]]:
    """The recipient rows (without role) a button's key stands for; [] for a key that names nothing."""
    kind, _, rest = (key or "").partition(":")
    parts = rest.split(":")
    if kind in ("office", "post"):
        ids = _ids(parts[:1])
        if not ids:
            return []
        if kind == "office":
            office = db.session.get(Office, ids[0])
            if office is None or not office.is_active:
                return []
            return [{"office_id": office.id, "label": office_label(office)}]
        post = db.session.get(Post, ids[0])
        if post is None or not post.is_active:
            return []
        return [{"office_id": post.office_id, "post_id": post.id, "label": post_label(post)}]
    if kind in ("group", "groups") and len(parts) == 2:
        ids = _ids(parts[:1])
        level = parts[1]
        office = db.session.get(Office, ids[0]) if ids else None
        # The group lines are offered only for offices the user may see; a made-up key gets nothing.
        if office is None or not office.is_active or not can_view_office(user, office):
            return []
        if kind == "group":
            if level not in GROUP_LEVELS.get(office.level, ()):
                return []
            return [{"office_id": office.id, "group_level": level, "label": group_label(office, level)}]
        if office.level != OfficeLevel.DIVISION or level != OfficeLevel.UPAZILA.value:
            return []
        return [
            {"office_id": district.id, "group_level": level, "label": group_label(district, level)}
            for district in group_offices(office.id, OfficeLevel.DISTRICT.value)
        ]
    return []
