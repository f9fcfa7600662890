"""The demo's e-Governance & Innovation action plans (issue 5), built through the indicator, meeting and memo
services so that the figures on the plan pages come from records in Sabha:

- Atwari's 2022-23 plan (seed 003's Q4 progress report): the trainings [৫.১.১] and the awareness
  workshops [৪.১.১] are meetings of the committee of app/demo/committees.py held with notice, attendance and
  approved minutes (26/09/2022, 27/10/2022, 19/03/2023 and 12/09/2022, 27/10/2022; seed 003's 25/06/2023
  is left to the user); the half-yearly self-assessment [৫.১.২] is a Report whose forwarding letter was
  issued on 15/01/2023; the web portal [৩.১.১] has one recorded update a quarter; the e-Nothi figures
  [২.১.১] give 80% each quarter; the innovation [১.১.১] is entered by hand (16/03/2023). Seed 003 prints
  no weights: the 2022-23 field-office plan's weights are used (10, 10, 15, 5, 6, 4 = 50).
- Khulna division's 2023-24 plan with Q1 (seed 004): the e-Nothi branch table (86% → 100%), the web-portal
  update of 27/09/2023 with its 8 service boxes (1 of 4 → 25%), the ORM service in the digitized-services
  register confirmed running in Q1 (1 of 4 → 25%), and the Q1 report linked to the forwarding letter of
  app/demo/letters.py.
- Rangpur division's 2023-24 plan with the Q1-Q2 figures of seed 000's half-yearly self-assessment, entered by
  hand with the seed as their note, and the report linked to the forwarding letter of 15/01/2024.
- Rajshahi division's 2024-25 plan for the upazila offices with seed 001's "what the upazila must do" column,
  issued with the directive of app/demo/letters.py to the upazila offices the demo has under Rajshahi (none in
  the plain demo tree: the plan then waits as a draft and a later run issues it).

The 2023-24 weights: seed 004 prints 10, 5, 8, 8, 7, 3, 5, 8 (54) and seed 000 10, 5, 7, 7, 6, 3, 5, 4 (47);
10, 5, 8, 8, 7, 3, 5, 4 adds up to the plan's 50 and takes every weight from one of the two (seed 004's last ৮
read as ৪, as seed 000 has it). The targets ৮ of seed 004's [২.১.১], [৫.১.১], [৫.১.২] are read as 4 (its
own 25% for 1 achieved, and seed 000), as tests/indicators/test_scoring.py does.

Plans, entries and registers are made by each office's own demo account, the one the office itself would
use, and which the services' checks let build, activate and report on the plan: Atwari's by the member
secretary and focal point of its e-Governance committee (পরিতোষ চন্দ্র রায়, `atwari-secretary`); Khulna's,
Rangpur's and Rajshahi's, which have no such committee in the demo, by the office's administrator, its head
(`khulna-admin`, `rangpur-admin`, `rajshahi-admin`), Rajshahi's also issuing its plan to the upazila offices
under it. Meetings and letters are the office's own accounts' too (app/demo/committees.py, letters.py). An
office whose account is missing, or may not build its plans, is left without a plan. Seeding twice adds
nothing: each office's part is skipped once its plan exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import func, select

from app.auth.models import User
from app.committees.models import Committee
from app.core import audit
from app.core.bangla import fiscal_year_label
from app.demo.committees import COMMITTEE_NAME, VENUE
from app.demo.letters import KHULNA_Q1_FORWARDING, RAJSHAHI_DIRECTIVE, RANGPUR_SELF_ASSESSMENT, LetterSpec
from app.extensions import db
from app.indicators import services
from app.indicators.models import (
    OWN,
    PORTAL_SERVICE_BOXES,
    Indicator,
    Plan,
    PlanKind,
    PlanState,
    Report,
    ReportKind,
    Rule,
)
from app.meetings import services as meetings
from app.meetings.models import MeetingKind
from app.memos import services as memos
from app.memos.models import Memo, MemoFile
from app.org.models import Office, OfficeLevel, Post

EGOV = PlanKind.EGOV_INNOVATION
TITLE_BN = "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা"


@dataclass(frozen=True)
class IndicatorSpec:
    number: str
    title_bn: str
    unit: str  # "date", "count" or "percent"
    weight: int
    target: Any  # a date for date units, else a number
    rule: Rule = Rule.MANUAL
    rule_params: dict[str, Any] | None = None
    instruction_bn: str = ""


@dataclass(frozen=True)
class ActivitySpec:
    number: str
    title_bn: str
    indicators: tuple[IndicatorSpec, ...]


# Atwari 2022-23 (seed 003) -----------------------------------------------------------------------------

ATWARI_2022 = (
    ActivitySpec("1.1", "একটি উদ্ভাবনী ধারণা/ সেবা সহজিকরণ/ ডিজিটাইজেশন বাস্তবায়ন", (
        IndicatorSpec("1.1.1", "একটি উদ্ভাবনী ধারণা/ সেবা সহজিকরণ/ ডিজিটাইজেশন বাস্তবায়িত", "date", 10,
                      date(2023, 3, 16)),
    )),
    ActivitySpec("2.1", "ই-নথির ব্যবহার বৃদ্ধি", (
        IndicatorSpec("2.1.1", "ই-ফাইলে নোট নিষ্পত্তিকৃত", "percent", 10, 80, Rule.ENOTHI_PERCENT),
    )),
    ActivitySpec("3.1", "তথ্য বাতায়ন হালনাগাদকরণ", (
        IndicatorSpec("3.1.1", "তথ্য বাতায়ন হালনাগাদকৃত", "count", 15, 4, Rule.PORTAL_UPDATES),
    )),
    ActivitySpec("4.1", "৪র্থ শিল্পবিপ্লবের চ্যালেঞ্জ মোকাবেলায় করণীয় বিষয়ে অবহিতকরণ সভা/কর্মশালা আয়োজন", (
        IndicatorSpec("4.1.1", "৪র্থ শিল্পবিপ্লবের চ্যালেঞ্জ মোকাবেলায় করণীয় বিষয়ে অবহিতকরণ সভা/কর্মশালা আয়োজিত",
                      "count", 5, 2, Rule.MEETINGS_HELD, {"meeting_kinds": [MeetingKind.WORKSHOP.value]}),
    )),
    ActivitySpec("5.1", "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন", (
        IndicatorSpec("5.1.1", "কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ আয়োজিত", "count", 6, 4,
                      Rule.MEETINGS_HELD, {"meeting_kinds": [MeetingKind.TRAINING.value]}),
        IndicatorSpec("5.1.2", "কর্মপরিকল্পনার অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন উর্ধ্বতন কর্তৃপক্ষের নিকট প্রেরিত",
                      "date", 4, date(2023, 1, 15), Rule.REPORT_SENT_DATE,
                      {"report_kind": ReportKind.HALF_YEARLY.value}),
    )),
)  # fmt: skip

# The committee's meetings of 2022-23 that seed 003's progress report counts, beside the 19/03/2023
# training of app/demo/committees.py: (kind, held on, start, notice dated, agenda item, discussion).
# 27/10/2022 held both a workshop and a training, each counted by its own indicator: two meetings, morning
# and afternoon.
# Seed 003's own 25/06/2023 training is not here: a new user reproduces it (README, the browser test), and the
# plan's fourth quarter then fills itself from that meeting.
ATWARI_MEETINGS = (
    (MeetingKind.WORKSHOP, date(2022, 9, 12), time(10, 0), date(2022, 9, 5),
     "৪র্থ শিল্পবিপ্লবের চ্যালেঞ্জ মোকাবেলায় করণীয় বিষয়ে অবহিতকরণ",
     "৪র্থ শিল্পবিপ্লবের চ্যালেঞ্জ ও তা মোকাবেলায় অত্র দপ্তরের করণীয় বিষয়ে উপস্থিত সকলকে অবহিত করা হয়।"),
    (MeetingKind.TRAINING, date(2022, 9, 26), time(10, 0), date(2022, 9, 19),
     "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ",
     "কর্মপরিকল্পনার সূচকসমূহ, লক্ষ্যমাত্রা ও প্রমাণক সংরক্ষণের বিষয়ে প্রশিক্ষণ প্রদান করা হয়।"),
    (MeetingKind.WORKSHOP, date(2022, 10, 27), time(10, 0), date(2022, 10, 20),
     "৪র্থ শিল্পবিপ্লবের চ্যালেঞ্জ মোকাবেলায় করণীয় বিষয়ে কর্মশালা",
     "৪র্থ শিল্পবিপ্লবের প্রযুক্তি ব্যবহার করে সমবায় সেবা সহজিকরণের উপায় নিয়ে আলোচনা করা হয়।"),
    (MeetingKind.TRAINING, date(2022, 10, 27), time(15, 0), date(2022, 10, 20),
     "ই-নথি ও তথ্য বাতায়ন বিষয়ক প্রশিক্ষণ",
     "ই-নথিতে নোট নিষ্পত্তি ও তথ্য বাতায়নের সেবা বক্স হালনাগাদ করার বিষয়ে প্রশিক্ষণ প্রদান করা হয়।"),
)  # fmt: skip

# One recorded web-portal update a quarter (seed 003's 1, 1, 1, 1; the dates are the demo's).
ATWARI_PORTAL = (date(2022, 9, 22), date(2022, 12, 20), date(2023, 3, 22), date(2023, 6, 20))
# e-Nothi figures per quarter of the head's desk: (ডাক, নোট, পত্রজারি, paper) → 80% every quarter.
ATWARI_ENOTHI = ((4, 2, 2, 2), (6, 3, 3, 3), (8, 4, 4, 4), (10, 5, 5, 5))
ATWARI_DESK = "উপজেলা সমবায় অফিসারের দপ্তর"

# 2023-24, Khulna (seed 004) and Rangpur (seed 000) -----------------------------------------------------


def _plan_2023(digitized: Rule, enothi: Rule, portal: Rule) -> tuple[ActivitySpec, ...]:
    return (
        ActivitySpec("1.1", "সেবা সহজিকরণ/ ডিজিটাইজেশনের মাধ্যমে উদ্ভাবনী ধারণা বাস্তবায়ন", (
            IndicatorSpec("1.1.1", "সেবা/অফিস ব্যবস্থাপনা সহজিকরণ/ডিজিটাইজেশনের মাধ্যমে ন্যূনতম একটি উদ্ভাবনী ধারণা "
                          "বাস্তবায়িত", "date", 10, date(2024, 3, 16)),
        )),
        ActivitySpec("2.1", "ইতঃপূর্বে বাস্তবায়িত সহজিকৃত ও ডিজিটাইজকৃত সেবা চালু অব্যাহত রাখা", (
            IndicatorSpec("2.1.1", "ইতঃপূর্বে উদ্ভাবিত/সহজিকৃত/ডিজিটাইজকৃত সেবাসমূহের ডাটাবেজ হালনাগাদকরণ ও "
                          "ডাটাবেজের সেবাসমূহ অব্যাহত রাখা", "count", 5, 4, digitized),
        )),
        ActivitySpec("3.1", "ইনোভেশন শোকেসিং", (
            IndicatorSpec("3.1.1", "আওতাধীন অফিসসমূহের অংশগ্রহণে ন্যূনতম একটি ইনোভেশন প্রদর্শনী (শোকেসিং) আয়োজিত "
                          "এবং শ্রেষ্ঠ উদ্ভাবনী উদ্যোগ নির্বাচিত", "date", 8, date(2024, 5, 9)),
        )),
        ActivitySpec("4.1", "ই-নথির ব্যবহার বৃদ্ধি", (
            IndicatorSpec("4.1.1", "ই-ফাইলে নোট নিষ্পত্তিকৃত", "percent", 8, 80, enothi),
        )),
        ActivitySpec("5.1", "তথ্য বাতায়ন হালনাগাদকরণ", (
            IndicatorSpec("5.1.1", "তথ্য বাতায়ন হালনাগাদকৃত", "count", 7, 4, portal),
            IndicatorSpec("5.1.2", "আওতাধীন অফিসসমূহের তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ", "count", 3, 4),
        )),
        ActivitySpec("6.1", "স্মার্ট বাংলাদেশ বিনির্মাণে কর্মশালা আয়োজন", (
            IndicatorSpec("6.1.1", "স্মার্ট বাংলাদেশ বিনির্মাণ বিষয়ক কর্মশালা/সভা/সেমিনার আয়োজিত", "count", 5, 2),
            IndicatorSpec("6.1.2", "স্মার্ট বাংলাদেশ বিনির্মাণ বিষয়ক কর্মপরিকল্পনা প্রণয়নকৃত", "date", 4,
                          date(2024, 3, 25)),
        )),
    )  # fmt: skip


# Seed 004's e-Nothi table: (branch, files created, ডাক (ক), নোট (খ), পত্রজারি (গ), letters issued) and the notes
# disposed in paper files, which the seed does not print: 128 in all, so that 785 ÷ 913 = 85.98%, the nearest
# to the seed's 86% that whole numbers give (785 ÷ 912 = 86.07%).
KHULNA_ENOTHI = (
    ("যুগ্ম নিবন্ধকের দপ্তর", 0, 1, 2, 11, 14, 0),
    ("প্রশাসন শাখা", 13, 162, 27, 137, 146, 50),
    ("বিচার শাখা", 0, 102, 0, 19, 18, 30),
    ("অডিট, আইন ও সমিতি শাখা", 8, 240, 16, 68, 90, 48),
)
KHULNA_ORM = {
    "name": "সিঙ্গেল এন্ট্রি অনলাইন রিটার্ন ম্যানেজমেন্ট (ORM)",
    "innovator": "মোঃ মিজানুর রহমান, বিভাগীয় যুগ্ম নিবন্ধক, খুলনা",
    "started": "২০১৯-২০২০",
    "ministry": "সমবায় অধিদপ্তর",
    "organisation": "বিভাগীয় সমবায় কার্যালয়, খুলনা",
    "time_before": "১৫-২০ দিন",
    "time_after": "সর্বোচ্চ ০২ দিন",
    "cost_before": "৫০,০০০/- টাকা",
    "cost_after": "০ টাকা",
    "visits_before": "০৩/০৮ বার",
    "visits_after": "০ বার",
    "beneficiaries": "(২০২২) বিভাগীয় সমবায় কার্যালয় ০৭টি, জেলা সমবায় কার্যালয় ৬০টি, উপজেলা সমবায় কার্যালয় ৪৬২টি",
    "link": "https://onlinereturn.net/login/",
    "remarks": "বর্তমানে বাংলাদেশের ০৭ (সাত) টি বিভাগীয় সমবায় কার্যালয়ের আওতাধীন ৬০ (ষাট) টি জেলা সমবায় কার্যালয় ও "
    "৪৬২ (চারশত বাষট্টি) টি উপজেলা সমবায় কার্যালয়ে সেবাটি সফলভাবে চালু আছে।",
}
KHULNA_ORM_ADDED_ON, KHULNA_ORM_REVIEWED_ON = date(2023, 7, 2), date(2023, 9, 27)
SEED_000_NOTE = "অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন (স্মারক নম্বর ৪৭.৬১.০০০০.৩২১.০৫.০০১.২২.৪৭, তারিখ ১৫/০১/২০২৪) অনুযায়ী।"
# Seed 000's quarters as tests/indicators/test_scoring.py reads them: the ১৩/১২/২০২৩ workshop is 6.1.1's Q2.
RANGPUR_ENTRIES = {"2.1.1": (1, 1), "4.1.1": (86, 91), "5.1.1": (1, 1), "5.1.2": (1, 1), "6.1.1": (None, 1)}

# Rajshahi 2024-25 for the upazila offices (seed 001) ---------------------------------------------------

_JOIN_DISTRICT = "জেলা অফিসের কর্মপরিকল্পনা বাস্তবায়নে সক্রিয়ভাবে অংশগ্রহণ করতে হবে।"
# Seed 001 prints weights and instructions but no targets; these follow the 2023-24 plan's (a year on), and
# the upazila offices may change them (targets_editable): the district's plan, which applies to them, does.
RAJSHAHI_2024 = (
    ActivitySpec("1.1", "সেবা সহজিকরণ/ ডিজিটাইজেশনের মাধ্যমে উদ্ভাবনী ধারণা বাস্তবায়ন", (
        IndicatorSpec("1.1.1", "সেবা/অফিস ব্যবস্থাপনা সহজিকরণ/ ডিজিটাইজেশনের মাধ্যমে ন্যূনতম একটি উদ্ভাবনী ধারণা "
                      "বাস্তবায়িত", "date", 10, date(2025, 3, 16),
                      instruction_bn="ন্যূনতম একটি উদ্ভাবনী ধারণা বাস্তবায়ন নিজে করতে হবে অথবা একটি উদ্ভাবনী ধারণার "
                      "প্রস্তাব জেলায় পাঠিয়ে বাস্তবায়িত করতে হবে।"),
    )),
    ActivitySpec("2.1", "ইতঃপূর্বে বাস্তবায়িত সহজিকৃত ও ডিজিটাইজকৃত সেবা চালু অব্যাহত রাখা", (
        IndicatorSpec("2.1.1", "ইতঃপূর্বে উদ্ভাবিত/সহজিকৃত/ ডিজিটাইজকৃত সেবাসমূহ অব্যাহত রাখা", "count", 2, 4,
                      Rule.DIGITIZED_SERVICES,
                      instruction_bn="ইতঃপূর্বে উদ্ভাবিত/সহজিকৃত/ ডিজিটাইজকৃত সেবাসমূহ অব্যাহত রাখতে হবে এবং "
                      "সেবাসমূহের তালিকা জেলায় প্রেরণ করতে হবে।"),
    )),
    ActivitySpec("3.1", "ইনোভেশন শোকেসিং", (
        IndicatorSpec("3.1.1", "আওতাধীন অফিসসমূহের অংশগ্রহণে ন্যূনতম একটি ইনোভেশন প্রদর্শনী (শোকেসিং) আয়োজিত "
                      "এবং শ্রেষ্ঠ উদ্ভাবনী উদ্যোগ নির্বাচিত", "date", 7, date(2025, 5, 9),
                      instruction_bn="জেলা কর্তৃক আয়োজিত শোকেসিং এ নিজ উপজেলার ১টি আইডিয়া উপস্থাপন করতে হবে।"),
    )),
    ActivitySpec("4.1", "ই-নথির ব্যবহার বৃদ্ধি", (
        IndicatorSpec("4.1.1", "ই-ফাইলে নিষ্পত্তিযোগ্য নথির তালিকা নির্ধারিত", "date", 2, date(2024, 9, 30),
                      instruction_bn="ই-ফাইলে নিষ্পত্তিযোগ্য নথির তালিকা জেলায় প্রেরণ করতে হবে।"),
        IndicatorSpec("4.1.2", "ই-ফাইলে মোট নিষ্পত্তিকৃত", "percent", 7, 80, Rule.ENOTHI_PERCENT,
                      instruction_bn="নথি রেজিস্টার অনুসারে ই-ফাইলে নিষ্পত্তিযোগ্য শতভাগ নথির তালিকা হতে ই-ফাইলিং এর "
                      "মাধ্যমে নিষ্পত্তিকৃত মোট নোট সংখ্যা এবং সরকারি দপ্তরের শাখাভিত্তিক নিষ্পত্তিযোগ্য শতভাগ নথির "
                      "তালিকা হতে উপস্থাপিত হার্ড নথিতে নিষ্পত্তিকৃত মোট নোট সংখ্যার স্টেটমেন্ট।"),
    )),
    ActivitySpec("5.1", "তথ্য বাতায়ন হালনাগাদকরণ", (
        IndicatorSpec("5.1.1", "তথ্য বাতায়ন হালনাগাদকৃত", "count", 6, 4, Rule.PORTAL_UPDATES,
                      instruction_bn="স্ক্রিনশট ও বিষয়ভিত্তিক তারিখ উল্লেখসহ ওয়েবসাইট হালনাগাদকরণের ত্রৈমাসিক "
                      "প্রতিবেদন।"),
        IndicatorSpec("5.1.2", "আওতাধীন অফিসসমূহের তথ্য বাতায়ন হালনাগাদকরণ নিশ্চিতকরণ", "count", 3, 4,
                      instruction_bn=f"{_JOIN_DISTRICT} (নিজ দপ্তরের তথ্য বাতায়ন হালনাগাদ রাখতে হবে)"),
    )),
    ActivitySpec("6.1", "স্মার্ট বাংলাদেশ বিনির্মাণ", (
        IndicatorSpec("6.1.1", "স্মার্ট বাংলাদেশ বিনির্মাণ সংক্রান্ত ৪টি স্তরের আলোকে করণীয় নির্ধারণ-কর্মশালা/ সভা "
                      "/সেমিনার আয়োজিত", "count", 4, 2,
                      instruction_bn=f"{_JOIN_DISTRICT} (জেলার কর্মশালা/সভা/সেমিনার এ অংশগ্রহণ করতে হবে)"),
    )),
    ActivitySpec("7.1", "অনলাইন রিপোর্ট ম্যানেজমেন্ট সফটওয়্যার বাস্তবায়ন", (
        IndicatorSpec("7.1.1", "নিজ অফিস ও আওতাধীন অফিসে অনলাইন রিপোর্ট ম্যানেজমেন্ট সফটওয়্যার বাস্তবায়িত", "date",
                      5, date(2025, 4, 30),
                      instruction_bn="অনলাইন রিপোর্ট ম্যানেজমেন্ট সফটওয়্যার ব্যবহার করে মোট রিপোর্ট গ্রহণ ও প্রেরণের "
                      "প্রতিবেদন এবং স্ক্রিনশট।"),
    )),
    ActivitySpec("8.1", "মাইগভ প্ল্যাটফর্মের ব্যবহার বৃদ্ধি", (
        IndicatorSpec("8.1.1", "মাইগভ প্ল্যাটফর্মের মাধ্যমে ডিজিটাইজেশনযোগ্য সরকারি সেবা চিহ্নিতকরণ ও ডিজিটাইজেশনের "
                      "লক্ষ্যে কর্মশালা আয়োজিত", "count", 4, 2,
                      instruction_bn=f"{_JOIN_DISTRICT} (জেলার কর্মশালায় অংশগ্রহণ করতে হবে)"),
    )),
)  # fmt: skip
RAJSHAHI_INTRO = (
    "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কার্যক্রমে জেলার কর্মপরিকল্পনাটি উপজেলা অফিসের জন্য হুবহু প্রযোজ্য "
    "হবে। তবে বাস্তবায়নের ক্ষেত্রে নিম্নরূপ কৌশল নির্ধারণ করা হলো।"
)


# Helpers -----------------------------------------------------------------------------------------------


def _office(code: str) -> Office | None:
    return db.session.scalar(select(Office).where(Office.code == code))


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username))


def _account(office: Office, username: str) -> User | None:
    """The office's own demo account for its plan work, if it is there and may build the office's plans."""
    user = _user(username)
    return user if user is not None and services.can_build_plans(user, office) else None


def _plan(office: Office, fiscal_year: int, audience: str = OWN) -> Plan | None:
    return db.session.scalar(
        select(Plan).where(Plan.office_id == office.id, Plan.fiscal_year == fiscal_year, Plan.kind == EGOV,
                           Plan.audience == audience)
    )  # fmt: skip


def _letter(spec: LetterSpec) -> Memo | None:
    """The seed letter app/demo/letters.py issued (None if it could not)."""
    office = _office(spec.office_code)
    if office is None:
        return None
    return db.session.scalar(select(Memo).where(Memo.office_id == office.id, Memo.number == spec.number))


def build_plan(office: Office, fiscal_year: int, activities: tuple[ActivitySpec, ...], *, by: User,
               audience: str = OWN, **extra: Any) -> Plan:  # fmt: skip
    """A draft plan with its activities and indicators, through the services."""
    title = f"{TITLE_BN}, {fiscal_year_label(fiscal_year)}"
    data = {"fiscal_year": fiscal_year, "kind": EGOV, "audience": audience, "title_bn": title, **extra}
    plan = services.create_plan(office, data, by=by)
    db.session.flush()
    for activity_spec in activities:
        data = {"number": activity_spec.number, "title_bn": activity_spec.title_bn}
        activity = services.add_activity(plan, data, by=by)
        for spec in activity_spec.indicators:
            target = {"target_date": spec.target} if spec.unit == "date" else {"target_number": spec.target}
            services.add_indicator(activity, {
                "number": spec.number, "title_bn": spec.title_bn, "unit": spec.unit, "weight": spec.weight,
                "rule": spec.rule, "rule_params": dict(spec.rule_params or {}),
                "instruction_bn": spec.instruction_bn,
                **target,
            }, by=by)  # fmt: skip
    db.session.flush()
    return plan


def _indicator(plan: Plan, number: str) -> Indicator:
    return next(i for i in plan.indicators if i.number == number)


def _link_report(plan: Plan, kind: ReportKind, quarter: int, memo: Memo, *, by: User) -> Report:
    """The report of the plan sent upward with `memo` as its forwarding letter."""
    report = Report(plan=plan, kind=kind, quarter=quarter, forwarding_memo_id=memo.id, created_by_id=by.id)
    db.session.add(report)
    db.session.flush()
    audit.record("report.create", report, by=by, office_id=plan.office_id,
                 changes={"kind": [None, kind.value], "quarter": [None, quarter],
                          "memo": [None, memo.number]})  # fmt: skip
    return report


# Atwari ------------------------------------------------------------------------------------------------


def _post(office: Office, designation: str) -> Post | None:
    return db.session.scalar(
        select(Post).where(Post.office_id == office.id, Post.designation_bn == designation)
    )


def _hold_meeting(
    committee: Committee, convenor: User, secretary: User, row: tuple[MeetingKind, date, time, date, str, str]
) -> None:
    """One meeting from schedule to issued minutes, as the committee's member secretary and convenor do it."""
    kind, held_on, start, notice_on, title, discussion = row
    meeting = meetings.schedule_meeting(
        committee, {"kind": kind, "held_on": held_on, "start_time": start, "venue": VENUE,
                    "agenda": [{"title": title, "kind": "plan"}]}, by=secretary,
    )  # fmt: skip
    db.session.flush()
    meetings.issue_notice(meeting, by=convenor, on=notice_on)
    meetings.mark_held(meeting, by=secretary)
    # The convenor and the member secretary came (as on seed 003's sheet); the outside member did not.
    marks = {a.id: ("present" if a.officer_id is not None else "absent") for a in meeting.attendees}
    meetings.record_attendance(meeting, marks, by=secretary)
    meetings.save_minutes(
        meeting,
        {
            "opening": "সভাপতি মহোদয় সভায় উপস্থিত সকলকে শুভেচ্ছা জানিয়ে সভার কাজ শুরু করেন।",
            "closing": "সভায় আর কোন আলোচনা না থাকায় সভাপতি মহোদয় উপস্থিত সকলকে ধন্যবাদ জানিয়ে সভার সমাপ্তি ঘোষণা করেন।",
            "items": [
                {"title": "বিগত সভার কার্যবিবরণী পাঠ ও অনুমোদন।", "kind": "previous_minutes",
                 "discussion": "বিগত সভার কার্যবিবরণী পাঠ করা হয় এবং কোন সংশোধনী না থাকায় তা অনুমোদন করা হয়।"},
                # No decisions: the action items under review at seed 003's June meeting stay those of the
                # March training, as on seed 003's papers.
                {"title": title, "kind": "plan", "discussion": discussion, "decisions": []},
                {"title": "বিবিধ", "kind": "misc", "discussion": ""},
            ],
        },
        by=secretary,
    )  # fmt: skip
    meetings.approve_minutes(meeting, by=convenor)
    meetings.issue_minutes(meeting, by=convenor, on=held_on)


