"""reviews of the digitized services, dated, for the rule digitized_services

Revision ID: bcccd9045c9a
Revises: a7c3e9f1b2d4
Create Date: 2026-12-07 00:00:53.537463

"""
from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'bcccd9045c9a'
down_revision = 'a7c3e9f1b2d4'
branch_labels = None
depends_on = None

DHAKA = ZoneInfo("Asia/Dhaka")


def upgrade():
    op.create_table('digitized_service_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('added', 'updated', 'confirmed', 'stopped', name='servicereviewkind', native_enum=False, length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_digitized_service_reviews_created_by_id_users')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_digitized_service_reviews_office_id_offices')),
    sa.ForeignKeyConstraint(['service_id'], ['digitized_services.id'], name=op.f('fk_digitized_service_reviews_service_id_digitized_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digitized_service_reviews'))
    )
    with op.batch_alter_table('digitized_service_reviews', schema=None) as batch_op:
        batch_op.create_index('ix_digitized_service_reviews_office_date', ['office_id', 'reviewed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_digitized_service_reviews_service_id'), ['service_id'], unique=False)

    _review_existing_services(op.get_bind())


def _moment(value):
    """A stored timestamp as an aware UTC moment (SQLite hands back the UTC fields without their zone)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _review_existing_services(bind):
    """Data: the reviews the services' rows still tell of (the dates the rule read until now, taken in
    Dhaka). One "added" at created_at's date and, when updated_at falls on a later date, one "updated" then;
    a service not running today was stopped by its last change: "stopped" instead of that "updated", or
    instead of the "added" when it was not changed on a later date, so that no quarter after it stopped
    counts. Who changed a row is not kept on it: the "updated" and "stopped" reviews of a later date name
    nobody. Plain tables, not the models: this revision's columns only. The plans' derived figures are left
    as they are: the next review in an office re-derives its plans of that year and the year before."""
    services = sa.table(
        'digitized_services',
        sa.column('id', sa.Integer()),
        sa.column('office_id', sa.Integer()),
        sa.column('is_running', sa.Boolean()),
        sa.column('created_by_id', sa.Integer()),
        sa.column('created_at', sa.DateTime(timezone=True)),
        sa.column('updated_at', sa.DateTime(timezone=True)),
    )
    reviews = sa.table(
        'digitized_service_reviews',
        sa.column('service_id', sa.Integer()),
        sa.column('office_id', sa.Integer()),
        sa.column('reviewed_on', sa.Date()),
        sa.column('kind', sa.String(16)),
        sa.column('created_by_id', sa.Integer()),
        sa.column('created_at', sa.DateTime(timezone=True)),
    )
    rows = []
    for service in bind.execute(sa.select(services).order_by(services.c.id)).all():
        created = _moment(service.created_at)
        updated = _moment(service.updated_at) if service.updated_at is not None else created
        added_on, updated_on = created.astimezone(DHAKA).date(), updated.astimezone(DHAKA).date()
        common = {'service_id': service.id, 'office_id': service.office_id}
        added = {**common, 'reviewed_on': added_on, 'kind': 'added', 'created_by_id': service.created_by_id,
                 'created_at': created}
        later = {**common, 'reviewed_on': updated_on, 'kind': 'updated' if service.is_running else 'stopped',
                 'created_by_id': None, 'created_at': updated}
        if updated_on > added_on:
            rows += [added, later]
        elif service.is_running:
            rows.append(added)
        else:  # entered as not running, or stopped the day it was entered
            rows.append({**added, 'kind': 'stopped'})
    if rows:
        bind.execute(sa.insert(reviews), rows)


def downgrade():
    with op.batch_alter_table('digitized_service_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digitized_service_reviews_service_id'))
        batch_op.drop_index('ix_digitized_service_reviews_office_date')

    op.drop_table('digitized_service_reviews')
