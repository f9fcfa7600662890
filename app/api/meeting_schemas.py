"""The JSON shapes of the committees and meetings API (marshmallow): committees and seats, meetings with their
agenda, invitees and attendance, the minutes with their revisions, decisions and action items, and the bodies
of the meeting's steps.

Input schemas check the shape only (types, lengths, known values); the rules (one convenor, a seat of this
committee, the quorum, a locked minutes ...) are the services': they answer 422 with a message in the
caller's language. Dates are ISO 8601 (`2023-06-25`), times of day "HH:MM" in Bangladesh time, timestamps UTC.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import url_for
from marshmallow import fields, validate

from app.api.memo_schemas import (
    MAX_BODY,
    MAX_LINE,
    MAX_RECIPIENTS,
    MAX_TEXT,
    PostRefSchema,
    RecipientSchema,
    _bn,
    _utc,
)
from app.api.schemas import OfficerRefSchema
from app.committees.models import CommitteeKind, QuorumRule, SeatRole
from app.meetings import queries, services
from app.meetings.models import AgendaKind, Attendance, MeetingKind, MinutesLayout
from workflows.meeting import ActionState, ActionStep, MeetingAction, MeetingState

# Generous caps that only keep a request from filling the database.
MAX_ITEMS = 200
MAX_DECISIONS = 50
MAX_IMPLEMENTERS = 50
MAX_GUESTS = 200
TIME_FORMAT = "%H:%M"


def _doc(text: str, **extra: Any) -> dict[str, Any]:
    return {"description": text, **extra}


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


def _one_of(enum: Any) -> validate.OneOf:
    return validate.OneOf(_values(enum))


def _time(**kwargs: Any) -> fields.Time:
    description = _doc('Time of day in Bangladesh, "HH:MM".', example="10:00")
    return fields.Time(format=TIME_FORMAT, metadata=description, **kwargs)


class MemoRefSchema(ma.Schema):
    """A notice or minutes memo in brief; the whole letter is at `url`."""

    id = fields.Integer()
    kind = fields.String(attribute="kind.value")
    status = fields.String(attribute="status.value")
    subject = fields.String()
    number = fields.String(allow_none=True)
    number_bn = fields.Function(lambda m: _bn(m.number))
    issued_on = fields.Date(allow_none=True)
    url = fields.Function(lambda m: url_for("api_memos.get_memo", memo_id=m.id))


# Committees and seats ---------------------------------------------------------------------------------------


class SeatSchema(ma.Schema):
    """A seat: a post of the office (whoever holds it today) or a named outsider, with one or two roles."""

    id = fields.Integer()
    committee_id = fields.Integer()
    position = fields.Integer()
    post = fields.Nested(PostRefSchema, allow_none=True, metadata=_doc("The post, for a seat of the office."))
    holder = fields.Nested(
        OfficerRefSchema,
        allow_none=True,
        metadata=_doc("Who holds the post today; null if vacant or outsider."),
    )
    outsider_name = fields.String()
    outsider_designation = fields.String()
    outsider_organisation = fields.String()
    outsider_email = fields.String()
    role = fields.Enum(SeatRole, by_value=True)
    second_role = fields.Enum(SeatRole, by_value=True, allow_none=True)
    roles_bn = fields.String(metadata=_doc('As printed: "সদস্য সচিব ও ফোকাল পয়েন্ট".'))
    is_active = fields.Boolean(metadata=_doc("A removed seat stays, inactive, so old papers still name it."))
    version = fields.Integer(metadata=_doc("Send it back with a PATCH: a stale one answers 409."))


class CommitteeSchema(ma.Schema):
    id = fields.Integer()
    office_id = fields.Integer()
    kind = fields.Enum(CommitteeKind, by_value=True)
    name_bn = fields.String()
    name_en = fields.String()
    formation_reference = fields.String(metadata=_doc("The memo number that formed it, as printed."))
    formation_date = fields.Date(allow_none=True)
    meetings_per_quarter = fields.Integer(metadata=_doc("Meetings required per quarter."))
    quorum_rule = fields.Enum(
        QuorumRule, by_value=True, metadata=_doc("majority: more than half of the seats.")
    )
    quorum_count = fields.Integer(allow_none=True, metadata=_doc("For the fixed rule."))
    memo_file_id = fields.Integer(
        allow_none=True, metadata=_doc("The file its notices and minutes go out from.")
    )
    is_active = fields.Boolean()
    version = fields.Integer(metadata=_doc("Send it back with a PATCH: a stale one answers 409."))
    updated_at = _utc()


class CommitteeDetailSchema(CommitteeSchema):
    seats = fields.List(fields.Nested(SeatSchema), metadata=_doc("Active seats first, in order."))
    quorum_needed = fields.Integer(
        metadata=_doc("Seats that must be present for the minutes to be approved.")
    )
    missing_roles = fields.List(
        fields.String(metadata={"enum": _values(SeatRole)}),
        metadata=_doc("The convenor or member secretary the committee still lacks: no meeting until filled."),
    )
    can_edit = fields.Boolean(metadata=_doc("Whether you may change the committee and its seats."))
    meetings_url = fields.Function(lambda c: url_for("api_meetings.list_meetings", committee_id=c.id))


class CommitteeWriteSchema(ma.Schema):
    kind = fields.String(validate=_one_of(CommitteeKind))
    name_bn = fields.String(validate=validate.Length(max=MAX_LINE))
    name_en = fields.String(validate=validate.Length(max=MAX_LINE))
    formation_reference = fields.String(validate=validate.Length(max=MAX_LINE))
    formation_date = fields.Date(allow_none=True)
    meetings_per_quarter = fields.Integer(validate=validate.Range(min=0, max=100))
    quorum_rule = fields.String(validate=_one_of(QuorumRule))
    quorum_count = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=1000))
    memo_file_id = fields.Integer(allow_none=True, metadata=_doc("One of the office's files."))
    is_active = fields.Boolean()


class CommitteeUpdateSchema(CommitteeWriteSchema):
    version = fields.Integer(required=True, metadata=_doc("The version you read: a stale one answers 409."))


class SeatWriteSchema(ma.Schema):
    """A post of the committee's office (`post_id`), or an outsider by name."""

    post_id = fields.Integer(allow_none=True)
    outsider_name = fields.String(validate=validate.Length(max=MAX_LINE))
    outsider_designation = fields.String(validate=validate.Length(max=MAX_LINE))
    outsider_organisation = fields.String(validate=validate.Length(max=MAX_LINE))
    outsider_email = fields.String(validate=validate.Length(max=MAX_LINE))
    role = fields.String(validate=_one_of(SeatRole), metadata=_doc("member unless told."))
    second_role = fields.String(allow_none=True, validate=_one_of(SeatRole))