def _atwari_half_yearly_letter(office: Office, plan: Plan, convenor: User, secretary: User) -> None:
    """The half-yearly self-assessment sent to the district on 15/01/2023: a Report and its forwarding letter,
    whose issue date [৫.১.২] derives."""
    memo_file = db.session.scalar(
        select(MemoFile).where(
            MemoFile.office_id == office.id, MemoFile.number_prefix == "47.61.7704.000.05.003.22"
        )
    )
    district = _office("dist-panchagarh")
    signatory = _post(office, "উপজেলা সমবায় অফিসার")
    if memo_file is None or district is None or signatory is None:
        return
    memo = memos.create_memo(office, {
        "kind": "forwarding", "file_id": memo_file.id, "signatory_post_id": signatory.id,
        "subject": "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২২-২৩ এর অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন প্রেরণ প্রসঙ্গে।",
        "body": "উপর্যুক্ত বিষয়ের প্রেক্ষিতে উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড় এর ই-গভর্ন্যান্স ও উদ্ভাবন "
                "কর্মপরিকল্পনা, ২০২২-২৩ এর ১ম ও ২য় ত্রৈমাসিক (জুলাই/২২-ডিসেম্বর/২২) এর অর্ধবার্ষিক স্ব-মূল্যায়ন "
                "প্রতিবেদন মহোদয়ের সদয় অবগতি ও প্রয়োজনীয় ব্যবস্থা গ্রহণের জন্য এতদসঙ্গে প্রেরণ করা হলো।",
        "attachment_line": "অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন ০১ (এক) পাতা।",
        "recipients": [{"role": "to", "office_id": district.id, "label": "জেলা সমবায় অফিসার, পঞ্চগড়।"}],
    }, by=secretary)  # fmt: skip
    db.session.flush()
    _link_report(plan, ReportKind.HALF_YEARLY, 2, memo, by=secretary)
    memos.submit_memo(memo, by=secretary)
    memos.issue_memo(memo, by=convenor, on=date(2023, 1, 15))  # refreshes the plan: [৫.১.২] = 15/01/2023


