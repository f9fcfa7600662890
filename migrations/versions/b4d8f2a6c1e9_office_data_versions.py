"""per-office data versions for the page cache, and the shared version row

Revision ID: b4d8f2a6c1e9
Revises: f866ed9066a8
Create Date: 2026-12-06 21:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4d8f2a6c1e9'
down_revision = 'f866ed9066a8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'office_data_versions',
        sa.Column('office_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('n', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('office_id', name=op.f('pk_office_data_versions')),
    )
    # Row 2: the all-count of the last write that was not known to concern only some offices
    # (app/core/dataversion.py). Starting it at row 1's count keeps every page cached before the upgrade a miss.
    op.execute("INSERT INTO data_version (id, n) SELECT 2, n FROM data_version WHERE id = 1")


def downgrade():
    op.execute("DELETE FROM data_version WHERE id = 2")
    op.drop_table('office_data_versions')
