"""Forms of the action-plan pages and of the registers that feed indicators.

Input shape only: numbers and dates are typed in Bengali or ASCII digits and parsed by the services
(app.indicators.services.parse_number / parse_date), which name the field they refuse."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.committees.models import COMMITTEE_KIND_LABELS
from app.core.forms import CleanStringField, CleanTextAreaField, SabhaForm, VersionedForm
from app.indicators.models import PLAN_KIND_LABELS, PORTAL_SERVICE_BOXES, RULE_LABELS, ReportKind
from app.meetings.models import MEETING_KIND_LABELS
from app.memos.models import MEMO_KIND_LABELS

UNIT_LABELS = {"date": _l("Date"), "count": _l("Number"), "percent": _l("Percent (%)")}
REQUIRED = _l("This field is required.")


def _reason_field() -> CleanTextAreaField:
    """Why a plan in use changes: app.indicators.services asks for it; shown only while the plan is in use."""
    return CleanTextAreaField(
        _l("Reason for the change"),
        validators=[Length(max=1000)],
        render_kw={"rows": 2},
        description=_l("Required while the plan is in use; kept in the plan's history."),
    )


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").replace(",", "\n").split("\n") if line.strip()]


class PlanForm(SabhaForm):
    """A new plan: the office's own, or one built for a level below to be issued to the offices there."""

    fiscal_year = SelectField(_l("Fiscal year"), coerce=int)
    kind = SelectField(_l("Kind of plan"), choices=[(k.value, v) for k, v in PLAN_KIND_LABELS.items()])
    audience = SelectField(_l("For"))
    title_bn = CleanStringField(
        _l("Title"), validators=[Length(max=255)], description=_l("Empty: the kind's name.")
    )
    total_marks = CleanStringField(_l("Total marks"), default="৫০")
    apa_share = CleanStringField(
        _l("Share of the Annual Performance Agreement"),
        default="১০",
        description=_l("The plan's marks on the agreement's scale of 100 (e-Governance: 10)."),
    )
    targets_editable = BooleanField(_l("Receiving offices may change their targets"))
    intro_bn = CleanTextAreaField(
        _l("Introduction (for the directive)"), validators=[Length(max=5000)], render_kw={"rows": 2}
    )


class ActivityForm(SabhaForm):
    number = CleanStringField(
        _l("Number in the plan"), description=_l("Like ১.১"), validators=[Length(max=16)]
    )
    title_bn = CleanStringField(_l("Activity"), validators=[Length(max=2000)])
    reason = _reason_field()


class IndicatorForm(SabhaForm):
    """An indicator with its target and the rule that feeds it. A rule's parameters are shown for every rule
    and only those the chosen rule uses are kept."""

    activity_id = SelectField(_l("Activity"), coerce=int, validate_choice=False)
    number = CleanStringField(
        _l("Number in the plan"), description=_l("Like ১.১.১"), validators=[Length(max=16)]
    )
    title_bn = CleanTextAreaField(_l("Indicator"), validators=[Length(max=2000)], render_kw={"rows": 2})
    unit = SelectField(_l("Unit"), choices=list(UNIT_LABELS.items()))
    weight = CleanStringField(_l("Weight"))
    target_number = CleanStringField(
        _l("Annual target (number or percent)"), description=_l("For count and percent indicators.")
    )
    target_date = CleanStringField(
        _l("Target date"), description=_l("For date indicators: dd/mm/yyyy, e.g. ১৬/০৩/২০২৪.")
    )
    graded_dates = CleanStringField(
        _l("Graded dates"),
        description=_l(
            "Optional: the dates for 100, 90, 80, 70 and 60%, comma-separated; the first is the target date."
        ),  # fmt: skip
    )
    instruction_bn = CleanTextAreaField(
        _l("What the receiving office must do"), validators=[Length(max=5000)], render_kw={"rows": 2}
    )
    rule = SelectField(
        _l("Where the figures come from"), choices=[(k.value, v) for k, v in RULE_LABELS.items()]
    )
    meeting_kinds = SelectMultipleField(
        _l("Kinds of meeting counted"), choices=[(k.value, v) for k, v in MEETING_KIND_LABELS.items()]
    )
    committee_kinds = SelectMultipleField(
        _l("Kinds of committee counted"), choices=[(k.value, v) for k, v in COMMITTEE_KIND_LABELS.items()]
    )
    memo_kind = SelectField(
        _l("Kind of letter"),
        choices=[("", "—"), *((k.value, v) for k, v in MEMO_KIND_LABELS.items())],
        default="",
    )
    subject_words = CleanStringField(
        _l("Words in the letter's subject"), description=_l("All must appear, e.g. স্ব-মূল্যায়ন প্রেরণ.")
    )
    report_kind = SelectField(
        _l("Kind of report"),
        choices=[("", "—"), *((k.value, k.label) for k in ReportKind)],
        default="",
    )
    reason = _reason_field()

    def rule_params(self) -> dict[str, Any]:
        """Only the parameters the chosen rule reads (app/indicators/rules.py)."""
        rule = self.rule.data
        params: dict[str, Any] = {}
        if rule in ("meetings_held", "first_meeting_date"):
            if self.meeting_kinds.data:
                params["meeting_kinds"] = list(self.meeting_kinds.data)
            if self.committee_kinds.data:
                params["committee_kinds"] = list(self.committee_kinds.data)
        elif rule == "memo_issued_date":
            if self.memo_kind.data:
                params["memo_kind"] = self.memo_kind.data
            if self.subject_words.data:
                params["subject_words"] = self.subject_words.data.split()
        elif rule == "report_sent_date" and self.report_kind.data:
            params["report_kind"] = self.report_kind.data
        return params

    def fill_rule_params(self, params: dict[str, Any]) -> None:
        self.meeting_kinds.data = list(params.get("meeting_kinds") or [])
        self.committee_kinds.data = list(params.get("committee_kinds") or [])
        self.memo_kind.data = params.get("memo_kind") or ""
        self.subject_words.data = " ".join(params.get("subject_words") or [])
        self.report_kind.data = params.get("report_kind") or ""

    def target_data(self) -> dict[str, Any]:
        """The target fields as the service takes them: the unit decides which one counts."""
        if self.unit.data == "date":
            return {"target_number": None, "target_date": self.target_date.data or None,
                    "graded_dates": _lines(self.graded_dates.data)}  # fmt: skip
        return {"target_number": self.target_number.data or None, "target_date": None, "graded_dates": []}


