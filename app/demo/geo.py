"""Divisions, districts and (for Rangpur division) upazilas of Bangladesh, with their BBS geo codes.

Pure data, no imports from the app. Codes are ASCII digits: division two digits, district two digits
(unique in the country), upazila two digits (unique within its district). An upazila office's memo geo code
is the district code followed by the upazila code (Atwari, Panchagarh = "77" + "04" = "7704", as in seed 003).
"""

from __future__ import annotations

from typing import NamedTuple


class Division(NamedTuple):
    code: str
    name_en: str
    name_bn: str


class District(NamedTuple):
    code: str
    division_code: str
    name_en: str
    name_bn: str


class Upazila(NamedTuple):
    district_code: str
    code: str
    name_en: str
    name_bn: str

    @property
    def geo_code(self) -> str:
        return self.district_code + self.code


DIVISIONS: tuple[Division, ...] = (
    Division("10", "Barishal", "বরিশাল"),
    Division("20", "Chattogram", "চট্টগ্রাম"),
    Division("30", "Dhaka", "ঢাকা"),
    Division("40", "Khulna", "খুলনা"),
    Division("45", "Mymensingh", "ময়মনসিংহ"),
    Division("50", "Rajshahi", "রাজশাহী"),
    Division("55", "Rangpur", "রংপুর"),
    Division("60", "Sylhet", "সিলেট"),
)

DISTRICTS: tuple[District, ...] = (
    # Barishal
    District("04", "10", "Barguna", "বরগুনা"),
    District("06", "10", "Barishal", "বরিশাল"),
    District("09", "10", "Bhola", "ভোলা"),
    District("42", "10", "Jhalokati", "ঝালকাঠি"),
    District("78", "10", "Patuakhali", "পটুয়াখালী"),
    District("79", "10", "Pirojpur", "পিরোজপুর"),
    # Chattogram
    District("03", "20", "Bandarban", "বান্দরবান"),
    District("12", "20", "Brahmanbaria", "ব্রাহ্মণবাড়িয়া"),
    District("13", "20", "Chandpur", "চাঁদপুর"),
    District("15", "20", "Chattogram", "চট্টগ্রাম"),
    District("19", "20", "Cumilla", "কুমিল্লা"),
    District("22", "20", "Cox's Bazar", "কক্সবাজার"),
    District("30", "20", "Feni", "ফেনী"),
    District("46", "20", "Khagrachhari", "খাগড়াছড়ি"),
    District("51", "20", "Lakshmipur", "লক্ষ্মীপুর"),
    District("75", "20", "Noakhali", "নোয়াখালী"),
    District("84", "20", "Rangamati", "রাঙ্গামাটি"),
    # Dhaka
    District("26", "30", "Dhaka", "ঢাকা"),
    District("29", "30", "Faridpur", "ফরিদপুর"),
    District("33", "30", "Gazipur", "গাজীপুর"),
    District("35", "30", "Gopalganj", "গোপালগঞ্জ"),
    District("48", "30", "Kishoreganj", "কিশোরগঞ্জ"),
    District("54", "30", "Madaripur", "মাদারীপুর"),
    District("56", "30", "Manikganj", "মানিকগঞ্জ"),
    District("59", "30", "Munshiganj", "মুন্সিগঞ্জ"),
    District("67", "30", "Narayanganj", "নারায়ণগঞ্জ"),
    District("68", "30", "Narsingdi", "নরসিংদী"),
    District("82", "30", "Rajbari", "রাজবাড়ী"),
    District("86", "30", "Shariatpur", "শরীয়তপুর"),
    District("93", "30", "Tangail", "টাঙ্গাইল"),
    # Khulna
    District("01", "40", "Bagerhat", "বাগেরহাট"),
    District("18", "40", "Chuadanga", "চুয়াডাঙ্গা"),
    District("41", "40", "Jashore", "যশোর"),
    District("44", "40", "Jhenaidah", "ঝিনাইদহ"),
    District("47", "40", "Khulna", "খুলনা"),
    District("50", "40", "Kushtia", "কুষ্টিয়া"),
    District("55", "40", "Magura", "মাগুরা"),
    District("57", "40", "Meherpur", "মেহেরপুর"),
    District("65", "40", "Narail", "নড়াইল"),
    District("87", "40", "Satkhira", "সাতক্ষীরা"),
    # Mymensingh
    District("39", "45", "Jamalpur", "জামালপুর"),
    District("61", "45", "Mymensingh", "ময়মনসিংহ"),
    District("72", "45", "Netrokona", "নেত্রকোণা"),
    District("89", "45", "Sherpur", "শেরপুর"),
    # Rajshahi
    District("10", "50", "Bogura", "বগুড়া"),
    District("38", "50", "Joypurhat", "জয়পুরহাট"),
    District("64", "50", "Naogaon", "নওগাঁ"),
    District("69", "50", "Natore", "নাটোর"),
    District("70", "50", "Chapai Nawabganj", "চাঁপাইনবাবগঞ্জ"),
    District("76", "50", "Pabna", "পাবনা"),
    District("81", "50", "Rajshahi", "রাজশাহী"),
    District("88", "50", "Sirajganj", "সিরাজগঞ্জ"),
    # Rangpur
    District("27", "55", "Dinajpur", "দিনাজপুর"),
    District("32", "55", "Gaibandha", "গাইবান্ধা"),
    District("49", "55", "Kurigram", "কুড়িগ্রাম"),
    District("52", "55", "Lalmonirhat", "লালমনিরহাট"),
    District("73", "55", "Nilphamari", "নীলফামারী"),
    District("77", "55", "Panchagarh", "পঞ্চগড়"),
    District("85", "55", "Rangpur", "রংপুর"),
    District("94", "55", "Thakurgaon", "ঠাকুরগাঁও"),
    # Sylhet
    District("36", "60", "Habiganj", "হবিগঞ্জ"),
    District("58", "60", "Moulvibazar", "মৌলভীবাজার"),
    District("90", "60", "Sunamganj", "সুনামগঞ্জ"),
    District("91", "60", "Sylhet", "সিলেট"),
)