class SeatUpdateSchema(SeatWriteSchema):
    """Only the fields sent change."""

    version = fields.Integer(required=True, metadata=_doc("The version you read: a stale one answers 409."))


# Meetings ---------------------------------------------------------------------------------------------------


class MeetingSummarySchema(ma.Schema):
    id = fields.Integer()
    committee_id = fields.Integer()
    office_id = fields.Integer()
    kind = fields.Enum(MeetingKind, by_value=True)
    state = fields.Enum(MeetingState, by_value=True)
    fiscal_year = fields.Integer(metadata=_doc("The fiscal year's first calendar year: 2022 for ২০২২-২৩."))
    number = fields.Integer(
        metadata=_doc("The meeting's number in the committee and fiscal year (১ম, ২য় ...).")
    )
    title_bn = fields.Function(
        services.meeting_title_bn, metadata=_doc("As printed: ২০২২-২৩ অর্থবছরের ৪র্থ সভা.")
    )
    held_on = fields.Date()
    start_time = _time()
    venue = fields.String()
    notice_memo_id = fields.Integer(allow_none=True)
    minutes_memo_id = fields.Integer(allow_none=True)
    version = fields.Integer(metadata=_doc("Send it back with a PATCH or PUT: a stale one answers 409."))
    updated_at = _utc()


class ImplementerSchema(ma.Schema):
    id = fields.Integer()
    seat_id = fields.Integer(allow_none=True)
    officer_id = fields.Integer(allow_none=True)
    label = fields.String(metadata=_doc("As printed in the minutes."))


class ActionItemRefSchema(ma.Schema):
    id = fields.Integer()
    state = fields.Enum(ActionState, by_value=True)
    officer_id = fields.Integer(allow_none=True)
    label = fields.String()
    due_date = fields.Date(allow_none=True)


class DecisionSchema(ma.Schema):
    id = fields.Integer()
    position = fields.Integer()
    text = fields.String()
    due_date = fields.Date(allow_none=True)
    shared = fields.Boolean(metadata=_doc("One action item for all the implementers, instead of one each."))
    implementers = fields.List(fields.Nested(ImplementerSchema))
    action_items = fields.List(fields.Nested(ActionItemRefSchema), metadata=_doc("Made when approved."))


