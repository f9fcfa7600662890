"""Offices' own versions of the memo DOCX templates: linted before they are stored, replaced or removed
with an audit row. Like every service here, nothing commits."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.auth.models import User
from app.core import audit
from app.core.documents import (
    MEMO_REQUIRED_STYLES,
    MEMO_TEMPLATE_DIR,
    lint_template,
    load_sample,
    memo_template_variables,
)
from app.core.errors import DomainError
from app.core.permissions import can_manage_office
from app.core.uploads import safe_filename
from app.extensions import db
from app.memos.models import MemoTemplate
from app.org.models import Office

# The templates an office may replace: every memo kind prints with one of these (app.memos.documents).
TEMPLATE_NAMES: tuple[str, ...] = ("letter", "certificate")
TEMPLATE_LABELS = {"letter": _l("Letter (every kind but certificates)"), "certificate": _l("Certificate")}


class TemplateRefused(DomainError):
    """The uploaded template cannot be used; `problems` lists every reason, for the office to fix them all."""

    def __init__(self, problems: list[str]):
        super().__init__(
            _l("The template was not saved. Fix these problems and upload it again:"), field="file"
        )
        self.problems = problems


def sabha_template_path(name: str) -> Path:
    return MEMO_TEMPLATE_DIR / f"{name}.docx"


def office_template(office: Office, name: str) -> MemoTemplate | None:
    return db.session.scalar(
        select(MemoTemplate).where(MemoTemplate.office_id == office.id, MemoTemplate.name == name)
    )


def office_templates(office: Office) -> dict[str, MemoTemplate]:
    rows = db.session.scalars(select(MemoTemplate).where(MemoTemplate.office_id == office.id))
    return {row.name: row for row in rows}


def _check(office: Office, name: str, by: User) -> None:
    if not can_manage_office(by, office):
        raise DomainError(_l("Only an administrator of this office may change its templates."))
    if name not in TEMPLATE_NAMES:
        raise DomainError(_l("Unknown template."), field="name")


def template_problems(name: str, data: bytes) -> list[str]:
    """Everything wrong with `data` as the office's version of template `name`; empty when it can be used."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if not data:
        return [str(_l("The file is empty."))]
    if len(data) > limit:
        return [str(_l("The file is larger than %(size)s MB.", size=limit // (1024 * 1024)))]
    return lint_template(
        data,
        sample=load_sample(MEMO_TEMPLATE_DIR / f"{name}.yaml"),
        allowed_variables=memo_template_variables(),
        required_styles=MEMO_REQUIRED_STYLES,
    )


def store_template(office: Office, name: str, filename: str, data: bytes, *, by: User) -> MemoTemplate:
    """Lint the upload and keep it as the office's template `name`, replacing the one it had; a template with
    any problem is refused with all of them (TemplateRefused) and nothing changes."""
    _check(office, name, by)
    problems = template_problems(name, data)
    if problems:
        raise TemplateRefused(problems)
    filename = safe_filename(filename)
    if not filename.lower().endswith(".docx"):
        filename = f"{Path(filename).stem or name}.docx"
    digest = hashlib.sha256(data).hexdigest()
    template = office_template(office, name)
    before = template.filename if template else None
    if template is None:
        template = MemoTemplate(office_id=office.id, name=name)
        db.session.add(template)
    template.filename = filename
    template.data = data
    template.uploaded_by_id = by.id
    audit.record("memo_template.upload", template, by=by, office_id=office.id,
                 changes={"name": name, "filename": [before, filename], "sha256": digest})  # fmt: skip
    return template


def remove_template(office: Office, name: str, *, by: User) -> None:
    """Drop the office's own template `name`: its letters print with Sabha's again."""
    _check(office, name, by)
    template = office_template(office, name)
    if template is None:
        raise DomainError(_l("This office has no template of its own by that name."))
    audit.record("memo_template.remove", template, by=by, office_id=office.id,
                 changes={"name": name, "filename": [template.filename, None]})  # fmt: skip
    db.session.delete(template)
    db.session.flush()
