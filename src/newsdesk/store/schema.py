"""The database schema (SQLAlchemy Core). Changes go through a new Alembic migration."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Every input document seen, and what became of it.
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("location", Text, nullable=False),
    Column("raw_hash", String(64), nullable=False),
    Column("source_kind", String(16), nullable=False),
    Column("container", Text),
    Column("offset", BigInteger),
    Column("url", Text),
    Column("status", String(16), nullable=False),  # article | duplicate | rejected
    Column("article_id", Integer, ForeignKey("articles.id")),
    Column("duplicate_kind", String(16)),  # exact | near | same-url
    Column("similarity", Float),
    Column("reason", String(64)),
    Column("detail", Text),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("location", "raw_hash", name="uq_documents_location_hash"),
    Index("ix_documents_raw_hash", "raw_hash"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("canonical_url", Text),
    Column("title", Text, nullable=False),
    Column("lead", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("paragraphs", JSON, nullable=False),
    Column("published", DateTime(timezone=True)),
    Column("authors", JSON, nullable=False),
    Column("site", Text),
    Column("language", String(8)),
    Column("language_confidence", Float),
    Column("content_hash", String(64), nullable=False),
    Column("simhash", BigInteger, nullable=False),
    Column("categories", JSON, nullable=False),
    Column("leftovers", JSON),
    Column("source", JSON, nullable=False),
    Column("raw_hash", String(64)),
    Column("story_id", Integer, ForeignKey("stories.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_content_hash", "content_hash"),
    Index("ix_articles_story_id", "story_id"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_raw_hash", "raw_hash"),
)

# Entities: the shipped registry's, the user's, and names found in articles.
entities = Table(
    "entities",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("kind", String(16)),
    Column("country", String(8)),
    Index("ix_entities_type", "type"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("entity_id", String(200), ForeignKey("entities.id")),
    Column("label", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_mentions_article_id", "article_id"),
    Index("ix_mentions_entity_id", "entity_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("type", String(32), nullable=False),
    Column("actor", Text),
    Column("actor_id", String(200)),
    Column("amount_value", Float),
    Column("amount_currency", String(8)),
    Column("count_min", BigInteger),
    Column("count_max", BigInteger),
    Column("date", String(16)),
    Column("evidence", Text, nullable=False),
    Column("slots", JSON, nullable=False),
    Index("ix_events_article_id", "article_id"),
    Index("ix_events_type", "type"),
    Index("ix_events_actor_id", "actor_id"),
)

# The places an event names (its "place" slot), one row each, with the entity each resolved to
# through the article's mentions: the events table filters on places by entity (any language's
# name of it) with an index, instead of a pass over every event's JSON slots.
event_places = Table(
    "event_places",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False),
    Column("place", Text, nullable=False),
    Column("place_id", String(200)),
    Index("ix_event_places_event_id", "event_id"),
    Index("ix_event_places_place_id", "place_id"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("status", String(8), nullable=False, default="open"),
    Column("first_seen", DateTime(timezone=True)),
    Column("last_seen", DateTime(timezone=True)),
    Column("state", JSON, nullable=False),  # the clusterer's summary of the story
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# What happened to stories over time: created, joined, merged, split, closed.
story_history = Table(
    "story_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=False),
    Column("action", String(16), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id")),
    Column("score", Float),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_story_history_story_id", "story_id"),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("inputs", JSON, nullable=False),
    Column("report", JSON),
)

# Small named blobs of state kept between runs (the clusterer's corpus statistics).
state = Table(
    "state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Sources that `newsdesk watch` polls, and their fetch state (migration 0003).
sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # feed | sitemap | page
    Column("every", Float, nullable=False),  # seconds between polls
    Column("title", Text),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_fetch", DateTime(timezone=True)),
    Column("last_status", String(64)),  # ok | not-modified | a Rejected reason
    Column("next_due", DateTime(timezone=True), nullable=False),
    Column("failures", Integer, nullable=False, default=0),
    Column("items", Integer, nullable=False, default=0),  # new items taken in so far
    Index("ix_sources_next_due", "next_due"),
)

# Links between stories (migration 0004): "merged" (other_id was merged into story_id),
# "split" (other_id was split off story_id), "related" (same key entities, different event).
story_links = Table(
    "story_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=False),
    Column("other_id", Integer, ForeignKey("stories.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("score", Float),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_story_links_story_id", "story_id"),
    Index("ix_story_links_other_id", "other_id"),
)

# Migration 0005: the web UI's events table sorts and filters on these. (Its full-text index, the
# FTS5 table ``articles_fts`` or a PostgreSQL GIN index, is not a Table: see store/web.py.)
Index("ix_events_date", events.c.date)
Index("ix_events_amount_value", events.c.amount_value)
Index("ix_events_actor_id_date", events.c.actor_id, events.c.date)