def seed_atwari() -> Plan | None:
    """As the committee's member secretary and focal point (`atwari-secretary`), who builds and reports on the
    plan; the convenor (`atwari-uco`) issues the notices, approves the minutes and signs the letter."""
    office = _office("upz-atwari")
    if office is None or _plan(office, 2022) is not None:
        return None
    committee = db.session.scalar(
        select(Committee).where(Committee.office_id == office.id, Committee.name_bn == COMMITTEE_NAME)
    )
    if committee is None:
        return None
    # The member secretary may build the plan as the committee's focal point (a seat of its post).
    convenor, secretary = _user("atwari-uco"), _account(office, "atwari-secretary")
    if convenor is None or secretary is None:
        return None
    plan = build_plan(office, 2022, ATWARI_2022, by=secretary)
    services.activate_plan(plan, by=secretary)
    for row in ATWARI_MEETINGS:
        _hold_meeting(committee, convenor, secretary, row)
    for updated_on in ATWARI_PORTAL:
        services.record_portal_update(
            office, {"updated_on": updated_on, "service_boxes": list(PORTAL_SERVICE_BOXES[:4])}, by=secretary
        )
    for quarter, (dak, note, letter, paper) in enumerate(ATWARI_ENOTHI, start=1):
        services.save_enothi_figures(office, {
            "branch_name": ATWARI_DESK, "fiscal_year": 2022, "quarter": quarter, "disposed_dak": dak,
            "disposed_note": note, "disposed_letter": letter, "letters_issued": letter,
            "disposed_paper": paper,
        }, by=secretary)  # fmt: skip
    _atwari_half_yearly_letter(office, plan, convenor, secretary)
    services.enter_achievement(
        _indicator(plan, "1.1.1"),
        3,
        date(2023, 3, 16),
        note="২৫/০৬/২০২৩ তারিখের সভার কার্যবিবরণী অনুযায়ী উদ্ভাবনী ধারণা ১৬/০৩/২০২৩ তারিখে বাস্তবায়িত।",
        by=secretary,
    )
    services.refresh_plan(plan)
    return plan


