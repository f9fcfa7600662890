"""Imports every area's models, so that the metadata Alembic compares against is complete."""

from app.auth.models import ApiToken, User  # noqa: F401
from app.committees.models import Committee, Seat  # noqa: F401
from app.core.audit import AuditLog  # noqa: F401
from app.core.dataversion import DataVersion  # noqa: F401
from app.indicators.models import (  # noqa: F401
    Achievement,
    Activity,
    DigitizedService,
    ENothiFigures,
    Evidence,
    Indicator,
    Plan,
    PortalUpdate,
    Report,
)
from app.meetings.models import (  # noqa: F401
    ActionItem,
    ActionNote,
    AgendaItem,
    Attendee,
    Decision,
    Implementer,
    Meeting,
    MinutesAmendment,
    MinutesRevision,
)
from app.memos.models import (  # noqa: F401
    Delivery,
    DeliveryForward,
    Memo,
    MemoAttachment,
    MemoCounter,
    MemoEmail,
    MemoFile,
    MemoRecipient,
    MemoReference,
    MemoTemplate,
)
from app.org.models import Branch, Office, Officer, Post, PostHolding  # noqa: F401
