"""stored scores of the plans in use, per quarter, for the roll-up

Revision ID: a7c3e9f1b2d4
Revises: b4d8f2a6c1e9
Create Date: 2026-12-06 21:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b2d4'
down_revision = 'b4d8f2a6c1e9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plan_scores',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('total_weight', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('total_score', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('achievement_percent', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_scores_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', 'quarter', name=op.f('pk_plan_scores'))
    )
    op.create_table('plan_indicator_scores',
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('achieved_number', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('achieved_date', sa.Date(), nullable=True),
    sa.Column('percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('score', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('due', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['plan_indicators.id'], name=op.f('fk_plan_indicator_scores_indicator_id_plan_indicators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_indicator_scores_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('indicator_id', 'quarter', name=op.f('pk_plan_indicator_scores'))
    )
    with op.batch_alter_table('plan_indicator_scores', schema=None) as batch_op:
        batch_op.create_index('ix_plan_indicator_scores_plan_quarter', ['plan_id', 'quarter'], unique=False)

    # Data: the plans already in use, scored as the services score them from now on. fill_scores() reads and
    # writes only the columns of this revision (plans, plan_indicators, plan_achievements and the two tables).
    from app.indicators.scores import fill_scores

    fill_scores(op.get_bind())


def downgrade():
    with op.batch_alter_table('plan_indicator_scores', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_indicator_scores_plan_quarter')

    op.drop_table('plan_indicator_scores')
    op.drop_table('plan_scores')