class AgendaItemSchema(ma.Schema):
    id = fields.Integer()
    position = fields.Integer()
    kind = fields.Enum(AgendaKind, by_value=True)
    title = fields.String()
    discussion = fields.String()
    decisions = fields.List(fields.Nested(DecisionSchema))


class AttendeeSchema(ma.Schema):
    """An invitee: a seat (name and role line copied when the meeting was scheduled) or a guest."""

    id = fields.Integer()
    position = fields.Integer()
    seat_id = fields.Integer(allow_none=True)
    officer_id = fields.Integer(allow_none=True)
    name = fields.String()
    designation = fields.String()
    workplace = fields.String()
    role_line = fields.String(metadata=_doc("The committee role, as on the attendance sheet."))
    email = fields.String()
    is_guest = fields.Boolean()
    attendance = fields.Enum(Attendance, by_value=True)


class StatusRowSchema(ma.Schema):
    """A decision of an earlier meeting and how far it got: the next meeting's status table."""

    id = fields.Integer(metadata=_doc("The action item."))
    state = fields.Enum(ActionState, by_value=True)
    decision = fields.String(attribute="decision.text")
    meeting_id = fields.Integer(attribute="decision.meeting_id")
    label = fields.String(metadata=_doc("The responsible officer, as printed."))
    officer_id = fields.Integer(allow_none=True)
    due_date = fields.Date(allow_none=True)
    remarks = fields.String()
    dropped_reason = fields.String()


class MeetingSchema(MeetingSummarySchema):
    """A meeting with its agenda (after the meeting: discussion and decisions), invitees, papers, the steps
    open to you and the status table of the committee's earlier decisions."""

    when_bn = fields.Function(services.when_bn, metadata=_doc("২৫/০৬/২০২৩খ্রি. তারিখ রোজ রবিবার সকাল ১০:০০ ঘটিকা"))
    previous_meeting_id = fields.Integer(allow_none=True, metadata=_doc("Whose minutes item 1 approves."))
    postponed_reason = fields.String()
    cancelled_reason = fields.String()
    notice = fields.Nested(MemoRefSchema, attribute="notice_memo", allow_none=True)
    minutes_memo = fields.Nested(
        MemoRefSchema, allow_none=True, metadata=_doc("The minutes' distribution memo.")
    )
    other_memo_ids = fields.List(fields.Integer(), metadata=_doc("Postponement, rescheduling, cancellation."))
    agenda = fields.List(fields.Nested(AgendaItemSchema))
    attendees = fields.List(fields.Nested(AttendeeSchema))
    minutes_layout = fields.Enum(MinutesLayout, by_value=True)
    chair_seat_id = fields.Integer(allow_none=True)
    opening = fields.String()
    closing = fields.String()
    minutes_version = fields.Integer(metadata=_doc("How many times the minutes were saved."))
    approved_at = _utc(allow_none=True)
    approved_by_id = fields.Integer(allow_none=True)
    attendance_scan_name = fields.String(
        metadata=_doc("The signed attendance sheet, if uploaded on the web.")
    )
    allowed_actions = fields.List(
        fields.String(metadata={"enum": _values(MeetingAction)}), metadata=_doc("The steps you may take now.")
    )
    previous_decisions = fields.List(
        fields.Nested(StatusRowSchema), metadata=_doc("Action items of the committee's earlier meetings.")
    )
    papers = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata=_doc("notice, attendance, minutes: the DOCX URLs."),
    )


class AgendaInSchema(ma.Schema):
    """A free item or an item of the plan; the standing items (previous minutes, previous decisions,
    বিবিধ) are added by Sabha."""

    title = fields.String(required=True, validate=validate.Length(max=MAX_TEXT))
    kind = fields.String(load_default=AgendaKind.FREE.value, validate=validate.OneOf(["plan", "free"]))


class GuestSchema(ma.Schema):
    name = fields.String(required=True, validate=validate.Length(max=MAX_LINE))
    designation = fields.String(validate=validate.Length(max=MAX_LINE))
    workplace = fields.String(validate=validate.Length(max=MAX_LINE))
    email = fields.String(validate=validate.Length(max=MAX_LINE))
    attendance = fields.String(validate=_one_of(Attendance))


class MeetingWriteSchema(ma.Schema):
    kind = fields.String(validate=_one_of(MeetingKind), metadata=_doc("regular unless told."))
    held_on = fields.Date(metadata=_doc("The date of the meeting."))
    start_time = _time()
    venue = fields.String(validate=validate.Length(max=MAX_LINE))
    agenda = fields.List(fields.Nested(AgendaInSchema), validate=validate.Length(max=MAX_ITEMS))