# Khulna and Rangpur ------------------------------------------------------------------------------------


def seed_khulna() -> Plan | None:
    """As the office's administrator, its head মোঃ মিজানুর রহমান (`khulna-admin`)."""
    office = _office("div-khulna")
    if office is None or _plan(office, 2023) is not None:
        return None
    by = _account(office, "khulna-admin")
    if by is None:
        return None
    activities = _plan_2023(Rule.DIGITIZED_SERVICES, Rule.ENOTHI_PERCENT, Rule.PORTAL_UPDATES)
    plan = build_plan(office, 2023, activities, by=by)
    services.activate_plan(plan, by=by)
    for branch, created, dak, note, letter, issued, paper in KHULNA_ENOTHI:
        services.save_enothi_figures(office, {
            "branch_name": branch, "fiscal_year": 2023, "quarter": 1, "files_created": created,
            "disposed_dak": dak, "disposed_note": note, "disposed_letter": letter, "letters_issued": issued,
            "disposed_paper": paper,
        }, by=by)  # fmt: skip
    services.record_portal_update(
        office, {"updated_on": date(2023, 9, 27), "service_boxes": list(PORTAL_SERVICE_BOXES),
                 "note": "১ম প্রান্তিক (জুলাই-সেপ্টেম্বর ২৩) ত্রৈমাসিক প্রতিবেদন"}, by=by,
    )  # fmt: skip
    # Seed 004 reports the ORM service still running in Q1 (July-September 2023), without dates: the demo
    # enters it in the register on the quarter's first working day and confirms it still running the day of
    # the quarter's web-portal update. The rule counts the quarter once: Q1's figure is derived, with the
    # service as its source.
    orm = services.save_digitized_service(office, KHULNA_ORM, by=by, on=KHULNA_ORM_ADDED_ON)
    services.confirm_digitized_service(orm, by=by, on=KHULNA_ORM_REVIEWED_ON)
    services.enter_achievement(_indicator(plan, "5.1.2"), 1, 1, by=by, note=(
        "আওতাধীন অফিসসমূহের তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণের নির্দেশনা, স্মারক নম্বর "
        "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪, তারিখ ২৫/০৯/২০২৩।"))  # fmt: skip
    memo = _letter(KHULNA_Q1_FORWARDING)
    if memo is not None:
        _link_report(plan, ReportKind.QUARTERLY, 1, memo, by=by)
    services.refresh_plan(plan)
    return plan


