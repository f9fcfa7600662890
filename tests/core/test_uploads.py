"""Uploads are judged by their content: disguised, empty, oversize and zip-bomb files are refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from app.core import uploads
from app.core.errors import DomainError

PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [3 0 R 4 0 R] /Count 2>> endobj\n"
    b"3 0 obj <</Type /Page /Parent 2 0 R>> endobj\n4 0 obj <</Type /Page /Parent 2 0 R>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def _docx() -> bytes:
    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def test_pdf_is_accepted_with_its_page_count():
    checked = uploads.check_upload("প্রতিবেদন.pdf", PDF)
    assert checked.content_type == "application/pdf"
    assert checked.pages == 2
    assert checked.filename == "প্রতিবেদন.pdf"


def test_png_named_pdf_is_refused_as_disguised(app):
    with pytest.raises(DomainError) as refused:
        uploads.check_upload("scan.pdf", PNG)
    assert "PNG" in str(refused.value.message)


def test_file_without_extension_is_named_by_its_content():
    checked = uploads.check_upload("scan", PNG)
    assert checked.content_type == "image/png" and checked.filename == "scan.png"


def test_word_file_is_recognised_inside_its_zip():
    checked = uploads.check_upload("chhok.docx", _docx())
    assert checked.extension == "docx"


@pytest.mark.parametrize(
    "name,data",
    [
        ("notes.pdf", "এটি একটি টেক্সট ফাইল".encode()),
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        ("archive.docx", b"PK\x03\x04" + b"garbage" * 10),
        ("empty.pdf", b""),
    ],
)
def test_disguised_or_empty_files_are_refused(app, name, data):
    with pytest.raises(DomainError):
        uploads.check_upload(name, data)


def test_plain_zip_that_is_not_office_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(DomainError):
        uploads.check_upload("x.docx", buffer.getvalue())


def test_oversize_file_is_refused(app):
    limit = app.config["UPLOAD_MAX_BYTES"]
    with pytest.raises(DomainError):
        uploads.check_upload("big.pdf", PDF + b"0" * limit)


def test_zip_bomb_is_refused_before_anything_parses_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w/>")
        archive.writestr("word/media/bomb.bin", b"\x00" * (uploads.MAX_INFLATED_BYTES + 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024  # small on the wire
    with pytest.raises(DomainError):
        uploads.check_upload("bomb.docx", data)


def test_safe_filename_keeps_bangla_and_drops_paths():
    assert uploads.safe_filename("../../etc/passwd") == "passwd"
    assert uploads.safe_filename("সভার নোটিশ (১).pdf") == "সভার_নোটিশ_১_.pdf"


def test_store_writes_once_by_content_hash(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    try:
        checked = uploads.check_upload("a.pdf", PDF)
        first = uploads.store("memos", checked, PDF)
        second = uploads.store("memos", checked, PDF)
        assert first == second
        assert uploads.read(first) == PDF
    finally:
        app.config["UPLOAD_FOLDER"] = None
