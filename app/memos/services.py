"""Business rules for files and memos: drafting, signing, numbering, delivery, receipt, forwarding, replies.

Every function checks access and the workflow step, changes models, flushes and writes an audit row; none
commits. E-mail is sent by the caller after its commit (app.memos.mail)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.auth.models import User
from app.core import audit, uploads
from app.core.bangla import count_with_words_bn, fiscal_year_start, to_ascii_digits
from app.core.errors import DomainError, check_version
from app.core.models import utcnow
from app.core.permissions import can_manage_office, can_view_office
from app.core.text import clean_text
from app.extensions import db
from app.memos.models import (
    CopyPurpose,
    Delivery,
    DeliveryForward,
    EmailStatus,
    Memo,
    MemoAttachment,
    MemoCounter,
    MemoEmail,
    MemoFile,
    MemoKind,
    MemoRecipient,
    MemoReference,
    RecipientRole,
    SerialScope,
)
from app.org.models import Office, OfficeLevel, Post, current_holder_of
from workflows import memo as flow
from workflows.memo import DeliveryAction, DeliveryState, MemoAction, MemoState, Role

DHAKA = ZoneInfo("Asia/Dhaka")


def dhaka_today() -> date:
    return datetime.now(DHAKA).date()


# Who the user is to a memo ----------------------------------------------------------------------------------


def is_signatory(user: User, memo: Memo) -> bool:
    if user.officer_id is None or memo.signatory_post is None:
        return False
    holder = current_holder_of(memo.signatory_post)
    return holder is not None and holder.id == user.officer_id


def memo_roles(user: User, memo: Memo) -> set[Role]:
    roles: set[Role] = set()
    if not user.is_authenticated:
        return roles
    if user.office_id == memo.office_id:
        roles.add(Role.DRAFTER)
        if is_signatory(user, memo):
            roles.add(Role.SIGNATORY)
    if memo.is_issued and any(d.office_id == user.office_id for d in memo.deliveries):
        roles.add(Role.RECIPIENT_STAFF)
    if can_view_memo(user, memo):
        roles.add(Role.VIEWER)
    return roles


def delivery_roles(user: User, delivery: Delivery) -> set[Role]:
    roles: set[Role] = set()
    if user.is_authenticated and user.office_id == delivery.office_id:
        roles.add(Role.RECIPIENT_STAFF)
    if user.is_authenticated and can_view_office(user, delivery.office):
        roles.add(Role.VIEWER)
    return roles


def can_view_memo(user: User, memo: Memo) -> bool:
    """The sending office sees its drafts; once issued, its supervisors and every receiving office (and
    theirs) see it too. Nobody else learns that it exists."""
    if not user.is_authenticated:
        return False
    if user.office_id == memo.office_id or user.is_sysadmin:
        return True
    if not memo.is_issued:
        return False
    if can_view_office(user, memo.office):
        return True
    return any(can_view_office(user, d.office) for d in memo.deliveries)


def can_view_delivery(user: User, delivery: Delivery) -> bool:
    return user.is_authenticated and can_view_office(user, delivery.office)


def _step(memo: Memo, action: MemoAction, user: User) -> MemoState:
    try:
        return flow.check(action, memo.status, memo_roles(user, memo))
    except flow.TransitionRefused as refused:
        if refused.reason == "state":
            raise DomainError(_l("This step is not possible for a memo in its present state.")) from None
        if action in (MemoAction.ISSUE, MemoAction.RETURN):
            raise DomainError(_l("Only the officer who holds the signing post may do this.")) from None
        raise DomainError(_l("You may not do this with this memo.")) from None


# Files (নথি) ------------------------------------------------------------------------------------------------


def default_number_prefix(
    office: Office, branch_code: str, subject_code: str, file_serial: str, year: str
) -> str:
    """The 18-digit file number of the Secretariat Instructions from the office's codes and the file's."""
    segments = [
        office.memo_ministry_code,
        office.memo_department_code,
        office.memo_geo_code,
        branch_code,
        subject_code,
        file_serial,
        year,
    ]
    return ".".join(s for s in segments if s)


def _clean_prefix(prefix: str) -> str:
    prefix = to_ascii_digits(clean_text(prefix)).strip(". ")
    parts = prefix.split(".")
    if not prefix or any(not p.isdigit() for p in parts):
        raise DomainError(_l("Write the file number as digits separated by dots, e.g. "
                             "47.61.0000.321.05.001.22."), field="number_prefix")  # fmt: skip
    return ".".join(parts)


def _check_file_prefix_unique(office: Office, prefix: str, exclude_id: int | None = None) -> None:
    query = (
        select(func.count())
        .select_from(MemoFile)
        .where(MemoFile.office_id == office.id, MemoFile.number_prefix == prefix)
    )
    if exclude_id is not None:
        query = query.where(MemoFile.id != exclude_id)
    if db.session.scalar(query):
        raise DomainError(_l("This office already has a file with that number."), field="number_prefix")


def create_file(office: Office, data: dict[str, Any], *, by: User) -> MemoFile:
    if not can_manage_office(by, office) and by.office_id != office.id:
        raise DomainError(_l("You may not change the records of this office."))
    title = clean_text(data.get("title"))
    if not title:
        raise DomainError(_l("Give the file a title."), field="title")
    prefix = _clean_prefix(data.get("number_prefix", ""))
    _check_file_prefix_unique(office, prefix)
    branch_id = data.get("branch_id")
    if branch_id is not None and branch_id not in {b.id for b in office.branches}:
        raise DomainError(_l("The branch must belong to the same office."), field="branch_id")
    memo_file = MemoFile(
        office=office,
        title=title,
        number_prefix=prefix,
        branch_id=branch_id,
        serial_separator=data.get("serial_separator") or ".",
    )
    db.session.add(memo_file)
    audit.record("memo_file.create", memo_file, by=by, office_id=office.id,
                 changes={"title": [None, title], "number_prefix": [None, prefix]})  # fmt: skip
    return memo_file


def update_file(memo_file: MemoFile, data: dict[str, Any], *, by: User, expected_version: int | None = None):
    if by.office_id != memo_file.office_id and not can_manage_office(by, memo_file.office):
        raise DomainError(_l("You may not change the records of this office."))
    check_version(memo_file, expected_version)
    values = dict(data)
    if "number_prefix" in values:
        values["number_prefix"] = _clean_prefix(values["number_prefix"])
        _check_file_prefix_unique(memo_file.office, values["number_prefix"], exclude_id=memo_file.id)
    if "title" in values:
        values["title"] = clean_text(values["title"])
        if not values["title"]:
            raise DomainError(_l("Give the file a title."), field="title")
    if values.get("branch_id") is not None and values["branch_id"] not in {
        b.id for b in memo_file.office.branches
    }:
        raise DomainError(_l("The branch must belong to the same office."), field="branch_id")
    changes = audit.apply_changes(memo_file, values)
    if changes:
        memo_file.version += 1
        audit.record("memo_file.update", memo_file, by=by, office_id=memo_file.office_id, changes=changes)
    return changes


# Numbering ------------------------------------------------------------------------------------------------


def serial_scope_key(memo: Memo, on: date) -> str:
    scope = SerialScope(memo.office.memo_serial_scope or SerialScope.OFFICE_CALENDAR_YEAR)
    if scope == SerialScope.OFFICE_CALENDAR_YEAR:
        return f"office:{memo.office_id}:{on.year}"
    if scope == SerialScope.OFFICE_FISCAL_YEAR:
        return f"office:{memo.office_id}:fy{fiscal_year_start(on)}"
    if scope == SerialScope.FILE_CALENDAR_YEAR:
        return f"file:{memo.file_id}:{on.year}"
    return f"file:{memo.file_id}"


def allocate_serial(scope_key: str) -> int:
    """The next serial in the scope, from a counter row bumped in the caller's transaction: a rollback gives
    the number back (no gap), and the row lock makes concurrent issuers wait their turn (no duplicate)."""
    session = db.session
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:
        raise RuntimeError(f"memo counters are not implemented for {dialect}")
    session.execute(
        insert(MemoCounter)
        .values(scope_key=scope_key, last_serial=0)
        .on_conflict_do_nothing(index_elements=["scope_key"])
    )
    serial = session.execute(
        update(MemoCounter)
        .where(MemoCounter.scope_key == scope_key)
        .values(last_serial=MemoCounter.last_serial + 1)
        .returning(MemoCounter.last_serial)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return int(serial)


# Composing ------------------------------------------------------------------------------------------------


def search_key(*parts: str | None) -> str:
    """What search compares against: NFC, case-folded, ASCII digits."""
    return to_ascii_digits(clean_text(" ".join(p for p in parts if p))).casefold()


def _check_signatory(office: Office, post_id: int | None, field: str) -> Post | None:
    if post_id is None:
        return None
    post = db.session.get(Post, post_id)
    if post is None or post.office_id != office.id or not post.is_active:
        raise DomainError(_l("The signatory must hold a post in this office."), field=field)
    if current_holder_of(post) is None:
        raise DomainError(_l("Nobody holds this post today; choose a post with an officer."), field=field)
    return post


def _check_file(office: Office, file_id: int | None) -> MemoFile:
    memo_file = db.session.get(MemoFile, file_id) if file_id else None
    if memo_file is None or memo_file.office_id != office.id or not memo_file.is_active:
        raise DomainError(_l("Choose one of this office's files."), field="file_id")
    return memo_file


def office_label(office: Office) -> str:
    """How a letter addresses an office: its head's designation and the office, e.g.
    "জেলা সমবায় অফিসার, জেলা সমবায় কার্যালয়, পঞ্চগড়"."""
    head = next((p for p in office.posts if p.is_head and p.is_active), None)
    return f"{head.designation_bn}, {office.name_bn}" if head else office.name_bn


def post_label(post: Post) -> str:
    return f"{post.designation_bn}, {post.office.name_bn}"


GROUP_TITLES = {
    OfficeLevel.DIVISION.value: "বিভাগীয় যুগ্ম-নিবন্ধক",
    OfficeLevel.DISTRICT.value: "জেলা সমবায় কর্মকর্তা",
    OfficeLevel.UPAZILA.value: "উপজেলা সমবায় কর্মকর্তা",
    OfficeLevel.METRO_THANA.value: "মেট্রো থানা সমবায় কর্মকর্তা",
}


def group_label(parent: Office, level: str) -> str:
    """ "উপজেলা সমবায় কর্মকর্তা (সকল), জয়পুরহাট" — every office of a level under one office (seed 001)."""
    place = parent.place_bn or parent.name_bn
    if parent.level == OfficeLevel.DIVISION and parent.place_bn:
        place = f"{place} বিভাগ"  # "জেলা সমবায় কর্মকর্তা (সকল), খুলনা বিভাগ", as seed 004 names them
    return f"{GROUP_TITLES.get(level, level)} (সকল), {place}"


def group_offices(parent_id: int, level: str) -> list[Office]:
    parent = db.session.get(Office, parent_id)
    if parent is None:
        return []
    return list(
        db.session.scalars(
            select(Office)
            .where(
                Office.path.startswith(parent.path, autoescape=True), Office.level == level, Office.is_active
            )
            .order_by(Office.id)
        )
    )


def _build_recipient(position: int, item: dict[str, Any]) -> MemoRecipient:
    try:
        role = RecipientRole(item.get("role") or RecipientRole.TO)
    except ValueError:
        raise DomainError(_l("Unknown kind of recipient."), field="recipients") from None
    office_id, post_id, level = item.get("office_id"), item.get("post_id"), item.get("group_level")
    label = clean_text(item.get("label"))
    purpose = None
    if role == RecipientRole.COPY:
        try:
            purpose = CopyPurpose(item.get("purpose") or CopyPurpose.INFORMATION)
        except ValueError:
            raise DomainError(_l("Unknown purpose of a copy."), field="recipients") from None
    if post_id is not None:
        post = db.session.get(Post, post_id)
        if post is None or not post.is_active:
            raise DomainError(_l("A recipient post does not exist in Sabha."), field="recipients")
        office_id = post.office_id
        label = label or post_label(post)
    elif office_id is not None:
        office = db.session.get(Office, office_id)
        if office is None or not office.is_active:
            raise DomainError(_l("A recipient office does not exist in Sabha."), field="recipients")
        if level is not None:
            if level not in GROUP_TITLES:
                raise DomainError(_l("Unknown kind of recipient."), field="recipients")
            label = label or group_label(office, level)
        else:
            label = label or office_label(office)
    if not label:
        raise DomainError(_l("Every recipient needs a name or an office."), field="recipients")
    email = clean_text(item.get("email"))
    if email and ("@" not in email or " " in email):
        raise DomainError(
            _l("An e-mail address is not valid: %(address)s", address=email), field="recipients"
        )
    return MemoRecipient(
        role=role, position=position, label=label, office_id=office_id, post_id=post_id, group_level=level,
        purpose=purpose, email=email,
    )  # fmt: skip


def _build_references(user: User, items: list[dict[str, Any]]) -> list[MemoReference]:
    references = []
    for position, item in enumerate(items):
        memo_id = item.get("memo_id")
        text = clean_text(item.get("text"))
        if memo_id is not None:
            referenced = db.session.get(Memo, memo_id)
            if referenced is None or not referenced.is_issued or not can_view_memo(user, referenced):
                raise DomainError(
                    _l("The referenced memo does not exist or you may not see it."), field="references"
                )
            references.append(MemoReference(position=position, referenced_memo=referenced, text=text))
        elif text:
            references.append(MemoReference(position=position, text=text))
    return references


MEMO_FIELDS = (
    "kind", "subject", "body", "number_paragraphs", "body_table", "attachment_line", "not_by_seniority",
    "office_copy", "title", "signatory_post_id", "signatory_extra", "copy_signatory_post_id",
)  # fmt: skip


def _validated(office: Office, data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in MEMO_FIELDS if k in data}
    for key in ("subject", "body", "attachment_line", "title", "signatory_extra"):
        if key in values:
            values[key] = clean_text(values[key])
    if "subject" in values and not values["subject"]:
        raise DomainError(_l("Write the subject of the letter."), field="subject")
    if "kind" in values:
        try:
            values["kind"] = MemoKind(values["kind"])
        except ValueError:
            raise DomainError(_l("Unknown kind of letter."), field="kind") from None
    if "signatory_post_id" in values:
        if values["signatory_post_id"] is None:
            raise DomainError(_l("Choose who signs the letter."), field="signatory_post_id")
        _check_signatory(office, values["signatory_post_id"], "signatory_post_id")
    if values.get("copy_signatory_post_id") is not None:
        _check_signatory(office, values["copy_signatory_post_id"], "copy_signatory_post_id")
    table = values.get("body_table")
    if table is not None and not (isinstance(table, dict) and isinstance(table.get("rows"), list)):
        raise DomainError(_l("The table in the body is not valid."), field="body_table")
    return values


def _set_lists(memo: Memo, data: dict[str, Any], user: User) -> None:
    if "recipients" in data:
        memo.recipients = [_build_recipient(i, item) for i, item in enumerate(data["recipients"] or [])]
    if "references" in data:
        memo.references = _build_references(user, data["references"] or [])


def _snapshot(memo: Memo) -> dict[str, Any]:
    return {
        "recipients": [[r.role.value, r.label] for r in memo.recipients],
        "references": [
            r.text or (r.referenced_memo.number if r.referenced_memo else "") for r in memo.references
        ],
    }


def create_memo(office: Office, data: dict[str, Any], *, by: User) -> Memo:
    """A new draft of `office`, by one of its own staff. Nothing is numbered before the memo is issued."""
    if by.office_id != office.id:
        raise DomainError(_l("Only the staff of an office may draft its letters."))
    memo_file = _check_file(office, data.get("file_id"))
    values = _validated(office, {"kind": MemoKind.LETTER, **data})
    if "subject" not in values:
        raise DomainError(_l("Write the subject of the letter."), field="subject")
    if "signatory_post_id" not in values:
        raise DomainError(_l("Choose who signs the letter."), field="signatory_post_id")
    memo = Memo(office=office, file=memo_file, created_by_id=by.id, status=MemoState.DRAFT, **values)
    memo.reply_to_id = data.get("reply_to_id")
    memo.corrects_id = data.get("corrects_id")
    _set_lists(memo, data, by)
    memo.search_text = search_key(memo.subject)
    db.session.add(memo)
    audit.record("memo.create", memo, by=by, office_id=office.id,
                 changes={"subject": [None, memo.subject], **_snapshot(memo)})  # fmt: skip
    return memo


def update_memo(memo: Memo, data: dict[str, Any], *, by: User, expected_version: int | None = None):
    _step(memo, MemoAction.EDIT, by)
    check_version(memo, expected_version)
    values = _validated(memo.office, data)
    if "file_id" in data:
        values["file_id"] = _check_file(memo.office, data["file_id"]).id
    before = _snapshot(memo)
    changes = audit.apply_changes(memo, values)
    _set_lists(memo, data, by)
    after = _snapshot(memo)
    changes.update({k: [before[k], after[k]] for k in before if before[k] != after[k]})
    if changes:
        memo.search_text = search_key(memo.subject)
        memo.version += 1
        audit.record("memo.update", memo, by=by, office_id=memo.office_id, changes=changes)
    return changes


def _transition(memo: Memo, action: MemoAction, by: User, expected_version: int | None, **extra: Any) -> None:
    target = _step(memo, action, by)
    check_version(memo, expected_version)
    before = memo.status
    memo.status = target
    memo.version += 1
    audit.record(f"memo.{action.value}", memo, by=by, office_id=memo.office_id,
                 changes={"status": [before.value, target.value], **extra})  # fmt: skip


def submit_memo(memo: Memo, *, by: User, expected_version: int | None = None) -> None:
    if not memo.recipients:
        raise DomainError(_l("Add at least one addressee or a distribution list before submitting."),
                          field="recipients")  # fmt: skip
    _transition(memo, MemoAction.SUBMIT, by, expected_version)
    memo.submitted_at = utcnow()
    memo.return_comment = ""


def withdraw_memo(memo: Memo, *, by: User, expected_version: int | None = None) -> None:
    _transition(memo, MemoAction.WITHDRAW, by, expected_version)


def return_memo(memo: Memo, comment: str, *, by: User, expected_version: int | None = None) -> None:
    comment = clean_text(comment)
    if not comment:
        raise DomainError(_l("Say what should change before the letter is returned."), field="comment")
    _transition(memo, MemoAction.RETURN, by, expected_version, comment=comment)
    memo.return_comment = comment


def discard_memo(memo: Memo, *, by: User) -> None:
    _step(memo, MemoAction.DISCARD, by)
    audit.record(
        "memo.discard", memo, by=by, office_id=memo.office_id, changes={"subject": [memo.subject, None]}
    )
    db.session.delete(memo)
    db.session.flush()


def delivery_targets(memo: Memo) -> list[tuple[MemoRecipient, Office]]:
    """Each office in Sabha that gets the memo, once, with the first line that names it. The sender's own
    office copy stays in its sent register and is not delivered to itself."""
    seen: set[int] = {memo.office_id}
    targets = []
    for recipient in memo.recipients:
        if recipient.office_id is None:
            continue
        offices = (
            group_offices(recipient.office_id, recipient.group_level)
            if recipient.group_level
            else [db.session.get(Office, recipient.office_id)]
        )
        for office in offices:
            if office is not None and office.id not in seen:
                seen.add(office.id)
                targets.append((recipient, office))
    return targets


def email_addresses(memo: Memo) -> list[str]:
    """Where the DOCX goes by e-mail: a recipient's own address, else the post holder's, else the office's."""
    addresses: list[str] = []
    for recipient in memo.recipients:
        address = recipient.email
        if not address and recipient.post is not None:
            holder = current_holder_of(recipient.post)
            address = holder.email if holder else ""
        if not address and recipient.office is not None and not recipient.group_level:
            address = recipient.office.email
        if address and address not in addresses:
            addresses.append(address)
    return addresses