def seed_rangpur() -> Plan | None:
    """As the office's administrator, its head মুনাল কান্তি বিশ্বাস (`rangpur-admin`)."""
    office = _office("div-rangpur")
    if office is None or _plan(office, 2023) is not None:
        return None
    by = _account(office, "rangpur-admin")
    if by is None:
        return None
    # The figures come from the self-assessment: the office entered them by hand.
    plan = build_plan(office, 2023, _plan_2023(Rule.MANUAL, Rule.MANUAL, Rule.MANUAL), by=by)
    services.activate_plan(plan, by=by)
    for number, quarters in RANGPUR_ENTRIES.items():
        for quarter, value in enumerate(quarters, start=1):
            if value is not None:
                services.enter_achievement(
                    _indicator(plan, number), quarter, value, note=SEED_000_NOTE, by=by
                )
    memo = _letter(RANGPUR_SELF_ASSESSMENT)
    if memo is not None:
        _link_report(plan, ReportKind.HALF_YEARLY, 2, memo, by=by)
    services.refresh_plan(plan)
    return plan


# Rajshahi ----------------------------------------------------------------------------------------------


def seed_rajshahi() -> Plan | None:
    """Built once; issued with seed 001's directive as soon as the demo has upazila offices under Rajshahi.
    Both as the issuing office's administrator, its head মোঃ মোখলেছুর রহমান (`rajshahi-admin`)."""
    office = _office("div-rajshahi")
    by = _account(office, "rajshahi-admin") if office is not None else None
    if office is None or by is None:
        return None
    audience = OfficeLevel.UPAZILA.value
    plan = _plan(office, 2024, audience)
    if plan is None:
        plan = build_plan(office, 2024, RAJSHAHI_2024, by=by, audience=audience, intro_bn=RAJSHAHI_INTRO,
                          targets_editable=True)  # fmt: skip
    if plan.state is PlanState.DRAFT and services.offices_at(office, audience):
        memo = _letter(RAJSHAHI_DIRECTIVE)
        services.issue_plan(plan, by=by, memo_id=memo.id if memo is not None else None)
    return plan


def seed_plans() -> None:
    """Seed the demo's action plans (idempotent), each office's as its own account. Flushes; the caller
    commits."""
    seed_atwari()
    seed_khulna()
    seed_rangpur()
    seed_rajshahi()
    db.session.flush()


__all__ = ["build_plan", "seed_atwari", "seed_khulna", "seed_plans", "seed_rajshahi", "seed_rangpur"]
