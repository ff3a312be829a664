"""outbox: outgoing_email

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 08:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import matchmaker.core.extensions


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outgoing_email',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', matchmaker.core.extensions.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', matchmaker.core.extensions.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', matchmaker.core.extensions.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_outgoing_email_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_email'))
    )
    with op.batch_alter_table('outgoing_email', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_email_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_email_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_email_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outgoing_email', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_email_user_id'))
        batch_op.drop_index(batch_op.f('ix_outgoing_email_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_outgoing_email_created_at'))

    op.drop_table('outgoing_email')