def issue_memo(
    memo: Memo,
    *,
    by: User,
    send_email: bool = False,
    on: date | None = None,
    expected_version: int | None = None,
) -> Memo:
    """Sign the memo: allocate its serial, date it, freeze it and deliver it to every office in Sabha it is
    addressed to. E-mails are queued here and sent by the caller after the commit."""
    if not memo.recipients:
        raise DomainError(_l("Add at least one addressee or a distribution list before issuing."),
                          field="recipients")  # fmt: skip
    if not memo.subject:
        raise DomainError(_l("Write the subject of the letter."), field="subject")
    target = _step(memo, MemoAction.ISSUE, by)
    check_version(memo, expected_version)
    from app.indicators.directive import check_before_issue

    check_before_issue(memo)  # a directive that issues a plan carries the plan as it is now
    signatory = current_holder_of(memo.signatory_post)
    if signatory is None:
        raise DomainError(_l("Nobody holds this post today; choose a post with an officer."),
                          field="signatory_post_id")  # fmt: skip
    on = on or dhaka_today()
    key = serial_scope_key(memo, on)
    serial = allocate_serial(key)
    before = memo.status
    memo.serial_scope_key = key
    memo.serial = serial
    memo.number = f"{memo.file.number_prefix}{memo.file.serial_separator}{serial}"
    memo.issued_on = on
    memo.issued_at = utcnow()
    memo.issued_by_id = by.id
    memo.signatory_officer_id = signatory.id
    if memo.copy_signatory_post is not None:
        copy_signer = current_holder_of(memo.copy_signatory_post)
        memo.copy_signatory_officer_id = copy_signer.id if copy_signer else signatory.id
    memo.status = target
    memo.version += 1
    memo.search_text = search_key(memo.subject, memo.number)
    for recipient, office in delivery_targets(memo):
        db.session.add(
            Delivery(
                memo=memo,
                office_id=office.id,
                recipient_id=recipient.id,
                role=recipient.role,
                post_id=recipient.post_id,
            )  # fmt: skip
        )
    if send_email:
        for address in email_addresses(memo):
            db.session.add(MemoEmail(memo=memo, address=address))
    audit.record("memo.issue", memo, by=by, office_id=memo.office_id,
                 changes={"status": [before.value, target.value], "number": [None, memo.number],
                          "issued_on": [None, on.isoformat()],
                          "signatory_officer_id": [None, signatory.id]})  # fmt: skip
    # An issued letter may be what an indicator counts (a report sent), or the directive that issues a plan.
    from app.indicators.directive import memo_issued
    from app.indicators.services import MEMO_RULES, records_changed

    db.session.flush()
    memo_issued(memo, by=by)
    records_changed(memo.office_id, on, MEMO_RULES)
    return memo


