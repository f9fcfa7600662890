"""Action plans and their indicators, quarterly achievements (entered, or derived by a rule from Sabha's own
records), the registers that feed them (web-portal updates, e-Nothi figures per branch, digitized services
with their dated reviews), evidence, and the progress reports sent upward.

A plan belongs to one office and fiscal year. A supervising office may build a plan *for* a level under it
(``audience`` = "upazila", say) and issue it: each receiving office gets its own copy (``source_plan_id``)
to report against. An office's own plan has ``audience`` = "own".
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin, VersionedMixin, enum_column, utcnow
from app.extensions import db
from app.indicators.scoring import Unit

OWN = "own"  # Plan.audience of an office's own plan


class PlanKind(enum.StrEnum):
    EGOV_INNOVATION = "egov_innovation"  # ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা
    INTEGRITY = "integrity"  # শুদ্ধাচার
    GRIEVANCE = "grievance"  # অভিযোগ প্রতিকার
    CITIZEN_CHARTER = "citizen_charter"  # সেবা প্রদান প্রতিশ্রুতি
    RIGHT_TO_INFORMATION = "right_to_information"  # তথ্য অধিকার
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(PLAN_KIND_LABELS[self])

    @property
    def label_bn(self) -> str:
        return PLAN_KIND_BN[self]


PLAN_KIND_LABELS = {
    PlanKind.EGOV_INNOVATION: _l("e-Governance & Innovation action plan"),
    PlanKind.INTEGRITY: _l("National integrity strategy action plan"),
    PlanKind.GRIEVANCE: _l("Grievance redress action plan"),
    PlanKind.CITIZEN_CHARTER: _l("Citizen charter action plan"),
    PlanKind.RIGHT_TO_INFORMATION: _l("Right to information action plan"),
    PlanKind.OTHER: _l("Other action plan"),
}
PLAN_KIND_BN = {
    PlanKind.EGOV_INNOVATION: "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা",
    PlanKind.INTEGRITY: "জাতীয় শুদ্ধাচার কৌশল কর্মপরিকল্পনা",
    PlanKind.GRIEVANCE: "অভিযোগ প্রতিকার ব্যবস্থা কর্মপরিকল্পনা",
    PlanKind.CITIZEN_CHARTER: "সেবা প্রদান প্রতিশ্রুতি কর্মপরিকল্পনা",
    PlanKind.RIGHT_TO_INFORMATION: "তথ্য অধিকার কর্মপরিকল্পনা",
    PlanKind.OTHER: "কর্মপরিকল্পনা",
}


class PlanState(enum.StrEnum):
    DRAFT = "draft"  # being built; targets editable
    ACTIVE = "active"  # reported against (an office's own plan, or a copy it received)
    ISSUED = "issued"  # a plan for a level below, issued to the offices there (its copies are ACTIVE)


class Rule(enum.StrEnum):
    """Where an indicator's quarterly achievement comes from."""

    MANUAL = "manual"  # entered by the focal point
    MEETINGS_HELD = "meetings_held"  # count of meetings of a kind held in the quarter with minutes approved
    FIRST_MEETING_DATE = "first_meeting_date"  # date of the first such meeting
    MEMO_ISSUED_DATE = "memo_issued_date"  # date a memo of a kind was first issued (subject words optional)
    REPORT_SENT_DATE = "report_sent_date"  # issue date of the forwarding letter of a report of a kind
    PORTAL_UPDATES = "portal_updates"  # count of web-portal updates recorded in the quarter
    ENOTHI_PERCENT = "enothi_percent"  # notes disposed in e-file, percent, from the e-Nothi branch figures
    DIGITIZED_SERVICES = "digitized_services"  # 1 a quarter in which the services register was reviewed

    @property
    def label(self) -> str:
        return str(RULE_LABELS[self])


