"""Read side of memos: inbox, sent and received registers, search, files and drafts — each page in a fixed
number of queries whatever the size of the office's records (rows are eager-loaded, counts are one query)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import User
from app.core.bangla import to_ascii_digits
from app.core.permissions import can_view_office
from app.core.text import clean_text
from app.extensions import db
from app.memos.models import Delivery, Memo, MemoEmail, MemoFile, MemoKind, MemoRecipient
from app.memos.services import search_key
from app.org.models import Office
from workflows.memo import DeliveryState, MemoState


@dataclass
class RegisterFilters:
    """What a register or search page narrows by; every field optional."""

    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""
    file_id: int | None = None
    q: str = ""
    state: str = ""

    @classmethod
    def from_args(cls, args: Any) -> RegisterFilters:
        def _date(name: str) -> date | None:
            raw = to_ascii_digits(clean_text(args.get(name, "")))
            try:
                return date.fromisoformat(raw) if raw else None
            except ValueError:
                return None

        file_raw = to_ascii_digits(args.get("file_id", "") or "")
        kind = args.get("kind", "")
        return cls(
            date_from=_date("date_from"),
            date_to=_date("date_to"),
            kind=kind if kind in {k.value for k in MemoKind} else "",
            file_id=int(file_raw) if file_raw.isdigit() else None,
            q=clean_text(args.get("q", ""))[:200],
            state=args.get("state", "") if args.get("state", "") in {s.value for s in DeliveryState} else "",
        )


def _memo_filters(query: Select[Any], filters: RegisterFilters) -> Select[Any]:
    if filters.date_from:
        query = query.where(Memo.issued_on >= filters.date_from)
    if filters.date_to:
        query = query.where(Memo.issued_on <= filters.date_to)
    if filters.kind:
        query = query.where(Memo.kind == MemoKind(filters.kind))
    if filters.file_id:
        query = query.where(Memo.file_id == filters.file_id)
    for word in search_key(filters.q).split():
        query = query.where(Memo.search_text.contains(word, autoescape=True))
    return query


def _memo_rows() -> tuple[Any, ...]:
    return (
        joinedload(Memo.office),
        joinedload(Memo.file),
        joinedload(Memo.signatory_post),
        joinedload(Memo.signatory_officer),
        selectinload(Memo.recipients),
    )


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(query: Select[Any], page: int, per_page: int) -> Page:
    """One count and one page of rows (plus the eager loads the query names)."""
    page = max(1, page)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items, total, page, per_page)


def sent_register_query(office: Office, filters: RegisterFilters | None = None) -> Select[Any]:
    """Issued memos of the office, newest first."""
    query = (
        select(Memo)
        .where(Memo.office_id == office.id, Memo.status == MemoState.ISSUED)
        .options(*_memo_rows())
    )
    query = _memo_filters(query, filters or RegisterFilters())
    return query.order_by(Memo.issued_on.desc(), Memo.serial.desc(), Memo.id.desc())


def drafts_query(office: Office) -> Select[Any]:
    """Memos not yet issued: drafts, those awaiting signature and those returned."""
    return (
        select(Memo)
        .where(Memo.office_id == office.id, Memo.status != MemoState.ISSUED)
        .options(*_memo_rows())
        .order_by(Memo.updated_at.desc(), Memo.id.desc())
    )


def awaiting_signature(user: User) -> list[Memo]:
    """Submitted memos whose signing post the user holds today."""
    if user.officer_id is None:
        return []
    from app.org.models import PostHolding

    held = select(PostHolding.post_id).where(
        PostHolding.officer_id == user.officer_id, PostHolding.end_date.is_(None)
    )
    return list(
        db.session.scalars(
            select(Memo)
            .where(Memo.status == MemoState.SUBMITTED, Memo.signatory_post_id.in_(held))
            .options(*_memo_rows())
            .order_by(Memo.submitted_at)
        ).unique()
    )


def _delivery_rows() -> tuple[Any, ...]:
    return (
        joinedload(Delivery.memo).joinedload(Memo.office),
        joinedload(Delivery.memo).joinedload(Memo.signatory_officer),
        joinedload(Delivery.memo).joinedload(Memo.signatory_post),
        joinedload(Delivery.post),
        joinedload(Delivery.received_by),
        selectinload(Delivery.forwards),
    )


def inbox_query(office: Office, filters: RegisterFilters | None = None) -> Select[Any]:
    """Letters delivered to the office, newest first; `state` narrows to unreceived or received ones."""
    filters = filters or RegisterFilters()
    query = (
        select(Delivery).join(Delivery.memo).where(Delivery.office_id == office.id).options(*_delivery_rows())
    )
    if filters.state:
        query = query.where(Delivery.state == DeliveryState(filters.state))
    query = _memo_filters(query, filters)
    return query.order_by(Delivery.delivered_at.desc(), Delivery.id.desc())


def received_register_query(office: Office, filters: RegisterFilters | None = None) -> Select[Any]:
    filters = filters or RegisterFilters()
    query = inbox_query(
        office, RegisterFilters(**{**filters.__dict__, "state": DeliveryState.RECEIVED.value})
    )
    return query.order_by(None).order_by(Delivery.received_at.desc(), Delivery.id.desc())


def search_query(user: User, office: Office, filters: RegisterFilters) -> Select[Any]:
    """Issued memos the office sent or received, matching number (Bangla or ASCII digits), subject words
    (Bangla or English), date range, kind, file or sender name."""
    received = select(Delivery.memo_id).where(Delivery.office_id == office.id)
    query = select(Memo).where(
        Memo.status == MemoState.ISSUED, or_(Memo.office_id == office.id, Memo.id.in_(received))
    )
    # The sender's name counts as a subject word too, so "খুলনা" finds the letters from Khulna.
    words = search_key(filters.q).split()
    plain = RegisterFilters(**{**filters.__dict__, "q": ""})
    query = _memo_filters(query, plain)
    for word in words:
        if not word.strip("0123456789.-/"):
            # A number (or a piece of one) is looked for in memo numbers only, never in office names.
            query = query.where(Memo.search_text.contains(word, autoescape=True))
            continue
        senders = select(Office.id).where(
            or_(
                func.lower(Office.name_bn).contains(word, autoescape=True),
                func.lower(Office.name_en).contains(word, autoescape=True),
            )
        )
        query = query.where(
            or_(Memo.search_text.contains(word, autoescape=True), Memo.office_id.in_(senders))
        )
    return query.options(*_memo_rows()).order_by(Memo.issued_on.desc(), Memo.id.desc())


def office_files(office: Office, active_only: bool = False) -> list[MemoFile]:
    query = select(MemoFile).where(MemoFile.office_id == office.id).options(joinedload(MemoFile.branch))
    if active_only:
        query = query.where(MemoFile.is_active)
    return list(db.session.scalars(query.order_by(MemoFile.number_prefix)))


def referable_memos(user: User, office: Office, limit: int = 200) -> list[Memo]:
    """Issued memos the office sent or received, for the সূত্র picker (newest first)."""
    received = select(Delivery.memo_id).where(Delivery.office_id == office.id)
    return list(
        db.session.scalars(
            select(Memo)
            .where(Memo.status == MemoState.ISSUED, or_(Memo.office_id == office.id, Memo.id.in_(received)))
            .options(joinedload(Memo.office))
            .order_by(Memo.issued_on.desc(), Memo.id.desc())
            .limit(limit)
        )
    )


def failed_emails(memo: Memo) -> list[MemoEmail]:
    return [
        e
        for e in db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == memo.id))
        if e.status != "sent"
    ]


def deliveries_of(memo: Memo, user: User) -> list[Delivery]:
    """Where the memo went and who received it, limited to the offices the user may see."""
    rows = db.session.scalars(
        select(Delivery)
        .where(Delivery.memo_id == memo.id)
        .options(joinedload(Delivery.office), joinedload(Delivery.received_by))
    )
    return [d for d in rows if user.office_id == memo.office_id or can_view_office(user, d.office)]


def recipients_by_role(memo: Memo) -> dict[str, list[MemoRecipient]]:
    grouped: dict[str, list[MemoRecipient]] = {}
    for recipient in memo.recipients:
        grouped.setdefault(recipient.role.value, []).append(recipient)
    return grouped


# Registers helpers


def unreceived_count(office: Office) -> int:
    """How many letters wait in the office's inbox, for the inbox tab's badge (one query)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.office_id == office.id, Delivery.state == DeliveryState.DELIVERED)
        )
        or 0
    )


def office_delivery_ids(office: Office, memo_ids: list[int]) -> dict[int, int]:
    """{memo id: id of its delivery to `office`} for the given memos, in one query (search results link a
    received letter to its delivery page)."""
    if not memo_ids:
        return {}
    rows = db.session.execute(
        select(Delivery.memo_id, Delivery.id).where(
            Delivery.office_id == office.id, Delivery.memo_id.in_(memo_ids)
        )
    )
    return {memo_id: delivery_id for memo_id, delivery_id in rows}


def all_rows(query: Select[Any]) -> list[Any]:
    """Every row of a register query (the XLSX export), with the eager loads the query names."""
    return list(db.session.scalars(query).unique())
