"""data version for the page cache; indexes in the inbox's and the sent register's order

Revision ID: e5a0c1d2b3f4
Revises: db874266cbf1
Create Date: 2026-12-06 18:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a0c1d2b3f4'
down_revision = 'db874266cbf1'
branch_labels = None
depends_on = None


def upgrade():
    data_version = op.create_table(
        'data_version',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('n', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version')),
    )
    # The one row every committed write bumps (app/core/dataversion.py).
    op.bulk_insert(data_version, [{'id': 1, 'n': 0}])
    with op.batch_alter_table('memo_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_memo_deliveries_office_delivered', ['office_id', 'delivered_at', 'id'], unique=False)
    with op.batch_alter_table('memos', schema=None) as batch_op:
        batch_op.create_index(
            'ix_memos_office_status_issued_on', ['office_id', 'status', 'issued_on', 'serial', 'id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('memos', schema=None) as batch_op:
        batch_op.drop_index('ix_memos_office_status_issued_on')
    with op.batch_alter_table('memo_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_memo_deliveries_office_delivered')
    op.drop_table('data_version')
