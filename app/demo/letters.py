"""The letters of the seeds, issued in the demo through the memo services so that their DOCX can be set beside
the printed letters: Rangpur's forwarding letter of the half-yearly self-assessment (seed 000), Rajshahi's
directive to the upazila offices (seed 001), and Khulna's forwarding letter of Q1 and its directive on
web-portal updates (seed 004).

Each letter is drafted, submitted and issued by the demo accounts of its office, on the date printed on it,
and takes the serial printed on it from the office's counter (see `_start_counter_at`). A letter whose number
the office already has is left alone, so seeding twice adds nothing. OCR slips of the seeds are corrected
where the reading is certain (ই-গভর্ন্যান্স ও উদ্ভাবন for "...উন্নয়ন", প্রান্তিক for "প্রাপ্তিক", নিবন্ধক for
"নিবন্ধন", আশ্বিন for "আগস্ট" in a Bangla-calendar date).
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.memos import services
from app.memos.models import Memo, MemoCounter, MemoFile
from app.org.models import Branch, Office, OfficeLevel, Post

log = logging.getLogger(__name__)

# The directorate's desk that seeds 000 and 001 name in the attention line and the copy list (people.POSTS).
HOUSING_DESK = "উপ-নিবন্ধক (গৃহায়ণ, মহিলা ও বিশেষ দল)"
JOINT_REGISTRAR = "যুগ্ম-নিবন্ধক"

# Seed 001's distribution list, in its order (OCR "টাঙ্গাইলবাবগঞ্জ" is চাঁপাইনবাবগঞ্জ, the Rajshahi district it
# lacks otherwise). The demo has every district of Rajshahi division but no upazila office there yet, so each
# line is one group recipient that delivers nothing until those upazilas are seeded.
RAJSHAHI_DISTRICTS = (
    "dist-joypurhat",
    "dist-pabna",
    "dist-sirajganj",
    "dist-bogura",
    "dist-chapai-nawabganj",
    "dist-natore",
    "dist-naogaon",
    "dist-rajshahi",
)


@dataclass(frozen=True)
class FileSpec:
    title: str
    number_prefix: str  # ASCII digits, as Sabha stores it
    serial_separator: str = "."
    branch_bn: str = ""


@dataclass(frozen=True)
class LetterSpec:
    office_code: str
    file: FileSpec
    serial: int
    issued_on: date
    drafter: str  # username of the demo account that drafts and submits
    signer: str  # username of the demo account that holds the signing post and issues
    data: dict[str, Any] = field(default_factory=dict)
    # Recipients as (role, office code or "", post designation or "", group level or "", label, purpose).
    recipients: tuple[tuple[str, str, str, str, str, str], ...] = ()
    signatory: str = JOINT_REGISTRAR
    copy_signatory: str = ""

    @property
    def number(self) -> str:
        return f"{self.file.number_prefix}{self.file.serial_separator}{self.serial}"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _table(columns: list[tuple[str, float]], rows: list[list[str]]) -> dict[str, Any]:
    return {
        "columns": [{"title": _nfc(title), "width_cm": width} for title, width in columns],
        "rows": [[_nfc(cell) for cell in row] for row in rows],
    }


# Seed 000 ---------------------------------------------------------------------------------------------------

RANGPUR_SELF_ASSESSMENT = LetterSpec(
    office_code="div-rangpur",
    file=FileSpec("ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা", "47.61.0000.321.05.001.22"),
    serial=47,
    issued_on=date(2024, 1, 15),  # ১ মাঘ ১৪৩০
    drafter="rangpur-admin",
    signer="rangpur-admin",
    data={
        "kind": "forwarding",
        "subject": "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২৪ এর অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন প্রেরণ সংক্রান্ত।",
        "references": [{"text": "২০২৩-২৪ অর্থবছরের ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনার নির্দেশিকা"}],
        "body": (
            "উপর্যুক্ত বিষয় ও সূত্রের প্রেক্ষিতে জানানো যাচ্ছে যে, বিভাগীয় সমবায় কার্যালয়, রংপুর এর ই-গভর্ন্যান্স/উদ্ভাবন "
            "কর্মপরিকল্পনা বাস্তবায়নের ১ম ও ২য় ত্রৈমাসিক (জুলাই/২৩-ডিসেম্বর/২৩) এর অর্জন অগ্রগতি প্রতিবেদনের অর্ধবার্ষিক "
            "স্ব-মূল্যায়ন প্রতিবেদন মহোদয়ের সদয় অবগতি ও প্রয়োজনীয় ব্যবস্থা গ্রহণের জন্য এতদসঙ্গে প্রেরণ করা হলো।"
        ),
        "attachment_line": "১। অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন ০১ (এক) পাতা।",
        "office_copy": False,
    },
    recipients=(
        (
            "to",
            "directorate",
            "",
            "",
            "নিবন্ধক ও মহাপরিচালক, নিবন্ধক ও মহাপরিচালকের দপ্তর, সমবায় অধিদপ্তর ঢাকা। ইহা মহোদয়ের সদয় অবগতির জন্য।",
            "",
        ),
        ("attention", "", HOUSING_DESK, "", "উপ-নিবন্ধক, গৃহায়ণ, মহিলা ও বিশেষ দল, সমবায় অধিদপ্তর।", ""),
    ),
)

# Seed 001 ---------------------------------------------------------------------------------------------------

RAJSHAHI_PLAN = _table(
    [
        ("ক্রম. নং", 1.2),
        ("কার্যক্রম", 3.2),
        ("কর্মসম্পাদন সূচক", 4.0),
        ("একক", 1.4),
        ("কর্মসম্পাদন সূচকের মান", 1.7),
        ("উপজেলার করণীয়", 5.0),
    ],
    [
        [
            "০১",
            "[১.১] সেবা সহজিকরণ/ ডিজিটাইজেশনের মাধ্যমে উদ্ভাবনী ধারণা বাস্তবায়ন",
            "[১.১.১] সেবা/অফিস ব্যবস্থাপনা সহজিকরণ/ ডিজিটাইজেশনের মাধ্যমে ন্যূনতম একটি উদ্ভাবনী ধারণা বাস্তবায়িত",
            "তারিখ",
            "১০",
            "ন্যূনতম একটি উদ্ভাবনী ধারণা বাস্তবায়ন নিজে করতে হবে অথবা একটি উদ্ভাবনী ধারণার প্রস্তাব জেলায় পাঠিয়ে "
            "বাস্তবায়িত করতে হবে।",
        ],
        [
            "০২",
            "[২.১] ইতঃপূর্বে বাস্তবায়িত সহজিকৃত ও ডিজিটাইজকৃত সেবা চালু অব্যাহত রাখা",
            "[২.১.১] ইতঃপূর্বে উদ্ভাবিত/সহজিকৃত/ ডিজিটাইজকৃত সেবাসমূহ অব্যাহত রাখা",
            "সংখ্যা",
            "২",
            "ইতঃপূর্বে উদ্ভাবিত/সহজিকৃত/ ডিজিটাইজকৃত সেবাসমূহ অব্যাহত রাখতে হবে এবং সেবাসমূহের তালিকা জেলায় প্রেরণ করতে হবে।",
        ],
        [
            "০৩",
            "[৩.১] ইনোভেশন শোকেসিং",
            "[৩.১.১] আওতাধীন অফিসসমূহের অংশগ্রহণে ন্যূনতম একটি ইনোভেশন প্রদর্শনী (শোকেসিং) আয়োজিত এবং শ্রেষ্ঠ "
            "উদ্ভাবনী উদ্যোগ নির্বাচিত",
            "তারিখ",
            "৭",
            "জেলা কর্তৃক আয়োজিত শোকেসিং এ নিজ উপজেলার ১টি আইডিয়া উপস্থাপন করতে হবে।",
        ],
        [
            "০৪",
            "[৪.১] ই-নথির ব্যবহার বৃদ্ধি",
            "[৪.১.১] ই-ফাইলে নিষ্পত্তিযোগ্য নথির তালিকা নির্ধারিত",
            "তারিখ",
            "২",
            "ই-ফাইলে নিষ্পত্তিযোগ্য নথির তালিকা জেলায় প্রেরণ করতে হবে।",
        ],
        [
            "",
            "",
            "[৪.১.২] ই-ফাইলে মোট নিষ্পত্তিকৃত",
            "%",
            "৭",
            "নথি রেজিস্টার অনুসারে ই-ফাইলে নিষ্পত্তিযোগ্য শতভাগ নথির তালিকা হতে ই-ফাইলিং এর মাধ্যমে নিষ্পত্তিকৃত মোট "
            "নোট সংখ্যা এবং সরকারি দপ্তরের শাখাভিত্তিক নিষ্পত্তিযোগ্য শতভাগ নথির তালিকা হতে উপস্থাপিত হার্ড নথিতে "
            "নিষ্পত্তিকৃত মোট নোট সংখ্যার স্টেটমেন্ট।",
        ],
        [
            "০৫",
            "[৫.১] তথ্য বাতায়ন হালনাগাদকরণ",
            "[৫.১] তথ্য বাতায়ন হালনাগাদকৃত",  # printed so ([৫.১.১] in the plan)
            "সংখ্যা",
            "৬",
            "স্ক্রিনশট ও বিষয়ভিত্তিক তারিখ উল্লেখসহ ওয়েবসাইট হালনাগাদকরণের ত্রৈমাসিক প্রতিবেদন।",
        ],
        [
            "",
            "",
            "[৫.১.২] আওতাধীন অফিসসমূহের তথ্য বাতায়ন হালনাগাদকরণ নিশ্চিতকরণ",
            "সংখ্যা",
            "৩",
            "জেলা অফিসের কর্মপরিকল্পনা বাস্তবায়নে সক্রিয়ভাবে অংশগ্রহণ করতে হবে। (নিজ দপ্তরের তথ্য বাতায়ন হালনাগাদ রাখতে হবে)",
        ],
        [
            "০৬",
            "[৬.১] স্মার্ট বাংলাদেশ বিনির্মাণ",
            "[৬.১.১] স্মার্ট বাংলাদেশ বিনির্মাণ সংক্রান্ত ৪টি স্তরের আলোকে করণীয় নির্ধারণ-কর্মশালা/ সভা /সেমিনার আয়োজিত",
            "সংখ্যা",
            "৪",
            "জেলা অফিসের কর্মপরিকল্পনা বাস্তবায়নে সক্রিয়ভাবে অংশগ্রহণ করতে হবে। (জেলার কর্মশালা/সভা/সেমিনার এ "
            "অংশগ্রহণ করতে হবে)",
        ],
        [
            "০৭",
            "[৭.১] অনলাইন রিপোর্ট ম্যানেজমেন্ট সফটওয়্যার বাস্তবায়ন",
            "[৭.১.১] নিজ অফিস ও আওতাধীন অফিসে অনলাইন রিপোর্ট ম্যানেজমেন্ট সফটওয়্যার বাস্তবায়িত",
            "তারিখ",
            "৫",
            "অনলাইন রিপোর্ট ম্যানেজমেন্ট সফটওয়্যার ব্যবহার করে মোট রিপোর্ট গ্রহণ ও প্রেরণের প্রতিবেদন এবং স্ক্রিনশট।",
        ],
        [
            "০৮",
            "[৮.১] মাইগভ প্ল্যাটফর্মের ব্যবহার বৃদ্ধি",
            "[৮.১.১] মাইগভ প্ল্যাটফর্মের মাধ্যমে ডিজিটাইজেশনযোগ্য সরকারি সেবা চিহ্নিতকরণ ও ডিজিটাইজেশনের লক্ষ্যে "
            "কর্মশালা আয়োজিত",
            "সংখ্যা",
            "৪",
            "জেলা অফিসের কর্মপরিকল্পনা বাস্তবায়নে সক্রিয়ভাবে অংশগ্রহণ করতে হবে। (জেলার কর্মশালায় অংশগ্রহণ করতে হবে)",
        ],
    ],
)

RAJSHAHI_DIRECTIVE = LetterSpec(
    office_code="div-rajshahi",
    file=FileSpec(
        "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা", "47.61.0000.242.05.001.21", branch_bn="অডিট, আইন ও সমিতি শাখা"
    ),
    serial=782,
    issued_on=date(2024, 8, 29),  # ১৪ ভাদ্র ১৪৩১
    drafter="rajshahi-admin",
    signer="rajshahi-admin",
    data={
        "kind": "directive",
        "subject": "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা ২০২৪-২৫ বাস্তবায়নে উপজেলা পর্যায়ের অফিসের করণীয় প্রসঙ্গে।",
        "references": [{"text": "বার্ষিক কর্মসম্পাদন চুক্তি ২০২৪-২৫"}],
        # The letter prints the plan's title and table after the first paragraph and the closing sentence
        # after the table; Sabha's letter template has no paragraph after the body table, so the closing
        # sentence comes before the table's title here.
        "body": (
            "উপর্যুক্ত বিষয় ও সূত্রের পরিপ্রেক্ষিতে জানানো যাচ্ছে যে, বার্ষিক কর্মসম্পাদন চুক্তি ২০২৪-২৫ এর কর্মসম্পাদন "
            "ক্ষেত্রের [এম.১] সুশাসন ও সংস্কারমূলক কার্যক্রমের বাস্তবায়ন জোরদারকরণের আওতায় ৫টির মধ্যে ৪টি কার্যক্রম "
            "(শুদ্ধাচার, অভিযোগ প্রতিকার, সেবা প্রদান প্রতিশ্রুতি ও তথ্য অধিকার) এর বাস্তবায়ন প্রক্রিয়া উপজেলা পর্যায়ের "
            "অফিসের জন্য করণীয় সুনির্দিষ্ট থাকলেও ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কার্যক্রমটি সুনির্দিষ্ট "
            "নয়। ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কার্যক্রমে জেলার কর্মপরিকল্পনাটি উপজেলা অফিসের জন্য "
            "হুবহু প্রযোজ্য হবে। তবে বাস্তবায়নের ক্ষেত্রে নিম্নরূপ কৌশল নির্ধারণ করা হলো।\n\n"
            "উপজেলা সমবায় দপ্তরসমূহকে বর্ণিত সূচক অনুযায়ী কার্যক্রম সম্পাদন ও এ সংক্রান্ত প্রমাণক সংরক্ষণের জন্য বলা "
            "হলো।\n\n"
            "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা উপজেলা পর্যায়ের অফিস ২০২৪-২৫"
        ),
        "number_paragraphs": False,
        "body_table": RAJSHAHI_PLAN,
        "not_by_seniority": True,
        "office_copy": False,  # the printed copy list has no অফিস কপি
    },
    recipients=(
        *(("distribution", code, "", OfficeLevel.UPAZILA.value, "", "") for code in RAJSHAHI_DISTRICTS),
        (
            "copy",
            "",
            HOUSING_DESK,
            "",
            "উপ-নিবন্ধক, গৃহায়ণ, মহিলা ও বিশেষ দল, সমবায় অধিদপ্তর, ঢাকা",
            "kind_information",
        ),
        (
            "copy",
            "div-rajshahi",
            "",
            OfficeLevel.DISTRICT.value,
            "জেলা সমবায় কর্মকর্তা (সকল), রাজশাহী বিভাগ (তার আওতাধীন উপজেলা অফিসের ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা "
            "সূচকের বাস্তবায়নে যথাযথ পরিবীক্ষণ ও মূল্যায়নের জন্য তাকে বলা হলো)",
            "information",
        ),
    ),
)

# Seed 004 ---------------------------------------------------------------------------------------------------

KHULNA_PORTAL_DIRECTIVE = LetterSpec(
    office_code="div-khulna",
    file=FileSpec("তথ্য বাতায়ন হালনাগাদকরণ", "47.61.0000.261.80.008.14"),
    serial=894,
    issued_on=date(2023, 9, 25),  # ১০ আশ্বিন ১৪৩০ (the OCR's "১০ আগস্ট ১৪৩০" names a Gregorian month)
    drafter="khulna-secretary",
    signer="khulna-admin",
    data={
        "kind": "directive",
        "subject": (
            "বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক [৫.১.২] অনুসারে আওতাধীন অফিসসমূহের তথ্য বাতায়ন "
            "হালনাগাদ নিশ্চিতকরণ।"
        ),
        "references": [{"text": "বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক [৫.১.২]"}],
        "body": (
            "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে জানানো যাচ্ছে যে, বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক "
            "[৫.১.২] অনুসারে সংযুক্ত ছক মোতাবেক তাঁর অফিসের ও আওতাধীন উপজেলা অফিসের তথ্য বাতায়নের মেনু ও সেবা বক্স "
            "প্রস্তুতপূর্বক সকল তথ্য প্রতি ত্রৈমাসের মধ্যে হালনাগাদকরণের বাধ্যবাধকতা রয়েছে।\n\n"
            "এমতাবস্থায়, নির্ধারিত সময়ের মধ্যে তথ্যাদি হালনাগাদপূর্বক অগ্রগতি প্রতিবেদন (প্রমাণকসহ) এ দপ্তরে "
            "নিয়মিতভাবে প্রেরণের জন্য অনুরোধ করা হলো।"
        ),
        "number_paragraphs": True,
        "attachment_line": "বর্ণনামতে ছক ০২ (দুই) প্রস্থ।",
        "office_copy": False,  # the copy block is numbered "/১ (১)": one copy and no অফিস কপি
    },
    recipients=(
        ("to", "div-khulna", "", OfficeLevel.DISTRICT.value, "জেলা সমবায় কর্মকর্তা সকল (খুলনা বিভাগ)।", ""),
        (
            "copy",
            "div-khulna",
            "",
            OfficeLevel.UPAZILA.value,
            "উপজেলা সমবায় অফিসার সকল (খুলনা বিভাগ)।",
            "information",
        ),
    ),
    copy_signatory="উপ-নিবন্ধক (প্রশাসন)",
)

KHULNA_Q1_FORWARDING = LetterSpec(
    office_code="div-khulna",
    # A hand-typed letter: the serial is joined with a dash (…১৬-৩০২).
    file=FileSpec("ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা", "47.61.0000.261.06.006.16", serial_separator="-"),
    serial=302,
    issued_on=date(2023, 10, 3),
    drafter="khulna-secretary",
    signer="khulna-admin",
    data={
        "kind": "forwarding",
        "subject": (
            "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২০২৪ এর ১ম প্রান্তিক (জুলাই-সেপ্টেম্বর/ ২০২৩)-এর অর্জন অগ্রগতি "
            "প্রতিবেদন প্রেরণ।"
        ),
        "body": (
            "উপর্যুক্ত বিষয় ও সূত্রের পরিপ্রেক্ষিতে এ বিভাগের ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২৪ এর ১ম "
            "প্রান্তিক (জুলাই-সেপ্টেম্বর/২০২৩) এর অর্জন অগ্রগতি প্রতিবেদন মহোদয়ের সদয় অবগতি ও প্রয়োজনীয় ব্যবস্থা "
            "গ্রহণের জন্য এ সাথে প্রেরণ করা হলো।"
        ),
        "attachment_line": "বর্ণনামতে ০১ (এক) পাতা।",
        "signatory_extra": "ও আহ্বায়ক, ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত কমিটি",
        "office_copy": False,
    },
    recipients=(
        ("to", "directorate", "", "", "নিবন্ধক ও মহাপরিচালক, সমবায় অধিদপ্তর, ঢাকা", ""),
        ("attention", "", "", "", "যুগ্ম নিবন্ধক (মাঃ ক্রেঃ মঃ ও বি দল)", ""),
    ),
)

# In the order they were issued.
LETTERS: tuple[LetterSpec, ...] = (
    KHULNA_PORTAL_DIRECTIVE,
    KHULNA_Q1_FORWARDING,
    RANGPUR_SELF_ASSESSMENT,
    RAJSHAHI_DIRECTIVE,
)


# Seeding ----------------------------------------------------------------------------------------------------


def _office(code: str) -> Office:
    office = db.session.scalar(select(Office).where(Office.code == code))
    if office is None:
        raise LookupError(f"the demo office {code} is missing")
    return office


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.username) == username))
    if user is None:
        raise LookupError(f"the demo account {username} is missing")
    return user


def _post(office: Office, designation_bn: str) -> Post:
    post = db.session.scalar(
        select(Post)
        .where(Post.office_id == office.id, Post.designation_bn == designation_bn, Post.is_active)
        .order_by(Post.id)
    )
    if post is None:
        raise LookupError(f"the demo post {designation_bn} of {office.code} is missing")
    return post


def _memo_file(office: Office, spec: FileSpec, by: User) -> MemoFile:
    memo_file = db.session.scalar(
        select(MemoFile).where(MemoFile.office_id == office.id, MemoFile.number_prefix == spec.number_prefix)
    )
    if memo_file is not None:
        return memo_file
    data: dict[str, Any] = {
        "title": spec.title,
        "number_prefix": spec.number_prefix,
        "serial_separator": spec.serial_separator,
    }
    if spec.branch_bn:
        data["branch_id"] = db.session.scalar(
            select(Branch.id).where(Branch.office_id == office.id, Branch.name_bn == spec.branch_bn)
        )
    return services.create_file(office, data, by=by)


def _recipients(spec: LetterSpec) -> list[dict[str, Any]]:
    directorate = _office("directorate")
    result = []
    for role, office_code, designation, level, label, purpose in spec.recipients:
        item: dict[str, Any] = {"role": role, "label": label}
        if designation:
            item["post_id"] = _post(directorate, designation).id
        elif office_code:
            item["office_id"] = _office(office_code).id
            if level:
                item["group_level"] = level
        if purpose:
            item["purpose"] = purpose
        result.append(item)
    return result


def _scope_key(office: Office, memo_file: MemoFile, on: date) -> str:
    # The counter's scope follows the office's setting; only these three attributes are read.
    probe = SimpleNamespace(office=office, office_id=office.id, file_id=memo_file.id)
    return services.serial_scope_key(cast(Memo, probe), on)


def _start_counter_at(scope_key: str, serial: int) -> bool:
    """Make `serial` the next one handed out in the scope, as for an office that starts using Sabha part-way
    through the year with its register already at serial - 1. False when the scope has gone past it."""
    counter = db.session.scalar(select(MemoCounter).where(MemoCounter.scope_key == scope_key))
    if counter is None:
        db.session.add(MemoCounter(scope_key=scope_key, last_serial=serial - 1))
    elif counter.last_serial < serial:
        counter.last_serial = serial - 1
    else:
        return False
    db.session.flush()
    return True


def _already_issued(office: Office, number: str) -> bool:
    return bool(
        db.session.scalar(
            select(func.count()).select_from(Memo).where(Memo.office_id == office.id, Memo.number == number)
        )
    )


def seed_letter(spec: LetterSpec) -> Memo | None:
    """Issue one seed letter with its printed number and date; None when the office already has it (or its
    counter has passed the printed serial, which only a hand-changed demo database can do)."""
    office = _office(spec.office_code)
    if _already_issued(office, spec.number):
        return None
    drafter, signer = _user(spec.drafter), _user(spec.signer)
    memo_file = _memo_file(office, spec.file, drafter)
    scope_key = _scope_key(office, memo_file, spec.issued_on)
    if not _start_counter_at(scope_key, spec.serial):
        log.warning("Demo letter %s skipped: serial scope %s is past it", spec.number, scope_key)
        return None
    data = {
        **spec.data,
        "file_id": memo_file.id,
        "signatory_post_id": _post(office, spec.signatory).id,
        "recipients": _recipients(spec),
    }
    if spec.copy_signatory:
        data["copy_signatory_post_id"] = _post(office, spec.copy_signatory).id
    memo = services.create_memo(office, data, by=drafter)
    services.submit_memo(memo, by=drafter)
    services.issue_memo(memo, by=signer, on=spec.issued_on)
    if memo.number != spec.number:  # a broken invariant, not bad input: stop the seeding loudly
        raise RuntimeError(f"demo letter got number {memo.number}, expected {spec.number}")
    return memo


def seed_letters() -> list[Memo]:
    """Issue the seed letters that are not there yet (idempotent). Flushes; the caller commits."""
    issued = [memo for memo in (seed_letter(spec) for spec in LETTERS) if memo is not None]
    db.session.flush()
    return issued
