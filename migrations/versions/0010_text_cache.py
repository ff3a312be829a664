"""profiles keep their text as the partner model reads it (normalised when saved)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 20:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

TABLES = ('small_business', 'company', 'subcontracting_need', 'mentoring_programme')


def upgrade():
    # Left empty: the next fit normalises what has no cache, as it did before, and every
    # save fills it from then on (ml.docs; matchmaker.profiles.models._cache_text).
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('text_cache', sa.JSON(), nullable=True))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('text_cache')