# Every upazila of Rangpur division's eight districts (58 in all).
UPAZILAS: tuple[Upazila, ...] = (
    # Dinajpur (27)
    Upazila("27", "10", "Birampur", "বিরামপুর"),
    Upazila("27", "12", "Birganj", "বীরগঞ্জ"),
    Upazila("27", "17", "Biral", "বিরল"),
    Upazila("27", "21", "Bochaganj", "বোচাগঞ্জ"),
    Upazila("27", "30", "Chirirbandar", "চিরিরবন্দর"),
    Upazila("27", "38", "Phulbari", "ফুলবাড়ী"),
    Upazila("27", "43", "Ghoraghat", "ঘোড়াঘাট"),
    Upazila("27", "47", "Hakimpur", "হাকিমপুর"),
    Upazila("27", "56", "Kaharole", "কাহারোল"),
    Upazila("27", "60", "Khansama", "খানসামা"),
    Upazila("27", "64", "Dinajpur Sadar", "দিনাজপুর সদর"),
    Upazila("27", "69", "Nawabganj", "নবাবগঞ্জ"),
    Upazila("27", "77", "Parbatipur", "পার্বতীপুর"),
    # Gaibandha (32)
    Upazila("32", "21", "Phulchhari", "ফুলছড়ি"),
    Upazila("32", "24", "Gaibandha Sadar", "গাইবান্ধা সদর"),
    Upazila("32", "30", "Gobindaganj", "গোবিন্দগঞ্জ"),
    Upazila("32", "67", "Palashbari", "পলাশবাড়ী"),
    Upazila("32", "82", "Sadullapur", "সাদুল্লাপুর"),
    Upazila("32", "88", "Saghata", "সাঘাটা"),
    Upazila("32", "91", "Sundarganj", "সুন্দরগঞ্জ"),
    # Kurigram (49)
    Upazila("49", "06", "Bhurungamari", "ভুরুঙ্গামারী"),
    Upazila("49", "08", "Char Rajibpur", "চর রাজিবপুর"),
    Upazila("49", "09", "Chilmari", "চিলমারী"),
    Upazila("49", "18", "Phulbari", "ফুলবাড়ী"),
    Upazila("49", "52", "Kurigram Sadar", "কুড়িগ্রাম সদর"),
    Upazila("49", "61", "Nageshwari", "নাগেশ্বরী"),
    Upazila("49", "77", "Rajarhat", "রাজারহাট"),
    Upazila("49", "79", "Raumari", "রৌমারী"),
    Upazila("49", "94", "Ulipur", "উলিপুর"),
    # Lalmonirhat (52)
    Upazila("52", "02", "Aditmari", "আদিতমারী"),
    Upazila("52", "33", "Hatibandha", "হাতীবান্ধা"),
    Upazila("52", "39", "Kaliganj", "কালীগঞ্জ"),
    Upazila("52", "55", "Lalmonirhat Sadar", "লালমনিরহাট সদর"),
    Upazila("52", "70", "Patgram", "পাটগ্রাম"),
    # Nilphamari (73)
    Upazila("73", "12", "Dimla", "ডিমলা"),
    Upazila("73", "15", "Domar", "ডোমার"),
    Upazila("73", "36", "Jaldhaka", "জলঢাকা"),
    Upazila("73", "45", "Kishoreganj", "কিশোরগঞ্জ"),
    Upazila("73", "64", "Nilphamari Sadar", "নীলফামারী সদর"),
    Upazila("73", "85", "Saidpur", "সৈয়দপুর"),
    # Panchagarh (77)
    Upazila("77", "04", "Atwari", "আটোয়ারী"),
    Upazila("77", "25", "Boda", "বোদা"),
    Upazila("77", "34", "Debiganj", "দেবীগঞ্জ"),
    Upazila("77", "73", "Panchagarh Sadar", "পঞ্চগড় সদর"),
    Upazila("77", "90", "Tetulia", "তেঁতুলিয়া"),
    # Rangpur (85)
    Upazila("85", "03", "Badarganj", "বদরগঞ্জ"),
    Upazila("85", "27", "Gangachara", "গংগাচড়া"),
    Upazila("85", "42", "Kaunia", "কাউনিয়া"),
    Upazila("85", "49", "Rangpur Sadar", "রংপুর সদর"),
    Upazila("85", "58", "Mithapukur", "মিঠাপুকুর"),
    Upazila("85", "73", "Pirgachha", "পীরগাছা"),
    Upazila("85", "76", "Pirganj", "পীরগঞ্জ"),
    Upazila("85", "92", "Taraganj", "তারাগঞ্জ"),
    # Thakurgaon (94)
    Upazila("94", "08", "Baliadangi", "বালিয়াডাঙ্গী"),
    Upazila("94", "51", "Haripur", "হরিপুর"),
    Upazila("94", "82", "Pirganj", "পীরগঞ্জ"),
    Upazila("94", "86", "Ranisankail", "রাণীশংকৈল"),
    Upazila("94", "94", "Thakurgaon Sadar", "ঠাকুরগাঁও সদর"),
)

