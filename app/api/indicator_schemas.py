"""The JSON shapes of the action-plans API (marshmallow): plans with their activities and indicators, each
indicator's four quarters (the derived figure with its sources, the entered figure with its reason), the
scores and totals, the registers that feed indicators (web-portal updates, e-Nothi figures per branch,
digitized services) and the reports sent upward.

Input schemas check the shape only; the rules (numbering, weights, targets, a reason for an override, who may
do what) are app.indicators.services': they answer 422 with a message in the caller's language. Figures are
sent as JSON numbers or as text with Bengali or ASCII digits ("৮০", "80%"); they come back as decimal strings
("80.00"). Dates are ISO 8601; as input dd/mm/yyyy (Bengali digits too) is accepted as well.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import marshmallow as ma
from flask import url_for
from marshmallow import fields, validate

from app.api.memo_schemas import MAX_LINE, MAX_TEXT, OfficeRefSchema, _bn, _utc
from app.core.bangla import fiscal_year_label
from app.indicators import rules
from app.indicators.models import OWN, PlanKind, PlanState, ReportKind, Rule
from app.indicators.scoring import Unit
from app.org.models import OfficeLevel

MAX_BOXES = 50
MAX_GRADES = 5
MAX_PARAMS = 20
MAX_NUMBER_TEXT = 32
# Where a source of a derived figure can be opened in this API (the registers are listed per office).
SOURCE_ENDPOINTS = {
    "meeting": ("api_meetings.get_meeting", "meeting_id"),
    "memo": ("api_memos.get_memo", "memo_id"),
}
AUDIENCES = [OWN, *(level.value for level in OfficeLevel if level is not OfficeLevel.DIRECTORATE)]


def _doc(text: str, **extra: Any) -> dict[str, Any]:
    return {"description": text, **extra}


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


def _one_of(enum: Any) -> validate.OneOf:
    return validate.OneOf(_values(enum))


def _amount(**kwargs: Any) -> fields.Decimal:
    return fields.Decimal(as_string=True, **kwargs)


class FigureField(fields.Field):
    """A figure as typed: a JSON number, or text with Bengali or ASCII digits; the service reads it (and
    answers 422 in the caller's language when it is not a number)."""

    default_error_messages = {"invalid": "Send a number, or the figure as text."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.make_error("invalid")
        if isinstance(value, str):
            if len(value) > MAX_NUMBER_TEXT:
                raise self.make_error("invalid")
            return value
        return Decimal(str(value))


class DateTextField(fields.String):
    """A date as ISO 8601 (2023-03-16) or as typed, dd/mm/yyyy with Bengali or ASCII digits."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("validate", validate.Length(max=MAX_NUMBER_TEXT))
        metadata = kwargs.pop("metadata", {})
        super().__init__(metadata={"example": "2023-03-16", **metadata}, **kwargs)


def _value_text(value: Decimal | date | None) -> str | None:
    """An achieved figure of any unit: a decimal string, or an ISO date for a date unit."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


# Plans, activities and indicators ---------------------------------------------------------------------------


class SourceSchema(ma.Schema):
    """A record a rule counted: a meeting (minutes approved), a memo, a portal update, an e-Nothi branch row
    or a digitized service."""

    type = fields.String(
        metadata=_doc("meeting, memo, portal_update, enothi, enothi_total or digitized_service.")
    )
    id = fields.Integer(allow_none=True)
    on = fields.String(allow_none=True, metadata=_doc("The record's date, ISO 8601, where it has one."))
    url = fields.Function(
        lambda s: (
            url_for(SOURCE_ENDPOINTS[s["type"]][0], **{SOURCE_ENDPOINTS[s["type"]][1]: s["id"]})
            if s.get("type") in SOURCE_ENDPOINTS and s.get("id") is not None
            else None
        ),
        metadata=_doc("Where the meeting or memo can be read in this API; null for register rows."),
    )
    e_file = fields.Integer(metadata=_doc("enothi_total: notes disposed in e-Nothi over the branches."))
    paper = fields.Integer(metadata=_doc("enothi_total: notes disposed in paper files."))


class QuarterSchema(ma.Schema):
    """One quarter of an indicator: what the rule derived, what was entered, and the figure that counts."""

    quarter = fields.Integer()
    value = fields.String(
        allow_none=True,
        metadata=_doc(
            "The figure that counts: the entered one if any, else the derived one (ISO for dates)."
        ),
    )
    derived_number = _amount(allow_none=True)
    derived_date = fields.Date(allow_none=True)
    derived_at = _utc(allow_none=True)
    sources = fields.List(
        fields.Nested(SourceSchema), metadata=_doc("The records behind the derived figure.")
    )
    entered = fields.Boolean(
        metadata=_doc("The office typed this quarter's figure (an override if derived).")
    )
    entered_number = _amount(allow_none=True)
    entered_date = fields.Date(allow_none=True)
    note = fields.String(metadata=_doc("Why the figure was entered; required to override a derived one."))
    entered_by_id = fields.Integer(allow_none=True)
    entered_by_name = fields.String(allow_none=True)
    entered_at = _utc(allow_none=True)


class IndicatorSchema(ma.Schema):
    """An indicator [১.১.১] with its target and rule, its four quarters and what they add up to."""

    id = fields.Integer()
    plan_id = fields.Integer()
    activity_id = fields.Integer()
    number = fields.String(metadata=_doc('"1.1.1"'))
    number_bn = fields.Function(lambda i: f"[{_bn(i.number)}]", metadata=_doc("As printed: [১.১.১]."))
    title_bn = fields.String()
    title_en = fields.String()
    unit = fields.Enum(Unit, by_value=True)
    weight = _amount()
    target_number = _amount(allow_none=True, metadata=_doc("The annual target of a count or percent unit."))
    target_date = fields.Date(allow_none=True, metadata=_doc("The target date of a date unit."))
    graded_dates = fields.List(
        fields.String(), metadata=_doc("Annual Performance Agreement grades: dates for 100, 90, 80, 70, 60%.")
    )
    instruction_bn = fields.String(metadata=_doc("What the receiving office must do (seed 001)."))
    rule = fields.Enum(Rule, by_value=True, metadata=_doc("Where the quarterly figures come from."))
    rule_label = fields.Function(lambda i: i.rule.label)
    rule_params = fields.Dict()
    source_indicator_id = fields.Integer(
        allow_none=True, metadata=_doc("The issuing office's indicator, in a received copy.")
    )
    quarters = fields.List(fields.Nested(QuarterSchema), metadata=_doc("Quarters 1 to 4, always four."))
    achieved = fields.Function(
        lambda i: _value_text(i.achieved),
        metadata=_doc("Counts summed, the cumulative or latest percent, the earliest date (ISO)."),
    )
    percent = _amount(metadata=_doc("Achievement %: min(100, achieved ÷ annual target × 100)."))
    score = _amount(metadata=_doc("weight × percent ÷ 100."))
    scaled_score = _amount(metadata=_doc("The score on the Annual Performance Agreement's scale."))


class ActivitySchema(ma.Schema):
    id = fields.Integer()
    plan_id = fields.Integer()
    number = fields.String(metadata=_doc('"1.1"'))
    number_bn = fields.Function(lambda a: f"[{_bn(a.number)}]")
    title_bn = fields.String()
    title_en = fields.String()
    indicators = fields.List(fields.Nested(IndicatorSchema))


class TotalsSchema(ma.Schema):
    total_weight = _amount()
    total_score = _amount(metadata=_doc("On the plan's scale (its total marks)."))
    scaled_score = _amount(
        metadata=_doc("total_score × apa_share ÷ total_marks (× 10 ÷ 50 for e-Governance).")
    )
    achievement_percent = _amount(allow_none=True)
    total_marks = _amount()
    apa_share = _amount()
    weights_complete = fields.Boolean(metadata=_doc("The weights add up to the plan's total marks."))


class PlanSchema(ma.Schema):
    id = fields.Integer()
    office_id = fields.Integer()
    fiscal_year = fields.Integer(metadata=_doc("The fiscal year's first calendar year: 2022 for ২০২২-২৩."))
    fiscal_year_bn = fields.Function(lambda p: fiscal_year_label(p.fiscal_year))
    kind = fields.Enum(PlanKind, by_value=True)
    audience = fields.String(
        metadata=_doc('"own", or the level of the offices under this one that the plan is built for.')
    )
    state = fields.Enum(PlanState, by_value=True)
    title_bn = fields.String()
    title_en = fields.String()
    total_marks = _amount()
    apa_share = _amount(metadata=_doc("The plan's share of the Annual Performance Agreement's 100 marks."))
    source_plan_id = fields.Integer(allow_none=True, metadata=_doc("The plan this copy was issued from."))
    targets_editable = fields.Boolean(metadata=_doc("Whether receiving offices may change the targets."))
    issued_memo_id = fields.Integer(allow_none=True)
    issued_at = _utc(allow_none=True)
    intro_bn = fields.String()
    version = fields.Integer(metadata=_doc("Send it back with a PATCH: a stale one answers 409."))
    updated_at = _utc()
    url = fields.Function(lambda p: url_for("api_indicators.get_plan", plan_id=p.id))


class PlanDetailSchema(PlanSchema):
    up_to = fields.Integer(metadata=_doc("The figures count the quarters up to this one."))
    activities = fields.List(fields.Nested(ActivitySchema))
    totals = fields.Nested(TotalsSchema)
    copies = fields.List(
        fields.Nested(lambda: PlanCopySchema()), metadata=_doc("An issued plan's copies, one per office.")
    )
    can_build = fields.Boolean(metadata=_doc("Whether you may change the plan's structure and targets."))
    can_report = fields.Boolean(metadata=_doc("Whether you may enter achievements."))


class PlanCopySchema(ma.Schema):
    id = fields.Integer(metadata=_doc("The copy's plan id."))
    office = fields.Nested(OfficeRefSchema)
    url = fields.Function(lambda p: url_for("api_indicators.get_plan", plan_id=p.id))


class PlanIssuedSchema(ma.Schema):
    plan = fields.Nested(PlanSchema)
    copies = fields.List(fields.Nested(PlanCopySchema))
    skipped = fields.Integer(metadata=_doc("Offices that already had their own plan of that kind and year."))


class PlanQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    fiscal_year = fields.Integer(validate=validate.Range(min=2000, max=2100))
    kind = fields.String(validate=_one_of(PlanKind))


class PlanDetailQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    up_to = fields.Integer(
        load_default=4,
        validate=validate.Range(min=1, max=4),
        metadata=_doc("Count the quarters up to this one (a report at the end of quarter 2, say)."),
    )


class PlanWriteSchema(ma.Schema):
    fiscal_year = fields.Integer(metadata=_doc("The first calendar year: 2023 for ২০২৩-২৪."))
    kind = fields.String(validate=_one_of(PlanKind), metadata=_doc("egov_innovation unless told."))
    audience = fields.String(
        validate=validate.OneOf(AUDIENCES),
        metadata=_doc('"own" (the default), or a level under the office to build a plan to issue to it.'),
    )
    title_bn = fields.String(validate=validate.Length(max=MAX_LINE))
    title_en = fields.String(validate=validate.Length(max=MAX_LINE))
    total_marks = FigureField(metadata=_doc("50 unless told."))
    apa_share = FigureField(metadata=_doc("10 unless told."))
    targets_editable = fields.Boolean()
    intro_bn = fields.String(validate=validate.Length(max=MAX_TEXT))


class PlanUpdateSchema(ma.Schema):
    """Only the fields sent change. A received copy changes only its English title."""

    version = fields.Integer(required=True, metadata=_doc("The version you read: a stale one answers 409."))
    title_bn = fields.String(validate=validate.Length(max=MAX_LINE))
    title_en = fields.String(validate=validate.Length(max=MAX_LINE))
    total_marks = FigureField()
    apa_share = FigureField()
    targets_editable = fields.Boolean()
    intro_bn = fields.String(validate=validate.Length(max=MAX_TEXT))
    reason = fields.String(
        load_only=True,
        validate=validate.Length(max=MAX_TEXT),
        metadata=_doc("Why a plan in use changes mid-year: required then, kept in the plan's history."),
    )


class PlanVersionSchema(ma.Schema):
    version = fields.Integer(metadata=_doc("The plan's version you read: 409 if it changed since."))


class ActivityWriteSchema(ma.Schema):
    number = fields.String(validate=validate.Length(max=16), metadata=_doc('"1.1" or "১.১".'))
    title_bn = fields.String(validate=validate.Length(max=MAX_TEXT))
    title_en = fields.String(validate=validate.Length(max=MAX_TEXT))
    reason = fields.String(
        load_only=True,
        validate=validate.Length(max=MAX_TEXT),
        metadata=_doc("Why a plan in use changes mid-year: required then, kept in the plan's history."),
    )


class IndicatorWriteSchema(ma.Schema):
    number = fields.String(validate=validate.Length(max=16), metadata=_doc('"1.1.1" or "১.১.১".'))
    title_bn = fields.String(validate=validate.Length(max=MAX_TEXT))
    title_en = fields.String(validate=validate.Length(max=MAX_TEXT))
    unit = fields.String(validate=_one_of(Unit), metadata=_doc("count unless told."))
    weight = FigureField()
    target_number = FigureField(allow_none=True, metadata=_doc("Count or percent units."))
    target_date = DateTextField(allow_none=True, metadata=_doc("Date units."))
    graded_dates = fields.List(DateTextField(), validate=validate.Length(max=MAX_GRADES))
    instruction_bn = fields.String(validate=validate.Length(max=MAX_TEXT))
    rule = fields.String(validate=_one_of(Rule), metadata=_doc("manual unless told."))
    rule_params = fields.Dict(
        keys=fields.String(validate=validate.Length(max=64)),
        validate=validate.Length(max=MAX_PARAMS),
        metadata=_doc(
            "meetings_held / first_meeting_date: meeting_kinds, committee_kinds (lists); memo_issued_date: "
            "memo_kind, subject_words; report_sent_date: report_kind, quarter."
        ),
    )
    reason = fields.String(
        load_only=True,
        validate=validate.Length(max=MAX_TEXT),
        metadata=_doc("Why a plan in use changes mid-year: required then, kept in the plan's history."),
    )


class IndicatorUpdateSchema(IndicatorWriteSchema):
    """Only the fields sent change (the number does not). In a received copy only the targets (where the
    issuing office allows it) and the rule change."""

    number = fields.String(dump_only=True)
    version = fields.Integer(metadata=_doc("The plan's version you read: 409 if it changed since."))


class EntrySchema(ma.Schema):
    value = FigureField(
        required=True, metadata=_doc("A number for count and percent units; a date for date units.")
    )
    note = fields.String(
        load_default="",
        validate=validate.Length(max=MAX_TEXT),
        metadata=_doc("Why: required when it overrides a figure the rule derives."),
    )


class IndicatorRowSchema(IndicatorSchema):
    """An indicator as it stands after a change, with the plan's totals."""

    plan_version = fields.Integer()
    totals = fields.Nested(TotalsSchema)


# Registers --------------------------------------------------------------------------------------------------


class FiscalYearQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    fiscal_year = fields.Integer(
        validate=validate.Range(min=2000, max=2100), metadata=_doc("The fiscal year's first calendar year.")
    )


class QuarterQuerySchema(FiscalYearQuerySchema):
    quarter = fields.Integer(validate=validate.Range(min=1, max=4))


class PortalUpdateSchema(ma.Schema):
    id = fields.Integer()
    office_id = fields.Integer()
    updated_on = fields.Date()
    service_boxes = fields.List(fields.String())
    note = fields.String()
    evidence_name = fields.String(metadata=_doc("The screenshot, when one was uploaded on the web."))
    created_by_id = fields.Integer(allow_none=True)
    created_at = _utc()


class PortalUpdateWriteSchema(ma.Schema):
    updated_on = DateTextField()
    service_boxes = fields.List(
        fields.String(validate=validate.Length(max=MAX_LINE)),
        validate=validate.Length(max=MAX_BOXES),
        metadata=_doc("Seed 004's service boxes, or others by name."),
    )
    note = fields.String(validate=validate.Length(max=MAX_TEXT))


class ENothiSchema(ma.Schema):
    id = fields.Integer()
    office_id = fields.Integer()
    branch_name = fields.String()
    fiscal_year = fields.Integer()
    quarter = fields.Integer()
    files_created = fields.Integer()
    disposed_dak = fields.Integer(metadata=_doc("ডাক নোটে নিষ্পত্তি (ক)."))
    disposed_note = fields.Integer(metadata=_doc("নোটে নিষ্পত্তি (খ)."))
    disposed_letter = fields.Integer(metadata=_doc("পত্রজারিতে নিষ্পত্তি নোট (গ)."))
    disposed_total = fields.Integer(metadata=_doc("মোট (ক+খ+গ)."))
    letters_issued = fields.Integer()
    disposed_paper = fields.Integer(metadata=_doc("Notes disposed in paper files."))
    e_file_percent = fields.Function(
        lambda r: _value_text(rules.enothi_percent(r.disposed_total, r.disposed_paper)),
        metadata=_doc("disposed_total ÷ (disposed_total + disposed_paper) × 100; null with no notes."),
    )
    version = fields.Integer(metadata=_doc("Send it back with a PUT: a stale one answers 409."))
    updated_at = _utc()


class ENothiWriteSchema(ma.Schema):
    """One branch's figures of one quarter: created, or replaced if the branch has them already."""

    branch_name = fields.String(validate=validate.Length(max=MAX_LINE))
    fiscal_year = fields.Integer(validate=validate.Range(min=2000, max=2100))
    quarter = fields.Integer(validate=validate.Range(min=1, max=4))
    files_created = FigureField()
    disposed_dak = FigureField()
    disposed_note = FigureField()
    disposed_letter = FigureField()
    letters_issued = FigureField()
    disposed_paper = FigureField()
    version = fields.Integer(metadata=_doc("The row's version you read, when it exists: 409 if stale."))


class DigitizedServiceWriteSchema(ma.Schema):
    """Seed 004's columns. In a PATCH only the fields sent change."""

    name = fields.String(validate=validate.Length(max=MAX_LINE))
    innovator = fields.String(validate=validate.Length(max=MAX_LINE), metadata=_doc("Name and post."))
    started = fields.String(validate=validate.Length(max=32), metadata=_doc("Year, e.g. ২০১৯-২০২০."))
    ministry = fields.String(validate=validate.Length(max=MAX_LINE))
    organisation = fields.String(validate=validate.Length(max=MAX_LINE))
    time_before = fields.String(validate=validate.Length(max=64))
    time_after = fields.String(validate=validate.Length(max=64))
    cost_before = fields.String(validate=validate.Length(max=64))
    cost_after = fields.String(validate=validate.Length(max=64))
    visits_before = fields.String(validate=validate.Length(max=64))
    visits_after = fields.String(validate=validate.Length(max=64))
    beneficiaries = fields.String(validate=validate.Length(max=MAX_LINE))
    link = fields.String(validate=validate.Length(max=MAX_LINE))
    remarks = fields.String(validate=validate.Length(max=MAX_TEXT))
    is_running = fields.Boolean(metadata=_doc("Kept running: counted by the digitized-services rule."))


class DigitizedServiceUpdateSchema(DigitizedServiceWriteSchema):
    version = fields.Integer(required=True, metadata=_doc("The version you read: a stale one answers 409."))


class DigitizedServiceSchema(DigitizedServiceWriteSchema):
    id = fields.Integer()
    office_id = fields.Integer()
    version = fields.Integer()
    created_at = _utc()
    updated_at = _utc()


# Reports ----------------------------------------------------------------------------------------------------


class ReportSchema(ma.Schema):
    """A report of the plan sent upward, with its forwarding letter."""

    id = fields.Integer()
    plan_id = fields.Integer()
    kind = fields.Enum(ReportKind, by_value=True)
    kind_label = fields.Function(lambda r: r.kind.label)
    quarter = fields.Integer(metadata=_doc("The last quarter covered (2 for the half-yearly)."))
    forwarding_memo_id = fields.Integer(allow_none=True)
    number = fields.Function(
        lambda r: r.forwarding_memo.number if r.forwarding_memo else None, allow_none=True
    )
    number_bn = fields.Function(lambda r: _bn(r.forwarding_memo.number) if r.forwarding_memo else None)
    status = fields.Function(
        lambda r: r.forwarding_memo.status.value if r.forwarding_memo else None,
        metadata=_doc("The forwarding letter's state: the report counts as sent once it is issued."),
    )
    issued_on = fields.Function(
        lambda r: (
            r.forwarding_memo.issued_on.isoformat()
            if r.forwarding_memo and r.forwarding_memo.issued_on
            else None
        )
    )
    memo_url = fields.Function(
        lambda r: (
            url_for("api_memos.get_memo", memo_id=r.forwarding_memo_id) if r.forwarding_memo_id else None
        )
    )
    created_at = _utc()


class ReportSendSchema(ma.Schema):
    """Everything but `kind` is optional: the quarter is fixed for the self-assessments, the letter goes from
    the office's first file and is signed for by the head of office unless told."""

    kind = fields.String(required=True, validate=_one_of(ReportKind))
    quarter = fields.Integer(
        allow_none=True, metadata=_doc("1-4 for the quarterly, portal and e-Nothi reports.")
    )
    file_id = fields.Integer(allow_none=True, metadata=_doc("The file (নথি) the letter goes out from."))
    signatory_post_id = fields.Integer(allow_none=True, metadata=_doc("The post that signs the letter."))
    reference = fields.String(
        validate=validate.Length(max=MAX_TEXT), metadata=_doc("The সূত্র line, e.g. the directive's number.")
    )
