"""Read side of the organisation: office trees, rosters and searches, each in a bounded number of queries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.permissions import visible_offices_query
from app.core.text import clean_text
from app.extensions import db
from app.org.models import Office, OfficeLevel, Officer, Post, PostHolding


def search_visible_offices(user: User, q: str = "", level: str = "") -> list[Office]:
    """Offices the user may see, matching `q` in the Bangla or English name or the code (NFC-normalised)."""
    query = visible_offices_query(user)
    q = clean_text(q)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            or_(
                func.lower(Office.name_bn).like(like),
                func.lower(Office.name_en).like(like),
                Office.code.like(like),
            )
        )
    if level in {lv.value for lv in OfficeLevel}:
        query = query.where(Office.level == OfficeLevel(level))
    return list(db.session.scalars(query.order_by(Office.path)))


def build_tree(offices: list[Office]) -> list[dict[str, Any]]:
    """Nest a list of offices by parent; offices whose parent is not in the list become roots."""
    nodes = {o.id: {"office": o, "children": []} for o in offices}
    roots = []
    for office in offices:
        parent = nodes.get(office.parent_id) if office.parent_id else None
        (parent["children"] if parent else roots).append(nodes[office.id])
    return roots


def office_posts(office: Office) -> list[Post]:
    """The office's posts with their current holders, loaded in one go."""
    return list(
        db.session.scalars(
            select(Post)
            .where(Post.office_id == office.id)
            .options(
                selectinload(Post.holdings).selectinload(PostHolding.officer),
                selectinload(Post.branch),
            )
            .order_by(Post.is_active.desc(), Post.rank, Post.designation_bn)
        )
    )


def office_officers(office: Office) -> list[Officer]:
    return list(
        db.session.scalars(
            select(Officer)
            .where(Officer.office_id == office.id)
            .options(selectinload(Officer.holdings).selectinload(PostHolding.post))
            .order_by(Officer.name_bn)
        )
    )


def child_offices(office: Office) -> list[Office]:
    return list(
        db.session.scalars(select(Office).where(Office.parent_id == office.id).order_by(Office.name_bn))
    )


def descendant_count(office: Office) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Office)
            .where(Office.path.startswith(office.path), Office.id != office.id)
        )
        or 0
    )
