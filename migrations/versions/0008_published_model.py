"""published partner model: versions and their file in chunks, shared by every app server

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 20:20:00

"""
from alembic import op
import sqlalchemy as sa

import matchmaker.core.extensions


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

UTC = matchmaker.core.extensions.UTCDateTime(timezone=True)


def upgrade():
    op.create_table('model_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'training', 'ready', 'failed', 'pruned', name='versionstatus', native_enum=False, length=16), nullable=False),
    sa.Column('queued_at', UTC, nullable=False),
    sa.Column('started_at', UTC, nullable=True),
    sa.Column('trained_at', UTC, nullable=True),
    sa.Column('stage', sa.String(length=200), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('businesses', sa.Integer(), nullable=False),
    sa.Column('offers', sa.Integer(), nullable=False),
    sa.Column('decisions', sa.Integer(), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('chunks', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_model_version_requested_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_model_version')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('model_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_model_version_status'), ['status'], unique=False)

    op.create_table('model_chunk',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['model_version.id'], name=op.f('fk_model_chunk_version_id_model_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('version_id', 'seq', name=op.f('pk_model_chunk'))
    )


def downgrade():
    op.drop_table('model_chunk')
    with op.batch_alter_table('model_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_model_version_status'))
    op.drop_table('model_version')
