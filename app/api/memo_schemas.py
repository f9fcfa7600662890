"""The JSON shapes of the memos API (marshmallow): files (নথি), memos with their recipients, references and
attachments, deliveries (ডাক) with their forwards, and the bodies of the workflow actions.

Input schemas check the shape only (types, lengths); the rules (an empty subject, a signatory of another
office, an unknown recipient office ...) are the services': they answer 422 with a message in the caller's
language.
Memo numbers are in ASCII digits, as stored; `number_bn` repeats them in Bengali digits, as printed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from flask import url_for
from marshmallow import fields, validate

from app.api.schemas import OfficerRefSchema
from app.core.bangla import to_bn_digits
from app.memos.models import CopyPurpose, MemoKind, RecipientRole
from app.memos.services import GROUP_TITLES
from workflows.memo import DeliveryAction, DeliveryState, MemoAction, MemoState

# Generous caps: they only keep a request from filling the database; the letters themselves are far shorter.
MAX_LINE = 255
MAX_TEXT = 2_000
MAX_BODY = 100_000
MAX_RECIPIENTS = 1_000
MAX_REFERENCES = 50


def _doc(text: str, **extra: Any) -> dict[str, Any]:
    return {"description": text, **extra}


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


def _bn(value: str | None) -> str | None:
    return to_bn_digits(value) if value else None


class UTCDateTime(fields.DateTime):
    """A time in UTC with its offset. SQLite hands back naive datetimes (stored in UTC): say so, as PostgreSQL
    does. (AwareDateTime's default_timezone applies to input only.)"""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is not None:
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def _utc(**kwargs: Any) -> UTCDateTime:
    return UTCDateTime(**kwargs)


# References to other objects --------------------------------------------------------------------------------


class OfficeRefSchema(ma.Schema):
    id = fields.Integer()
    name_bn = fields.String()
    name_en = fields.String()


class PostRefSchema(ma.Schema):
    id = fields.Integer()
    office_id = fields.Integer()
    designation_bn = fields.String()
    designation_en = fields.String()


# Files (নথি) -----------------------------------------------------------------------------------------------


class MemoFileSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    office_id = fields.Integer()
    branch_id = fields.Integer(allow_none=True)
    title = fields.String()
    number_prefix = fields.String(
        metadata=_doc("Every segment of the memo number but the letter's serial, in ASCII digits.")
    )
    number_prefix_bn = fields.Function(
        lambda f: _bn(f.number_prefix), metadata=_doc("The same in Bengali digits.")
    )
    serial_separator = fields.String(metadata=_doc('What joins the serial to the prefix: "." or "-".'))
    is_active = fields.Boolean()
    version = fields.Integer(metadata=_doc("Send it back with a PATCH: a stale one answers 409."))
    updated_at = _utc()


class MemoFileCreateSchema(ma.Schema):
    title = fields.String(validate=validate.Length(max=MAX_LINE))
    number_prefix = fields.String(
        validate=validate.Length(max=80),
        metadata=_doc("Digits separated by dots, Bengali or ASCII, e.g. 47.61.0000.321.05.001.22."),
    )
    branch_id = fields.Integer(allow_none=True, metadata=_doc("A branch of the same office."))
    serial_separator = fields.String(validate=validate.OneOf([".", "-"]), metadata=_doc('"." unless told.'))


class MemoFileUpdateSchema(ma.Schema):
    version = fields.Integer(required=True, metadata=_doc("The version you read."))
    title = fields.String(validate=validate.Length(max=MAX_LINE))
    number_prefix = fields.String(validate=validate.Length(max=80))
    serial_separator = fields.String(validate=validate.OneOf([".", "-"]))
    is_active = fields.Boolean(metadata=_doc("An inactive file is offered for no new letter."))


class MemoFileQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    active = fields.Boolean(metadata=_doc("true: only the files new letters may use."))


# Memos ------------------------------------------------------------------------------------------------------


class RecipientSchema(ma.Schema):
    """A line of the addressee (to), distribution, attention or copy list."""

    id = fields.Integer(dump_only=True)
    role = fields.String(metadata=_doc("Which list the line is in.", enum=_values(RecipientRole)))
    position = fields.Integer(dump_only=True)
    label = fields.String(
        validate=validate.Length(max=MAX_TEXT),
        metadata=_doc("As written on the letter. Made from the office, post or group when left empty."),
    )
    office_id = fields.Integer(
        allow_none=True, metadata=_doc("An office in Sabha: it gets the letter in its inbox once issued.")
    )
    post_id = fields.Integer(allow_none=True, metadata=_doc("A post in Sabha (its office gets the letter)."))
    group_level = fields.String(
        allow_none=True,
        metadata=_doc(
            "Every office of this level under `office_id`, in one line: all district offices of a division.",
            enum=list(GROUP_TITLES),
        ),
    )
    purpose = fields.String(
        allow_none=True, metadata=_doc("For a copy: why it is sent.", enum=_values(CopyPurpose))
    )
    email = fields.String(
        validate=validate.Length(max=MAX_LINE),
        metadata=_doc("Where the DOCX is e-mailed, if asked at issue."),
    )


class ReferenceSchema(ma.Schema):
    """A সূত্র line: a Sabha memo the caller may see, or free text."""

    id = fields.Integer(dump_only=True)
    position = fields.Integer(dump_only=True)
    memo_id = fields.Integer(
        attribute="referenced_memo_id", allow_none=True, metadata=_doc("The memo cited.")
    )
    text = fields.String(metadata=_doc('Free text, e.g. "স্মারক নং-৬৫০, তারিখ: ২১/০৯/২০২১খ্রি:".'))
    number = fields.Function(
        lambda r: r.referenced_memo.number if r.referenced_memo else None,
        dump_only=True,
        metadata=_doc("The referenced memo's number."),
    )
    number_bn = fields.Function(
        lambda r: _bn(r.referenced_memo.number) if r.referenced_memo else None, dump_only=True
    )


class ReferenceInSchema(ma.Schema):
    """A সূত্র line to add: `memo_id` of an issued memo you may see, or `text`."""

    memo_id = fields.Integer(allow_none=True)
    text = fields.String(validate=validate.Length(max=MAX_TEXT))


class AttachmentSchema(ma.Schema):
    id = fields.Integer()
    position = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer(metadata=_doc("In bytes."))
    pages = fields.Integer(allow_none=True)


class DeliveryRefSchema(ma.Schema):
    """Where an issued memo went, as far as the caller may see."""

    id = fields.Integer()
    office = fields.Nested(OfficeRefSchema)
    role = fields.Enum(RecipientRole, by_value=True)
    state = fields.Enum(DeliveryState, by_value=True)
    delivered_at = _utc()
    received_at = _utc(allow_none=True)
    received_by_id = fields.Integer(allow_none=True)


class MemoSummarySchema(ma.Schema):
    """A memo in a list: a register, the drafts, an inbox."""

    id = fields.Integer()
    office = fields.Nested(OfficeRefSchema, metadata=_doc("The sending office."))
    file_id = fields.Integer()
    kind = fields.Enum(MemoKind, by_value=True)
    status = fields.Enum(MemoState, by_value=True)
    subject = fields.String()
    serial = fields.Integer(allow_none=True, metadata=_doc("Allocated at issue."))
    number = fields.String(allow_none=True, metadata=_doc("In ASCII digits; null before issue."))
    number_bn = fields.Function(lambda m: _bn(m.number), metadata=_doc("The same in Bengali digits."))
    issued_on = fields.Date(allow_none=True)
    signatory_post = fields.Nested(PostRefSchema)
    signatory_officer = fields.Nested(
        OfficerRefSchema, allow_none=True, metadata=_doc("Who signed it (set at issue).")
    )
    version = fields.Integer()
    updated_at = _utc()


class MemoSchema(MemoSummarySchema):
    """A memo with everything on the letter, the deliveries the caller may see and the steps open to them."""

    file = fields.Nested(MemoFileSchema)
    title = fields.String(metadata=_doc("The title line of a notice or certificate."))
    body = fields.String(metadata=_doc("Paragraphs separated by blank lines."))
    number_paragraphs = fields.Boolean(metadata=_doc("Number paragraphs from the second on (০২।, ০৩। ...)."))
    body_table = fields.Dict(
        allow_none=True, metadata=_doc('{"columns": [{"title", "width_cm"}], "rows": [[...]]}')
    )
    attachment_line = fields.String()
    not_by_seniority = fields.Boolean(
        metadata=_doc("জ্যেষ্ঠতার ক্রমানুসারে নয়, on the distribution and copy lists.")
    )
    office_copy = fields.Boolean(metadata=_doc('"অফিস কপি" closes the copy list.'))
    signatory_post_id = fields.Integer()
    signatory_extra = fields.String()
    copy_signatory_post_id = fields.Integer(allow_none=True)
    copy_number = fields.String(allow_none=True, metadata=_doc('The copy block\'s: number + "/1 (copies)".'))
    copy_number_bn = fields.Function(lambda m: _bn(m.copy_number))
    issued_at = _utc(allow_none=True)
    submitted_at = _utc(allow_none=True)
    return_comment = fields.String(metadata=_doc("Why the signatory returned it."))
    reply_to_id = fields.Integer(allow_none=True)
    corrects_id = fields.Integer(allow_none=True)
    created_at = _utc()
    recipients = fields.List(fields.Nested(RecipientSchema))
    references = fields.List(fields.Nested(ReferenceSchema))
    attachments = fields.List(fields.Nested(AttachmentSchema))
    deliveries = fields.List(fields.Nested(DeliveryRefSchema), metadata=_doc("Only those you may see."))
    allowed_actions = fields.List(
        fields.String(metadata={"enum": _values(MemoAction)}),
        metadata=_doc("The workflow steps you may take now."),
    )
    docx_url = fields.Function(
        lambda m: url_for("api_memos.get_memo_docx", memo_id=m.id),
        metadata=_doc("The letter as a Word file."),
    )


class RegisterQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    kind = fields.String(validate=validate.OneOf(_values(MemoKind)))
    q = fields.String(
        load_default="",
        validate=validate.Length(max=200),
        metadata=_doc("Words of the subject or the number (Bangla or ASCII digits)."),
    )
    date_from = fields.Date(metadata=_doc("Issued on or after."))
    date_to = fields.Date(metadata=_doc("Issued on or before."))


class MemoQuerySchema(RegisterQuerySchema):
    file_id = fields.Integer(validate=validate.Range(min=1), metadata=_doc("Only the letters of this file."))
    status = fields.String(
        validate=validate.OneOf(_values(MemoState)),
        metadata=_doc(
            "issued: the sent register. Anything else, or nothing: the memos not yet issued (only for the "
            "office's own staff), narrowed to that status if given."
        ),
    )


class MemoWriteSchema(ma.Schema):
    """The fields of a draft. In a PATCH, only the fields sent change; `recipients` and `references` are
    replaced whole when sent."""

    kind = fields.String(metadata=_doc("letter unless told.", enum=_values(MemoKind)))
    file_id = fields.Integer(allow_none=True, metadata=_doc("One of the office's active files."))
    subject = fields.String(validate=validate.Length(max=MAX_TEXT))
    body = fields.String(validate=validate.Length(max=MAX_BODY))
    number_paragraphs = fields.Boolean()
    body_table = fields.Dict(allow_none=True)
    attachment_line = fields.String(validate=validate.Length(max=MAX_LINE))
    title = fields.String(validate=validate.Length(max=MAX_LINE))
    signatory_post_id = fields.Integer(
        allow_none=True, metadata=_doc("A post of the office that somebody holds today.")
    )
    signatory_extra = fields.String(validate=validate.Length(max=MAX_TEXT))
    copy_signatory_post_id = fields.Integer(allow_none=True)
    not_by_seniority = fields.Boolean()
    office_copy = fields.Boolean()
    references = fields.List(fields.Nested(ReferenceInSchema), validate=validate.Length(max=MAX_REFERENCES))
    recipients = fields.List(fields.Nested(RecipientSchema), validate=validate.Length(max=MAX_RECIPIENTS))


class MemoUpdateSchema(MemoWriteSchema):
    version = fields.Integer(required=True, metadata=_doc("The version you read: a stale one answers 409."))


class VersionSchema(ma.Schema):
    version = fields.Integer(metadata=_doc("The version you read: 409 if the memo changed since."))


class ReturnSchema(VersionSchema):
    comment = fields.String(
        load_default="", validate=validate.Length(max=MAX_TEXT), metadata=_doc("What should change.")
    )


class IssueSchema(VersionSchema):
    send_email = fields.Boolean(
        load_default=False,
        metadata=_doc(
            "E-mail the DOCX to the recipients that have an address, after the issue is saved. A mail "
            "server that fails never undoes the issue: the failure is recorded for a retry."
        ),
    )


# Deliveries (ডাক) ------------------------------------------------------------------------------------------


class ForwardSchema(ma.Schema):
    id = fields.Integer()
    to_post_id = fields.Integer()
    note = fields.String()
    forwarded_at = _utc()
    forwarded_by_id = fields.Integer(allow_none=True)


class DeliverySchema(ma.Schema):
    """A memo in an office's inbox."""

    id = fields.Integer()
    office_id = fields.Integer(metadata=_doc("The receiving office."))
    role = fields.Enum(RecipientRole, by_value=True, metadata=_doc("The list that names the office."))
    post_id = fields.Integer(allow_none=True, metadata=_doc("The post it was addressed to, if any."))
    state = fields.Enum(DeliveryState, by_value=True)
    delivered_at = _utc()
    received_at = _utc(allow_none=True)
    received_by_id = fields.Integer(allow_none=True)
    memo = fields.Nested(MemoSummarySchema)
    memo_url = fields.Function(
        lambda d: url_for("api_memos.get_memo", memo_id=d.memo_id), metadata=_doc("The whole letter.")
    )
    forwards = fields.List(fields.Nested(ForwardSchema))


class DeliveryDetailSchema(DeliverySchema):
    allowed_actions = fields.List(
        fields.String(metadata={"enum": _values(DeliveryAction)}),
        metadata=_doc("The steps you may take now."),
    )


class InboxQuerySchema(RegisterQuerySchema):
    state = fields.String(
        validate=validate.OneOf(_values(DeliveryState)),
        metadata=_doc("delivered: not yet received; received: received already. Both when left out."),
    )


class ForwardInSchema(ma.Schema):
    to_post_id = fields.Integer(allow_none=True, metadata=_doc("A post of the receiving office."))
    note = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))


class ReplyInSchema(ma.Schema):
    file_id = fields.Integer(allow_none=True, metadata=_doc("The file of the replying office for the reply."))
    signatory_post_id = fields.Integer(allow_none=True, metadata=_doc("Who will sign the reply."))