# Upazila names that occur in more than one district of the country: their office codes carry the district,
# so that adding the other divisions' upazilas later never renames an office already seeded.
SHARED_UPAZILA_NAMES = frozenset({"Kaliganj", "Kishoreganj", "Nawabganj", "Phulbari", "Pirganj"})


def slug(name_en: str) -> str:
    """Office-code slug: Cox's Bazar -> coxs-bazar, Panchagarh Sadar -> panchagarh-sadar."""
    kept = "".join(ch if ch.isalnum() else " " for ch in name_en.lower().replace("'", ""))
    return "-".join(kept.split())


def division_by_code(code: str) -> Division:
    return next(d for d in DIVISIONS if d.code == code)


def district_by_code(code: str) -> District:
    return next(d for d in DISTRICTS if d.code == code)


def districts_of(division: Division) -> list[District]:
    return [d for d in DISTRICTS if d.division_code == division.code]


def upazilas_of(district: District) -> list[Upazila]:
    return [u for u in UPAZILAS if u.district_code == district.code]


def division_office_code(division: Division) -> str:
    return f"div-{slug(division.name_en)}"


def district_office_code(district: District) -> str:
    return f"dist-{slug(district.name_en)}"


def upazila_office_code(upazila: Upazila) -> str:
    code = f"upz-{slug(upazila.name_en)}"
    if upazila.name_en in SHARED_UPAZILA_NAMES:
        code += "-" + slug(district_by_code(upazila.district_code).name_en)
    return code