RULE_LABELS = {
    Rule.MANUAL: _l("Entered by hand"),
    Rule.MEETINGS_HELD: _l("Meetings held (minutes approved)"),
    Rule.FIRST_MEETING_DATE: _l("Date of the first meeting held"),
    Rule.MEMO_ISSUED_DATE: _l("Date a letter was issued"),
    Rule.REPORT_SENT_DATE: _l("Date a report was sent upward"),
    Rule.PORTAL_UPDATES: _l("Web-portal updates recorded"),
    Rule.ENOTHI_PERCENT: _l("Notes disposed in e-file (%)"),
    Rule.DIGITIZED_SERVICES: _l("Digitized services kept running"),
}


class Plan(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("office_id", "fiscal_year", "kind", "audience"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)  # the calendar year in which it begins (2023 = ২০২৩-২৪)
    kind: Mapped[PlanKind] = mapped_column(enum_column(PlanKind, 32), default=PlanKind.EGOV_INNOVATION)
    audience: Mapped[str] = mapped_column(String(16), default=OWN)  # "own" or an OfficeLevel value
    state: Mapped[PlanState] = mapped_column(enum_column(PlanState, 16), default=PlanState.DRAFT)
    title_bn: Mapped[str] = mapped_column(String(255), default="")
    title_en: Mapped[str] = mapped_column(String(255), default="")
    total_marks: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal(50))
    apa_share: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal(10))  # of the APA's 100 marks
    # A copy received from a supervising office's plan; per-office target changes only where allowed.
    source_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)
    targets_editable: Mapped[bool] = mapped_column(Boolean, default=False)
    issued_memo_id: Mapped[int | None] = mapped_column(ForeignKey("memos.id", ondelete="SET NULL"))
    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    intro_bn: Mapped[str] = mapped_column(Text, default="")  # the directive's opening paragraph
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    office = relationship("Office")
    source_plan: Mapped[Plan | None] = relationship(remote_side=[id])
    activities: Mapped[list[Activity]] = relationship(
        back_populates="plan", order_by="Activity.position", cascade="all, delete-orphan"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="plan",
        order_by="Indicator.position",
        cascade="all, delete-orphan",
        overlaps="activity",
    )

    def names_its_year(self, title: str) -> bool:
        """Whether a title already carries the plan's fiscal year ("…কর্মপরিকল্পনা, ২০২২-২৩"), in any of the
        ways it is written: short or long, Bengali or ASCII digits."""
        return any(label in title for label in self._year_labels())

    def title_without_year(self, title: str) -> str:
        """The title without the plan's fiscal year at its end ("…কর্মপরিকল্পনা, ২০২২-২৩" → "…কর্মপরিকল্পনা"),
        for the papers that name the year themselves; a title naming it elsewhere is kept as it is."""
        stripped = title.rstrip()
        for label in sorted(self._year_labels(), key=len, reverse=True):
            if stripped.endswith(label):
                return stripped[: -len(label)].rstrip(" ,-–")
        return title

    def _year_labels(self) -> set[str]:
        from app.core.bangla import fiscal_year_label

        return {
            fiscal_year_label(self.fiscal_year, long=long, bn=bn)
            for long in (False, True)
            for bn in (False, True)
        }


class Activity(db.Model):
    """কার্যক্রম [১.১]."""

    __tablename__ = "plan_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(16))  # "1.1", shown [১.১]
    title_bn: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="activities")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="activity", order_by="Indicator.position", overlaps="indicators,plan"
    )


