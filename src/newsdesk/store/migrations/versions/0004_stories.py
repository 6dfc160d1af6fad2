"""story links (related, split, merged) and story facts

Revision ID: 0004
Revises: 0003
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('story_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_links_story_id_stories')),
    sa.ForeignKeyConstraint(['other_id'], ['stories.id'], name=op.f('fk_story_links_other_id_stories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_links'))
    )
    op.create_index('ix_story_links_story_id', 'story_links', ['story_id'], unique=False)
    op.create_index('ix_story_links_other_id', 'story_links', ['other_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_story_links_other_id', table_name='story_links')
    op.drop_index('ix_story_links_story_id', table_name='story_links')
    op.drop_table('story_links')