class MeetingUpdateSchema(MeetingWriteSchema):
    """Only the fields sent change; `agenda` and `guests` are replaced whole. Once the notice is out, the date
    and time change only by postponing."""

    version = fields.Integer(required=True, metadata=_doc("The version you read: a stale one answers 409."))
    guests = fields.List(fields.Nested(GuestSchema), validate=validate.Length(max=MAX_GUESTS))


class SendEmailSchema(ma.Schema):
    send_email = fields.Boolean(
        load_default=False,
        metadata=_doc(
            "E-mail the notice (DOCX and calendar invitation) to the recipients with an address, after it is "
            "saved. A mail server that fails never undoes the step: the failure is recorded for a retry."
        ),
    )


class NoticeInSchema(SendEmailSchema):
    """Everything is optional: Sabha writes the subject and paragraph and proposes the distribution (the
    supervising offices, the members, office copy)."""

    subject = fields.String(validate=validate.Length(max=MAX_TEXT))
    body = fields.String(validate=validate.Length(max=MAX_BODY))
    recipients = fields.List(fields.Nested(RecipientSchema), validate=validate.Length(max=MAX_RECIPIENTS))
    office_copy = fields.Boolean(metadata=_doc('"অফিস কপি" closes the copy list (true unless told).'))


class MinutesIssueSchema(NoticeInSchema):
    pass


class ReasonSchema(SendEmailSchema):
    reason = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))


class RescheduleSchema(SendEmailSchema):
    held_on = fields.Date()
    start_time = _time()
    venue = fields.String(validate=validate.Length(max=MAX_LINE))


class MeetingVersionSchema(ma.Schema):
    version = fields.Integer(metadata=_doc("The version you read: 409 if the meeting changed since."))


# Attendance -------------------------------------------------------------------------------------------------


class AttendanceSchema(ma.Schema):
    meeting_id = fields.Integer()
    state = fields.Enum(MeetingState, by_value=True)
    version = fields.Integer()
    present = fields.Integer(metadata=_doc("Seats marked present (guests do not count)."))
    needed = fields.Integer(metadata=_doc("Seats needed for a quorum."))
    has_quorum = fields.Boolean()
    scan_name = fields.String(metadata=_doc("The signed sheet, if uploaded on the web."))
    attendees = fields.List(fields.Nested(AttendeeSchema))


class AttendanceInSchema(MeetingVersionSchema):
    marks = fields.Dict(
        keys=fields.Integer(),
        values=fields.String(validate=_one_of(Attendance)),
        load_default=dict,
        metadata=_doc('{attendee_id: "present" | "absent" | "excused"}'),
    )
    guests = fields.List(
        fields.Nested(GuestSchema), validate=validate.Length(max=MAX_GUESTS),
        metadata=_doc("Replaces the guests when sent, each with its own `attendance`."),
    )  # fmt: skip


# Minutes ----------------------------------------------------------------------------------------------------


class ImplementerInSchema(ma.Schema):
    seat_id = fields.Integer(allow_none=True, metadata=_doc("A seat of the committee."))
    officer_id = fields.Integer(allow_none=True, metadata=_doc("An officer of the office (or under it)."))
    label = fields.String(
        validate=validate.Length(max=MAX_TEXT),
        metadata=_doc("As printed; made from the seat or officer if empty."),
    )


class DecisionInSchema(ma.Schema):
    text = fields.String(validate=validate.Length(max=MAX_BODY))
    due_date = fields.Date(allow_none=True)
    shared = fields.Boolean(load_default=False)
    implementers = fields.List(
        fields.Nested(ImplementerInSchema), validate=validate.Length(max=MAX_IMPLEMENTERS)
    )


class MinutesItemSchema(ma.Schema):
    """An item of the minutes: its topic, the discussion and the decisions with who carries each out."""

    title = fields.String(validate=validate.Length(max=MAX_TEXT))
    kind = fields.String(validate=_one_of(AgendaKind))
    discussion = fields.String(validate=validate.Length(max=MAX_BODY))
    decisions = fields.List(fields.Nested(DecisionInSchema), validate=validate.Length(max=MAX_DECISIONS))