class Indicator(db.Model):
    """কর্মসম্পাদন সূচক [১.১.১] with its unit, weight, annual target and the rule that feeds it."""

    __tablename__ = "plan_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("plan_activities.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(16))  # "1.1.1", shown [১.১.১]
    title_bn: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[Unit] = mapped_column(enum_column(Unit, 16), default=Unit.COUNT)
    weight: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal(0))
    target_number: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    target_date: Mapped[date | None] = mapped_column(Date)
    # Annual Performance Agreement style: ISO dates for 100/90/80/70/60 %, earliest first.
    graded_dates: Mapped[list[str]] = mapped_column(JSON, default=list)
    instruction_bn: Mapped[str] = mapped_column(
        Text, default=""
    )  # what the receiving office must do (seed 001)
    rule: Mapped[Rule] = mapped_column(enum_column(Rule, 32), default=Rule.MANUAL)
    # meeting_kind, committee_kind, memo_kind, subject_words, report_kind: see app/indicators/rules.py
    rule_params: Mapped[dict] = mapped_column(JSON, default=dict)
    source_indicator_id: Mapped[int | None] = mapped_column(ForeignKey("plan_indicators.id"))

    plan: Mapped[Plan] = relationship(back_populates="indicators", overlaps="activity,indicators")
    activity: Mapped[Activity] = relationship(back_populates="indicators", overlaps="indicators,plan")
    achievements: Mapped[list[Achievement]] = relationship(
        back_populates="indicator", order_by="Achievement.quarter", cascade="all, delete-orphan"
    )


class Achievement(db.Model):
    """One indicator's figure for one quarter: what the rule derived (kept fresh by the services that change
    the records it counts) and, when the focal point overrides or the rule is manual, what was entered."""

    __tablename__ = "plan_achievements"
    __table_args__ = (UniqueConstraint("indicator_id", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("plan_indicators.id", ondelete="CASCADE"))
    quarter: Mapped[int] = mapped_column(Integer)
    derived_number: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    derived_date: Mapped[date | None] = mapped_column(Date)
    # [{"type": "meeting"|"memo"|"portal_update"|"enothi", "id": 12}, ...]: what the rule counted
    sources: Mapped[list[dict]] = mapped_column(JSON, default=list)
    derived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    entered: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_number: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    entered_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    indicator: Mapped[Indicator] = relationship(back_populates="achievements")
    entered_by = relationship("User")

    @property
    def value_number(self) -> Decimal | None:
        return self.entered_number if self.entered else self.derived_number

    @property
    def value_date(self) -> date | None:
        return self.entered_date if self.entered else self.derived_date


class PlanScore(db.Model):
    """A plan in use scored up to one quarter: the totals row of services.plan_rows(plan, up_to=quarter).

    Derived, never entered: app/indicators/scores.py store_scores() brings a plan's rows up to date in the
    transaction of every change that can move them (an entry, a derived figure refreshed, a weight or target
    edited, a plan activated or its copy issued), so that the roll-up of a whole country reads them instead
    of scoring 23,000 indicator quarters on every request. The scaled score is not kept: it follows the
    plan's total marks and APA share, which change without any figure moving."""

    __tablename__ = "plan_scores"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    total_weight: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    total_score: Mapped[Decimal] = mapped_column(Numeric(10, 2))  # on the plan's scale (its total marks)
    achievement_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # None: weights add up to 0


class IndicatorScore(db.Model):
    """One indicator of a plan in use scored up to one quarter: a row of services.plan_rows(plan,
    up_to=quarter), kept with PlanScore by app/indicators/scores.py store_scores()."""

    __tablename__ = "plan_indicator_scores"
    __table_args__ = (Index("ix_plan_indicator_scores_plan_quarter", "plan_id", "quarter"),)

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("plan_indicators.id", ondelete="CASCADE"), primary_key=True
    )
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    # The indicator's number, kept here too (it never changes once the indicator is added): the roll-up's
    # columns, read without joining plan_indicators' wide rows (a third of its statements' time).
    number: Mapped[str] = mapped_column(String(16))
    # What was achieved up to the quarter (scoring.achieved): a number, or a date for date indicators.
    achieved_number: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    achieved_date: Mapped[date | None] = mapped_column(Date)
    percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    score: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    # Whether 0 % by the quarter's last day means a target missed (scoring.due_by).
    due: Mapped[bool] = mapped_column(Boolean)