def start_correction(memo: Memo, *, by: User) -> Memo:
    """A new draft that corrects an issued memo and cites it; the issued memo itself never changes."""
    _step(memo, MemoAction.CORRECT, by)
    data = _copy_of(memo)
    data.update(corrects_id=memo.id, references=[{"memo_id": memo.id}])
    return create_memo(memo.office, data, by=by)


def _copy_of(memo: Memo) -> dict[str, Any]:
    data = {k: getattr(memo, k) for k in MEMO_FIELDS}
    data["file_id"] = memo.file_id
    data["recipients"] = [
        {"role": r.role, "label": r.label, "office_id": r.office_id, "post_id": r.post_id,
         "group_level": r.group_level, "purpose": r.purpose, "email": r.email}
        for r in memo.recipients
    ]  # fmt: skip
    return data


# Attachments ------------------------------------------------------------------------------------------------


def add_attachment(memo: Memo, filename: str, data: bytes, *, by: User) -> MemoAttachment:
    _step(memo, MemoAction.EDIT, by)
    checked = uploads.check_upload(filename, data)
    path = uploads.store("memos", checked, data)
    attachment = MemoAttachment(
        memo=memo, position=len(memo.attachments), filename=checked.filename,
        content_type=checked.content_type, size=checked.size, sha256=checked.sha256, storage_path=path,
        pages=checked.pages,
    )  # fmt: skip
    db.session.add(attachment)
    memo.version += 1
    audit.record(
        "memo.attach", memo, by=by, office_id=memo.office_id, changes={"attachment": [None, checked.filename]}
    )
    return attachment