class MinutesInSchema(ma.Schema):
    """The minutes, replacing what was saved: `items` replaces the agenda whole."""

    version = fields.Integer(
        required=True, metadata=_doc("The meeting's version you read: stale answers 409.")
    )
    layout = fields.String(validate=_one_of(MinutesLayout), metadata=_doc("table (seed 003) or paragraphs."))
    chair_seat_id = fields.Integer(allow_none=True)
    opening = fields.String(validate=validate.Length(max=MAX_BODY))
    closing = fields.String(validate=validate.Length(max=MAX_BODY))
    items = fields.List(fields.Nested(MinutesItemSchema), validate=validate.Length(max=MAX_ITEMS))


class RevisionSchema(ma.Schema):
    version = fields.Integer()
    created_at = _utc()
    created_by_id = fields.Integer(allow_none=True)
    changed = fields.Function(lambda r: sorted(r.changes or {}), metadata=_doc("Which parts changed."))


class MinutesSchema(ma.Schema):
    """The minutes as saved (in the shape PUT takes), and every saved revision until approval."""

    meeting_id = fields.Integer()
    state = fields.Enum(MeetingState, by_value=True)
    version = fields.Integer(metadata=_doc("The meeting's version: send it back with a PUT."))
    minutes_version = fields.Integer()
    locked = fields.Boolean(metadata=_doc("Approved: no more changes."))
    approved_at = _utc(allow_none=True)
    approved_by_id = fields.Integer(allow_none=True)
    layout = fields.String()
    chair_seat_id = fields.Integer(allow_none=True)
    opening = fields.String()
    closing = fields.String()
    items = fields.List(
        fields.Dict(), metadata=_doc("{title, kind, discussion, decisions: [...]}, as in PUT.")
    )
    revisions = fields.List(fields.Nested(RevisionSchema))
    allowed_actions = fields.List(fields.String(metadata={"enum": _values(MeetingAction)}))


# Action items -----------------------------------------------------------------------------------------------


class MeetingRefSchema(ma.Schema):
    id = fields.Integer()
    committee_id = fields.Integer()
    committee_name_bn = fields.String(attribute="committee.name_bn")
    title_bn = fields.Function(services.meeting_title_bn)
    held_on = fields.Date()


class NoteSchema(ma.Schema):
    id = fields.Integer()
    text = fields.String()
    evidence_name = fields.String(metadata=_doc("An evidence file added on the web."))
    created_at = _utc()
    created_by_id = fields.Integer(allow_none=True)


class ActionItemSchema(ma.Schema):
    """A decision on someone's list: who, by when, how far it got."""

    id = fields.Integer()
    state = fields.Enum(ActionState, by_value=True)
    overdue = fields.Function(
        lambda item: queries.is_overdue(item),
        metadata=_doc("Still open after its due date (Bangladesh time)."),
    )
    due_date = fields.Date(allow_none=True)
    label = fields.String(metadata=_doc("The responsible officer (or team), as printed."))
    officer = fields.Nested(
        OfficerRefSchema, allow_none=True, metadata=_doc("Null for an outsider or a team.")
    )
    seat_id = fields.Integer(allow_none=True)
    office_id = fields.Integer()
    decision_id = fields.Integer()
    decision = fields.String(attribute="decision.text")
    meeting = fields.Nested(MeetingRefSchema, attribute="decision.agenda_item.meeting")
    remarks = fields.String()
    dropped_reason = fields.String()
    completed_at = _utc(allow_none=True)
    version = fields.Integer()
    updated_at = _utc()


class ActionItemDetailSchema(ActionItemSchema):
    notes = fields.List(fields.Nested(NoteSchema))
    allowed_steps = fields.List(
        fields.String(metadata={"enum": _values(ActionStep)}), metadata=_doc("The steps you may take now.")
    )


class ActionItemQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    state = fields.String(
        load_default="all",
        validate=validate.OneOf(queries.STATE_FILTERS),
        metadata=_doc("all; overdue; open (pending or in progress, overdue included); done; dropped."),
    )


class ActionUpdateSchema(ma.Schema):
    step = fields.String(
        required=True, validate=validate.OneOf(["start", "complete", "drop", "reopen"]),
        metadata=_doc("drop needs `text`, the reason."),
    )  # fmt: skip
    text = fields.String(
        load_default="",
        validate=validate.Length(max=MAX_TEXT),
        metadata=_doc("Remarks, or why it is dropped."),
    )
    version = fields.Integer(metadata=_doc("The version you read: 409 if the item changed since."))


class NoteInSchema(ma.Schema):
    text = fields.String(required=True, validate=validate.Length(max=MAX_TEXT))
