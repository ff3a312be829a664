"""deleted needs and programmes are kept a while so the deletion can be undone

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 12:00:00

"""
from alembic import op
import sqlalchemy as sa

import matchmaker.core.extensions


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('subcontracting_need', 'mentoring_programme'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('deleted_at', matchmaker.core.extensions.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    for table in ('mentoring_programme', 'subcontracting_need'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('deleted_at')
