"""The offices, branches, posts and people named in the seed letters (/work/shared/seeds), as printed there.

Pure data, no imports from the app. OCR slips in the seeds are corrected only where the reading is certain
(বিভাগীয় "মুদ্রা-নিবন্ধক" is যুগ্ম-নিবন্ধক); a value a seed does not show is left empty rather than invented.
Phone numbers and memo codes are stored with ASCII digits; Bangla free text (addresses) keeps its Bangla
digits.
Contacts printed in a signature block belong to the office (they pass to the next holder of the post), so
officers carry no phone or e-mail here.
One exception to "nothing invented": the Khulna district office's officer and inspector (marked below), whom
issue 3's walk-through needs to receive seed 004's directive and forward it; no seed names them.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

GOVERNMENT = "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার"
MINISTRY_LGRD = "স্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়"

# Leading memo-number segments (DOMAIN.md "Memo number segments"): ৪৭ ministry, ৬১ Department of Cooperatives.
MEMO_MINISTRY_CODE = "47"
MEMO_DEPARTMENT_CODE = "61"
HEADQUARTERS_GEO_CODE = "0000"  # the directorate and, in the seeds, the divisional offices

DEFAULT_START = date(2022, 7, 1)


class HeadPost(NamedTuple):
    designation_bn: str
    designation_en: str


# The head-of-office post every office gets, by level.
HEAD_POSTS: dict[str, HeadPost] = {
    "directorate": HeadPost("নিবন্ধক ও মহাপরিচালক", "Registrar & Director General"),
    "division": HeadPost("যুগ্ম-নিবন্ধক", "Joint Registrar"),
    "district": HeadPost("জেলা সমবায় অফিসার", "District Cooperative Officer"),
    "upazila": HeadPost("উপজেলা সমবায় অফিসার", "Upazila Cooperative Officer"),
}


class BranchSpec(NamedTuple):
    office_code: str
    name_bn: str
    name_en: str
    memo_code: str = ""


class PostSpec(NamedTuple):
    office_code: str
    designation_bn: str
    designation_en: str
    rank: int
    branch_bn: str = ""  # name_bn of a branch of the same office


class OfficerSpec(NamedTuple):
    office_code: str
    name_bn: str
    designation_bn: str  # the post they hold (the head post's designation for heads of office)
    honorific_bn: str = "জনাব"
    name_en: str = ""
    start_date: date = DEFAULT_START
    note: str = ""  # committee roles and where the seed shows them


class AccountSpec(NamedTuple):
    username: str
    office_code: str
    role: str
    officer_name_bn: str = ""  # empty: the account is not linked to an officer


# Fields of the seed offices beyond the ones every office gets (names, place, memo codes, default letterhead).
OFFICE_DETAILS: dict[str, dict[str, Any]] = {
    # Seed 000: forwarding letter of the half-yearly self-assessment, 15 January 2024.
    "div-rangpur": {
        "address_bn": "বিভাগীয় সদর দপ্তর, ৭ম তলা\nউত্তর ইউনিট, উত্তম, রংপুর-৫৪০০",
        "website": "www.coop.rangpurdiv.gov.bd",
        "email": "jr.rangpur@coop.gov.bd",
        "phone": "02588-810396",
        "fax": "02588-810395",
        "motto_bn": "“বঙ্গবন্ধুর দর্শন, সমবায়ের উন্নয়ন”",
    },
    # Seed 001: directive to the upazila offices, 29 August 2024 (printed without a motto line).
    "div-rajshahi": {
        "address_bn": "সাধারণ বীমা ভবন, সিএলবি মোড়, রাজশাহী",
        "website": "www.coop.rajshahidiv.gov.bd",
        "email": "jr.rajshahi@coop.gov.bd",
        "phone": "02588855546",
    },
    # Seed 004: certificates, progress report and web-portal letters, 2023.
    "div-khulna": {
        "website": "www.coop.khulnadiv.gov.bd",
        "email": "jr.khulna@coop.gov.bd",
        "phone": "02477-701981",
        "letterhead_bn": f"{GOVERNMENT}\n{MINISTRY_LGRD}",
        "motto_bn": "“বঙ্গবন্ধুর দর্শন\nসমবায়ে উন্নয়ন”",
        # Serials run per file, as e-Nothi numbers them: ...১৪.৮৯৪ on 25 Sep 2023, ...১৬-৩০২ on 3 Oct 2023.
        "memo_serial_scope": "file_continuous",
    },
    # Seed 003: the Atwari upazila office's letters, notice, attendance sheet and minutes, 2022-23.
    "upz-atwari": {
        "website": "www.cooperative.atwari.panchagarh.gov.bd",
        "email": "ucoatwari@gmail.com",
        "phone": "02589942842",
        "motto_bn": "“বঙ্গবন্ধুর দর্শন\nসমবায়ের উন্নয়ন”",
    },
}

BRANCHES: tuple[BranchSpec, ...] = (
    # Seed 001's letterhead names the branch; its memo number ৪৭.৬১.০০০০.২৪২... carries the branch code ২৪২.
    BranchSpec("div-rajshahi", "অডিট, আইন ও সমিতি শাখা", "Audit, Law and Societies Branch", "242"),
    # Seed 004's e-Nothi report, one row per branch.
    BranchSpec("div-khulna", "যুগ্ম-নিবন্ধকের দপ্তর", "Office of the Joint Registrar"),
    BranchSpec("div-khulna", "প্রশাসন শাখা", "Administration Branch"),
    BranchSpec("div-khulna", "বিচার শাখা", "Judicial Branch"),
    BranchSpec("div-khulna", "অডিট, আইন ও সমিতি শাখা", "Audit, Law and Societies Branch"),
)

# Posts besides the head of office.
POSTS: tuple[PostSpec, ...] = (
    # Seeds 000 and 001: the attention line and the copy list name this desk of the directorate.
    PostSpec(
        "directorate",
        "উপ-নিবন্ধক (গৃহায়ণ, মহিলা ও বিশেষ দল)",
        "Deputy Registrar (Housing, Women and Special Groups)",
        20,
    ),
    # Seed 000: the self-assessment table was prepared by an Inspector of the Rangpur office.
    PostSpec("div-rangpur", "পরিদর্শক", "Inspector", 40),
    # Seed 004: the copy block of the web-portal letter is signed by the Deputy Registrar (Administration).
    PostSpec("div-khulna", "উপ-নিবন্ধক (প্রশাসন)", "Deputy Registrar (Administration)", 10, "প্রশাসন শাখা"),
    # Not in the seeds: the inspector a Khulna district officer forwards seed 004's directive to (issue 3).
    PostSpec("dist-khulna", "পরিদর্শক", "Inspector", 40),
    # Seed 003: the attendance sheet, the minutes and the copy lists.
    PostSpec("upz-atwari", "সহকারী পরিদর্শক", "Assistant Inspector", 20),
    PostSpec("upz-atwari", "অফিস সহকারী কাম কম্পিউটার অপারেটর", "Office Assistant cum Computer Operator", 30),
)

OFFICERS: tuple[OfficerSpec, ...] = (
    # Seed 000 (OCR "মুনাল"; possibly মৃণাল, kept as printed).
    OfficerSpec("div-rangpur", "মুনাল কান্তি বিশ্বাস", "যুগ্ম-নিবন্ধক"),
    OfficerSpec("div-rangpur", "মোঃ এহসানুল কবির", "পরিদর্শক"),
    # Seed 001 (signed "বিভাগীয় মুদ্রা-নিবন্ধক", an OCR slip for যুগ্ম-নিবন্ধক).
    OfficerSpec("div-rajshahi", "মোঃ মোখলেছুর রহমান", "যুগ্ম-নিবন্ধক"),
    # Seed 004: convenor of Khulna's e-Governance & Innovation plan implementation committee.
    OfficerSpec("div-khulna", "মোঃ মিজানুর রহমান", "যুগ্ম-নিবন্ধক", note="convenor"),
    OfficerSpec("div-khulna", "মোহাম্মদ জাহাঙ্গীর আলম", "উপ-নিবন্ধক (প্রশাসন)"),
    # Not in the seeds (made-up demo names): the district officer who receives seed 004's directive in Khulna
    # district's inbox, and the inspector it is forwarded to.
    OfficerSpec("dist-khulna", "মোঃ আব্দুল করিম", "জেলা সমবায় অফিসার", name_en="Md. Abdul Karim", note="demo"),
    OfficerSpec("dist-khulna", "মোঃ রফিকুল ইসলাম", "পরিদর্শক", name_en="Md. Rafiqul Islam", note="demo"),
    # Seed 003: convenor (আহ্বায়ক) of Atwari's e-Governance & Innovation plan implementation committee.
    OfficerSpec("upz-atwari", "মো: ফারুক হোসেন", "উপজেলা সমবায় অফিসার", note="convenor"),
    # Seed 003: member secretary and focal point (সদস্য সচিব ও ফোকাল পয়েন্ট) of the same committee.
    OfficerSpec("upz-atwari", "পরিতোষ চন্দ্র রায়", "সহকারী পরিদর্শক", note="member secretary & focal point"),
)

ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec("admin", "directorate", "sysadmin"),
    AccountSpec("rangpur-admin", "div-rangpur", "office_admin", "মুনাল কান্তি বিশ্বাস"),
    AccountSpec("khulna-admin", "div-khulna", "office_admin", "মোঃ মিজানুর রহমান"),
    AccountSpec("rajshahi-admin", "div-rajshahi", "office_admin", "মোঃ মোখলেছুর রহমান"),
    AccountSpec("panchagarh-admin", "dist-panchagarh", "office_admin"),
    AccountSpec("atwari-uco", "upz-atwari", "office_admin", "মো: ফারুক হোসেন"),
    AccountSpec("atwari-secretary", "upz-atwari", "staff", "পরিতোষ চন্দ্র রায়"),
    AccountSpec("khulna-secretary", "div-khulna", "staff", "মোহাম্মদ জাহাঙ্গীর আলম"),
    AccountSpec("khulna-dco", "dist-khulna", "office_admin", "মোঃ আব্দুল করিম"),
)
