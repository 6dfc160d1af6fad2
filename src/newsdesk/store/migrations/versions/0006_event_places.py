"""event places: one row per place an event names, with its entity, for the events table's filter

Existing events are filled in from their ``slots`` JSON; a place resolves to the entity of a mention
of the same article with the same text (as :meth:`FactsStore.add_facts` does for new events).

Revision ID: 0006
Revises: 0005
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

BATCH = 5000  # events read and place rows written per round trip


def upgrade() -> None:
    op.create_table('event_places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('place', sa.Text(), nullable=False),
    sa.Column('place_id', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_places_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_places'))
    )
    _fill(op.get_bind())
    op.create_index('ix_event_places_event_id', 'event_places', ['event_id'], unique=False)
    op.create_index('ix_event_places_place_id', 'event_places', ['place_id'], unique=False)


def _fill(conn) -> None:
    meta = sa.MetaData()
    events = sa.Table('events', meta, sa.Column('id', sa.Integer), sa.Column('article_id', sa.Integer),
                      sa.Column('slots', sa.JSON))
    mentions = sa.Table('mentions', meta, sa.Column('article_id', sa.Integer), sa.Column('entity_id', sa.String),
                        sa.Column('text', sa.Text))
    places = sa.Table('event_places', meta, sa.Column('event_id', sa.Integer), sa.Column('place', sa.Text),
                      sa.Column('place_id', sa.String))
    last = 0
    while True:
        rows = conn.execute(sa.select(events.c.id, events.c.article_id, events.c.slots)
                            .where(events.c.id > last).order_by(events.c.id).limit(BATCH)).all()
        if not rows:
            return
        last = rows[-1].id
        named = {(m.article_id, m.text): m.entity_id for m in conn.execute(
            sa.select(mentions.c.article_id, mentions.c.text, mentions.c.entity_id)
            .where(mentions.c.article_id.in_({r.article_id for r in rows}), mentions.c.entity_id.is_not(None)))}
        out = [{"event_id": r.id, "place": str(place), "place_id": named.get((r.article_id, str(place)))}
               for r in rows for place in _places(r.slots)]
        if out:
            conn.execute(sa.insert(places), out)


def _places(slots) -> list:
    place = (slots or {}).get("place") if isinstance(slots, dict) else None
    if isinstance(place, str):
        return [place]
    return [p for p in place or [] if isinstance(p, str) and p.strip()]


def downgrade() -> None:
    op.drop_index('ix_event_places_place_id', table_name='event_places')
    op.drop_index('ix_event_places_event_id', table_name='event_places')
    op.drop_table('event_places')
