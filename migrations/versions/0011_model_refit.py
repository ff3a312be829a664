"""a published model version may be a refit of an earlier one

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 21:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('model_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('based_on', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('model_version', schema=None) as batch_op:
        batch_op.drop_column('based_on')