class Evidence(TimestampMixin, db.Model):
    """প্রমাণক uploaded for an indicator's quarter (Sabha's own papers are evidence without an upload)."""

    __tablename__ = "plan_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("plan_indicators.id", ondelete="CASCADE"), index=True
    )
    quarter: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(255), default="")
    file_path: Mapped[str] = mapped_column(String(255))
    file_name: Mapped[str] = mapped_column(String(255))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ReportKind(enum.StrEnum):
    QUARTERLY = "quarterly"  # ত্রৈমাসিক অগ্রগতি প্রতিবেদন (seeds 003, 004)
    HALF_YEARLY = "half_yearly"  # অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন (seed 000)
    ANNUAL = "annual"  # বার্ষিক স্ব-মূল্যায়ন প্রতিবেদন
    PORTAL_UPDATES = "portal_updates"  # তথ্য বাতায়ন হালনাগাদ প্রতিবেদন (seed 004)
    ENOTHI = "enothi"  # ডি-নথি কার্যক্রমের রিপোর্ট (seed 004)

    @property
    def label(self) -> str:
        return str(REPORT_KIND_LABELS[self])


REPORT_KIND_LABELS = {
    ReportKind.QUARTERLY: _l("Quarterly progress report"),
    ReportKind.HALF_YEARLY: _l("Half-yearly self-assessment"),
    ReportKind.ANNUAL: _l("Annual self-assessment"),
    ReportKind.PORTAL_UPDATES: _l("Web-portal update report"),
    ReportKind.ENOTHI: _l("e-Nothi activity report"),
}


