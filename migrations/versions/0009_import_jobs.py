"""programme imports run as jobs: the upload holds the job's state, progress and result

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 20:30:00

"""
from alembic import op
import sqlalchemy as sa

import matchmaker.core.extensions


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pending_upload', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=12), server_default='preview', nullable=False))
        batch_op.add_column(sa.Column('accepted', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('attempt', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('stage', sa.String(length=12), server_default='', nullable=False))
        batch_op.add_column(sa.Column('rows_done', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('rows_total', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('queued_at', matchmaker.core.extensions.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('heartbeat_at', matchmaker.core.extensions.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('result', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('pending_upload', schema=None) as batch_op:
        for column in ('result', 'heartbeat_at', 'queued_at', 'rows_total', 'rows_done',
                       'stage', 'attempt', 'accepted', 'state'):
            batch_op.drop_column(column)
