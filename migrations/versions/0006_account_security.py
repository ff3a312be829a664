"""account security: API tokens' last use and client, per-address login throttle

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 08:40:00

"""
from alembic import op
import sqlalchemy as sa

import matchmaker.core.extensions


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_used_at', matchmaker.core.extensions.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('client', sa.String(length=120), nullable=False, server_default=''))

    op.create_table('login_throttle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address_digest', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', matchmaker.core.extensions.UTCDateTime(timezone=True), nullable=False),
    sa.Column('locked_until', matchmaker.core.extensions.UTCDateTime(timezone=True), nullable=True),
    sa.Column('lockouts', sa.Integer(), nullable=False),
    sa.Column('updated_at', matchmaker.core.extensions.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttle')),
    sa.UniqueConstraint('address_digest', name=op.f('uq_login_throttle_address_digest'))
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_updated_at'), ['updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_updated_at'))

    op.drop_table('login_throttle')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('client')
        batch_op.drop_column('last_used_at')