class EntryForm(SabhaForm):
    value = CleanStringField(
        _l("Figure achieved"),
        validators=[Length(max=32)],
        description=_l("A number (e.g. ১ or ৮৬%) or, for a date indicator, dd/mm/yyyy."),
    )
    note = CleanTextAreaField(
        _l("Note / reason"),
        validators=[Length(max=2000)],
        render_kw={"rows": 2},
        description=_l("Required when it overrides the figure Sabha derived."),
    )


class EvidenceForm(SabhaForm):
    file = FileField(_l("Evidence"), validators=[FileRequired(_l("Choose a file."))],
                     description=_l("PDF, JPEG, PNG, Word or Excel."))  # fmt: skip
    description = CleanStringField(_l("Description"), validators=[Length(max=255)])


class ActionForm(SabhaForm):
    """A one-click step (activate, issue, delete, clear): CSRF only."""


class PortalUpdateForm(SabhaForm):
    updated_on = CleanStringField(
        _l("Date of the update"),
        validators=[DataRequired(REQUIRED)],
        description=_l("dd/mm/yyyy, e.g. ২৭/০৯/২০২৩."),
    )
    service_boxes = SelectMultipleField(
        _l("Service boxes updated"),
        choices=[(b, b) for b in PORTAL_SERVICE_BOXES],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    other_boxes = CleanStringField(
        _l("Other service boxes"), validators=[Length(max=1000)], description=_l("Comma-separated.")
    )
    note = CleanTextAreaField(_l("Note"), validators=[Length(max=2000)], render_kw={"rows": 2})
    screenshot = FileField(_l("Screenshot"), description=_l("PNG, JPEG or PDF (optional)."))

    def boxes(self) -> list[str]:
        return [*(self.service_boxes.data or []), *_lines(self.other_boxes.data)]


class ENothiForm(SabhaForm):
    branch_name = SelectField(_l("Branch"), validate_choice=False)
    other_branch = CleanStringField(_l("Other branch or desk"), validators=[Length(max=255)])
    files_created = CleanStringField(_l("Files created"), default="0")
    disposed_dak = CleanStringField(_l("Disposed in dak notes (a)"), default="0")
    disposed_note = CleanStringField(_l("Disposed in notes (b)"), default="0")
    disposed_letter = CleanStringField(_l("Notes disposed by issuing letters (c)"), default="0")
    letters_issued = CleanStringField(_l("Letters issued"), default="0")
    disposed_paper = CleanStringField(
        _l("Notes disposed in paper files"), default="0", description=_l("For the e-file percent.")
    )

    def branch(self) -> str:
        return (self.other_branch.data or "").strip() or (self.branch_name.data or "")


class DigitizedServiceForm(VersionedForm):
    name = CleanStringField(_l("Digitized / simplified service"), validators=[Length(max=255)])
    innovator = CleanStringField(_l("Innovator's name and post"), validators=[Length(max=255)])
    started = CleanStringField(_l("Started (year)"), validators=[Length(max=32)])
    ministry = CleanStringField(_l("Ministry / division"), validators=[Length(max=255)])
    organisation = CleanStringField(_l("Organisation"), validators=[Length(max=255)])
    time_before = CleanStringField(_l("Time before"), validators=[Length(max=64)])
    time_after = CleanStringField(_l("Time after"), validators=[Length(max=64)])
    cost_before = CleanStringField(_l("Cost before"), validators=[Length(max=64)])
    cost_after = CleanStringField(_l("Cost after"), validators=[Length(max=64)])
    visits_before = CleanStringField(_l("Visits before"), validators=[Length(max=64)])
    visits_after = CleanStringField(_l("Visits after"), validators=[Length(max=64)])
    beneficiaries = CleanStringField(_l("Beneficiaries"), validators=[Length(max=255)])
    link = StringField(_l("Link"), validators=[Optional(), Length(max=255)])
    remarks = CleanTextAreaField(_l("Remarks"), validators=[Length(max=5000)], render_kw={"rows": 2})
    is_running = BooleanField(_l("Still running"), default=True)


SERVICE_FORM_FIELDS = ("name", "innovator", "started", "ministry", "organisation", "time_before",
                       "time_after", "cost_before", "cost_after", "visits_before", "visits_after",
                       "beneficiaries", "link", "remarks", "is_running")  # fmt: skip
