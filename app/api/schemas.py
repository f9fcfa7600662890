"""The JSON shapes of the API (marshmallow): offices, branches, posts with holders, officers, the caller.

Names come in both languages (`*_bn`, `*_en`; English may be empty); dates are ISO 8601, times in UTC."""

from __future__ import annotations

from datetime import UTC

import marshmallow as ma
from marshmallow import fields, validate

from app.auth.models import Role
from app.org.models import Charge, OfficeLevel


def _doc(text: str) -> dict[str, str]:
    return {"description": text}


class OfficeSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    code = fields.String(metadata=_doc("The office's unique code."))
    level = fields.Enum(OfficeLevel, by_value=True)
    parent_id = fields.Integer(
        allow_none=True, metadata=_doc("The supervising office; null for the directorate.")
    )
    name_bn = fields.String()
    name_en = fields.String()
    place_bn = fields.String(metadata=_doc("The place line of the letterhead."))
    place_en = fields.String()
    address_bn = fields.String()
    address_en = fields.String()
    phone = fields.String()
    fax = fields.String()
    email = fields.String()
    website = fields.String()
    memo_ministry_code = fields.String(metadata=_doc("Leading segments of the office's memo numbers."))
    memo_department_code = fields.String()
    memo_geo_code = fields.String()
    is_active = fields.Boolean()
    # SQLite hands back naive datetimes: say UTC explicitly, as PostgreSQL does.
    updated_at = fields.AwareDateTime(default_timezone=UTC)


class BranchSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    office_id = fields.Integer()
    name_bn = fields.String()
    name_en = fields.String()
    memo_code = fields.String(metadata=_doc("The branch segment of memo numbers."))
    is_active = fields.Boolean()


class BranchRefSchema(ma.Schema):
    id = fields.Integer()
    name_bn = fields.String()
    name_en = fields.String()


class HolderSchema(ma.Schema):
    """A current holder of a post (dumped from a PostHolding)."""

    officer_id = fields.Integer()
    honorific_bn = fields.String(attribute="officer.honorific_bn")
    name_bn = fields.String(attribute="officer.name_bn")
    name_en = fields.String(attribute="officer.name_en")
    charge = fields.Enum(Charge, by_value=True, metadata=_doc("regular, or additional (অতিরিক্ত দায়িত্ব)."))
    start_date = fields.Date()


class PostSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    office_id = fields.Integer()
    branch = fields.Nested(BranchRefSchema, allow_none=True)
    designation_bn = fields.String()
    designation_en = fields.String()
    rank = fields.Integer(metadata=_doc("Seniority within the office: lower comes first."))
    is_head = fields.Boolean(metadata=_doc("The head of office's post."))
    is_active = fields.Boolean()
    current_holders = fields.List(fields.Nested(HolderSchema), attribute="current_holdings")


class HeldPostSchema(ma.Schema):
    """A post an officer holds now (dumped from a PostHolding)."""

    post_id = fields.Integer()
    office_id = fields.Integer(attribute="post.office_id")
    designation_bn = fields.String(attribute="post.designation_bn")
    designation_en = fields.String(attribute="post.designation_en")
    charge = fields.Enum(Charge, by_value=True)
    start_date = fields.Date()


class OfficerSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    office_id = fields.Integer(metadata=_doc("The office whose roster the officer is on."))
    honorific_bn = fields.String()
    honorific_en = fields.String()
    name_bn = fields.String()
    name_en = fields.String()
    phone = fields.String()
    email = fields.String()
    current_posts = fields.List(fields.Nested(HeldPostSchema), attribute="current_holdings")


class OfficerRefSchema(ma.Schema):
    id = fields.Integer()
    honorific_bn = fields.String()
    name_bn = fields.String()
    name_en = fields.String()


class MeSchema(ma.Schema):
    id = fields.Integer()
    username = fields.String()
    role = fields.Enum(Role, by_value=True)
    locale = fields.String()
    office = fields.Nested(OfficeSchema)
    officer = fields.Nested(OfficerRefSchema, allow_none=True)
    authenticated_by = fields.String(
        validate=validate.OneOf(["token", "session"]), metadata=_doc("How this request was authenticated.")
    )


class OfficeQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    q = fields.String(
        load_default="",
        validate=validate.Length(max=100),
        metadata=_doc("Part of the Bangla or English name, or of the code."),
    )
    level = fields.Enum(OfficeLevel, by_value=True)
    parent_id = fields.Integer(
        validate=validate.Range(min=1),
        metadata=_doc("Only the offices directly under this one."),
    )