def remove_attachment(attachment: MemoAttachment, *, by: User) -> None:
    memo = attachment.memo
    _step(memo, MemoAction.EDIT, by)
    memo.attachments.remove(attachment)
    memo.version += 1
    audit.record("memo.detach", memo, by=by, office_id=memo.office_id,
                 changes={"attachment": [attachment.filename, None]})  # fmt: skip


def computed_attachment_line(memo: Memo) -> str:
    """ "বর্ণনামতে ০১ (এক) পাতা" from the attachments' page counts, when every one of them is known."""
    if not memo.attachments or any(a.pages is None for a in memo.attachments):
        return ""
    return f"বর্ণনামতে {count_with_words_bn(sum(a.pages or 0 for a in memo.attachments))} পাতা"


# The receiving office ---------------------------------------------------------------------------------------


def _delivery_step(delivery: Delivery, action: DeliveryAction, user: User) -> DeliveryState:
    try:
        return flow.check_delivery(action, delivery.state, delivery_roles(user, delivery))
    except flow.TransitionRefused as refused:
        if refused.reason == "state":
            if action == DeliveryAction.RECEIVE:
                raise DomainError(_l("This letter has already been received.")) from None
            raise DomainError(_l("Receive the letter first.")) from None
        raise DomainError(_l("Only the staff of the receiving office may do this.")) from None