class Report(TimestampMixin, db.Model):
    """A report of a plan for a quarter, sent upward with a forwarding letter (a memo whose issue date is the
    date the report was sent)."""

    __tablename__ = "plan_reports"
    __table_args__ = (UniqueConstraint("plan_id", "kind", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReportKind] = mapped_column(enum_column(ReportKind, 16))
    quarter: Mapped[int] = mapped_column(Integer)  # the last quarter covered (2 for the half-yearly)
    forwarding_memo_id: Mapped[int | None] = mapped_column(
        ForeignKey("memos.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    plan: Mapped[Plan] = relationship()
    forwarding_memo = relationship("Memo")


# --- Registers that feed indicators -------------------------------------------------------------------------

# Seed 004's service boxes of an office's web portal (তথ্য বাতায়ন), offered as choices; others may be typed.
PORTAL_SERVICE_BOXES = (
    "আমাদের সম্পর্কে",
    "জাতীয় শুদ্ধাচার",
    "সেবা প্রদান প্রতিশ্রুতি (সিটিজেন চার্টার)",
    "বার্ষিক কর্মসম্পাদন চুক্তি",
    "অভিযোগ প্রতিকার ব্যবস্থাপনা",
    "তথ্য অধিকার",
    "ইনোভেশন কর্ণার",
    "বাজেট",
)


class PortalUpdate(TimestampMixin, db.Model):
    """One update of the office's web portal: the date, the service boxes updated, a screenshot as evidence.
    The indicator "web portal updated" counts these per quarter."""

    __tablename__ = "portal_updates"
    __table_args__ = (Index("ix_portal_updates_office_date", "office_id", "updated_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    updated_on: Mapped[date] = mapped_column(Date)
    service_boxes: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_path: Mapped[str] = mapped_column(String(255), default="")
    evidence_name: Mapped[str] = mapped_column(String(255), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ENothiFigures(TimestampMixin, VersionedMixin, db.Model):
    """e-Nothi (ডি-নথি) activity of one branch in one quarter (seed 004's branch table), plus the notes
    disposed in paper files, so that the e-file disposal percent can be computed."""

    __tablename__ = "enothi_figures"
    __table_args__ = (UniqueConstraint("office_id", "branch_name", "fiscal_year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    branch_name: Mapped[str] = mapped_column(String(255))  # a branch of the office, or the head's own desk
    fiscal_year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    files_created: Mapped[int] = mapped_column(Integer, default=0)  # তৈরিকৃত নথির সংখ্যা
    disposed_dak: Mapped[int] = mapped_column(Integer, default=0)  # ডাক নোটে নিষ্পত্তি (ক)
    disposed_note: Mapped[int] = mapped_column(Integer, default=0)  # নোটে নিষ্পত্তি (খ)
    disposed_letter: Mapped[int] = mapped_column(Integer, default=0)  # পত্রজারিতে নিষ্পত্তি নোট (গ)
    letters_issued: Mapped[int] = mapped_column(Integer, default=0)  # মোট পত্র জারি
    disposed_paper: Mapped[int] = mapped_column(Integer, default=0)  # notes disposed in paper files
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def disposed_total(self) -> int:  # মোট (ক+খ+গ)
        return self.disposed_dak + self.disposed_note + self.disposed_letter


class DigitizedService(TimestampMixin, VersionedMixin, db.Model):
    """A digitized or simplified service (seed 004's ডিজিটাইজড/সহজিকৃত সেবার তালিকা)."""

    __tablename__ = "digitized_services"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    innovator: Mapped[str] = mapped_column(String(255), default="")  # name and post
    started: Mapped[str] = mapped_column(String(32), default="")  # year, e.g. ২০১৯-২০২০
    ministry: Mapped[str] = mapped_column(String(255), default="")
    organisation: Mapped[str] = mapped_column(String(255), default="")
    time_before: Mapped[str] = mapped_column(String(64), default="")
    time_after: Mapped[str] = mapped_column(String(64), default="")
    cost_before: Mapped[str] = mapped_column(String(64), default="")
    cost_after: Mapped[str] = mapped_column(String(64), default="")
    visits_before: Mapped[str] = mapped_column(String(64), default="")
    visits_after: Mapped[str] = mapped_column(String(64), default="")
    beneficiaries: Mapped[str] = mapped_column(String(255), default="")
    link: Mapped[str] = mapped_column(String(255), default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    is_running: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ServiceReviewKind(enum.StrEnum):
    """What a review of a digitized service found (app/indicators/services.py writes them)."""

    ADDED = "added"  # entered in the register, running
    UPDATED = "updated"  # a running service's row changed, or a stopped one set running again
    CONFIRMED = "confirmed"  # still running, nothing to change (seed 004's "ORM service continued")
    STOPPED = "stopped"  # stopped running, or entered in the register as not running

    @property
    def label(self) -> str:
        return str(SERVICE_REVIEW_KIND_LABELS[self])


SERVICE_REVIEW_KIND_LABELS = {
    ServiceReviewKind.ADDED: _l("Added to the register"),
    ServiceReviewKind.UPDATED: _l("Updated"),
    ServiceReviewKind.CONFIRMED: _l("Confirmed still running"),
    ServiceReviewKind.STOPPED: _l("Stopped running"),
}
# The reviews that find the service running: the rule digitized_services counts a quarter with one of these.
RUNNING_REVIEWS = (ServiceReviewKind.ADDED, ServiceReviewKind.UPDATED, ServiceReviewKind.CONFIRMED)


class DigitizedServiceReview(db.Model):
    """One review of a digitized service in the office's register, dated the day (in Dhaka) it was made.

    Written once and never changed, in the transaction of the change it records: the rule digitized_services
    counts these, so that a quarter's figure stays what it was when the office reported it, however the
    service's row is edited later."""

    __tablename__ = "digitized_service_reviews"
    __table_args__ = (Index("ix_digitized_service_reviews_office_date", "office_id", "reviewed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # No cascade: services are never deleted (nothing deletes them), and their reviews are history to keep.
    service_id: Mapped[int] = mapped_column(ForeignKey("digitized_services.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))  # the service's, for the rule's query
    reviewed_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[ServiceReviewKind] = mapped_column(enum_column(ServiceReviewKind, 16))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    created_by = relationship("User")


__all__ = [
    "OWN",
    "Achievement",
    "Activity",
    "DigitizedService",
    "DigitizedServiceReview",
    "ENothiFigures",
    "Evidence",
    "Indicator",
    "IndicatorScore",
    "Plan",
    "PlanKind",
    "PlanScore",
    "PlanState",
    "PortalUpdate",
    "Report",
    "ReportKind",
    "RUNNING_REVIEWS",
    "Rule",
    "ServiceReviewKind",
]
