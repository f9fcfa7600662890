"""Uploaded files: type checked by content (not by name), size capped, zip bombs refused, stored under
instance/."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError

# What offices attach to letters and keep as evidence: scans, photos, Word and Excel files.
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
_ZIP_MEMBER_FOR = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
# A Word or Excel file whose members inflate beyond this is refused before anything parses it.
MAX_INFLATED_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    content_type: str
    extension: str
    size: int
    sha256: str
    pages: int | None


def safe_filename(name: str) -> str:
    """Keep letters of any script, digits, dot, dash and underscore; Bangla names stay readable."""
    name = unicodedata.normalize("NFC", Path((name or "").replace("\\", "/")).name)
    # Letters (L), marks (M: Bangla vowel signs and the hasanta) and numbers (N) stay; the rest becomes "_".
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" or c in ".-_" else "_" for c in name)
    return re.sub(r"_+", "_", kept).strip("._")[:200] or "file"


def _zip_kind(data: bytes) -> str | None:
    """'docx' or 'xlsx' for an Office Open XML file that is not a zip bomb; None otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = 0
            for info in archive.infolist():
                # Read in chunks and count real bytes: the sizes in the header can lie.
                with archive.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        total += len(chunk)
                        if total > MAX_INFLATED_BYTES:
                            raise DomainError(
                                _l("The file unpacks to far more than its size; it was refused.")
                            )
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError):
        return None
    for kind, member in _ZIP_MEMBER_FOR.items():
        if member in names:
            return kind
    return None


def _pdf_pages(data: bytes) -> int | None:
    count = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    return count or None


def check_upload(filename: str, data: bytes, *, allowed: dict[str, str] = DOCUMENT_TYPES) -> CheckedUpload:
    """Refuse an empty, oversize or disguised file with a message in the user's language."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if not data:
        raise DomainError(_l("The file is empty."))
    if len(data) > limit:
        raise DomainError(
            _l("The file is larger than %(size)s MB.", size=limit // (1024 * 1024)),
        )
    guess = filetype.guess(data)
    mime = guess.mime if guess else ""
    extension = guess.extension if guess else ""
    if mime == "application/zip" or data[:4] == b"PK\x03\x04":
        extension = _zip_kind(data) or ""
        mime = next((m for m, ext in allowed.items() if ext == extension), "")
    if mime not in allowed:
        raise DomainError(
            _l("This kind of file cannot be attached. Use PDF, JPEG, PNG, Word or Excel files.")
        )
    extension = allowed[mime]
    claimed = Path(filename or "").suffix.lower().lstrip(".")
    claimed = "jpg" if claimed == "jpeg" else claimed
    if claimed in set(DOCUMENT_TYPES.values()) and claimed != extension:
        # A file whose name and content disagree was renamed to slip past a check: refuse it outright.
        raise DomainError(
            _l(
                "The file is named .%(claimed)s but holds a %(actual)s file; it was refused.",
                claimed=claimed,
                actual=extension.upper(),
            )  # fmt: skip
        )
    pages = _pdf_pages(data) if extension == "pdf" else (1 if extension in ("jpg", "png") else None)
    name = safe_filename(filename)
    if not name.lower().endswith(f".{extension}"):
        name = f"{Path(name).stem or 'file'}.{extension}"
    return CheckedUpload(name, mime, extension, len(data), hashlib.sha256(data).hexdigest(), pages)


def store(area: str, checked: CheckedUpload, data: bytes) -> str:
    """Write the bytes under instance/uploads/<area>/ (named by content hash) and return the relative path."""
    relative = Path(area) / checked.sha256[:2] / f"{checked.sha256}.{checked.extension}"
    path = upload_root() / relative
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return str(relative)


def upload_root() -> Path:
    return Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")


def read(relative: str) -> bytes:
    return (upload_root() / relative).read_bytes()