def receive(delivery: Delivery, *, by: User) -> None:
    target = _delivery_step(delivery, DeliveryAction.RECEIVE, by)
    delivery.state = target
    delivery.received_at = utcnow()
    delivery.received_by_id = by.id
    audit.record("delivery.receive", delivery, by=by, office_id=delivery.office_id,
                 changes={"state": [DeliveryState.DELIVERED.value, target.value]})  # fmt: skip


def forward(delivery: Delivery, to_post_id: int | None, note: str, *, by: User) -> DeliveryForward:
    _delivery_step(delivery, DeliveryAction.FORWARD, by)
    post = db.session.get(Post, to_post_id) if to_post_id else None
    if post is None or post.office_id != delivery.office_id or not post.is_active:
        raise DomainError(_l("Forward to a post of your own office."), field="to_post_id")
    forwarded = DeliveryForward(
        delivery=delivery, to_post_id=post.id, note=clean_text(note), forwarded_by_id=by.id
    )
    db.session.add(forwarded)
    audit.record("delivery.forward", delivery, by=by, office_id=delivery.office_id,
                 changes={"to_post": [None, post.designation_bn],
                          "note": [None, forwarded.note]})  # fmt: skip
    return forwarded


def start_reply(delivery: Delivery, *, by: User, file_id: int, signatory_post_id: int) -> Memo:
    """A draft answering a received memo: addressed to its sender and citing it as সূত্র."""
    _delivery_step(delivery, DeliveryAction.REPLY, by)
    original = delivery.memo
    return create_memo(
        delivery.office,
        {
            "kind": MemoKind.LETTER,
            "file_id": file_id,
            "subject": original.subject,
            "signatory_post_id": signatory_post_id,
            "reply_to_id": original.id,
            "references": [{"memo_id": original.id}],
            "recipients": [{"role": RecipientRole.TO, "office_id": original.office_id}],
        },
        by=by,
    )


# E-mail bookkeeping (sending itself lives in app.memos.mail) ------------------------------------------------


def record_email_result(email: MemoEmail, error: str | None) -> None:
    email.attempts += 1
    if error is None:
        email.status = EmailStatus.SENT
        email.sent_at = utcnow()
        email.last_error = ""
    else:
        email.status = EmailStatus.FAILED
        email.last_error = error[:1000]
    audit.record("memo.email", email.memo, by=None, office_id=email.memo.office_id,
                 changes={"address": email.address, "status": email.status.value})  # fmt: skip


def queue_email_retry(email: MemoEmail, *, by: User) -> None:
    if by.office_id != email.memo.office_id:
        raise DomainError(_l("Only the sending office may send its letters again."))
    if email.status == EmailStatus.SENT:
        raise DomainError(_l("This e-mail was already sent."))
    email.status = EmailStatus.PENDING
    audit.record("memo.email_retry", email.memo, by=by, office_id=email.memo.office_id,
                 changes={"address": email.address})  # fmt: skip
