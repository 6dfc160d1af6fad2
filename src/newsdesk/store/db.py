"""The store: one SQLite file by default, any SQLAlchemy URL otherwise.

Opening a store applies every pending migration. All queries are built with
SQLAlchemy expressions: no SQL is assembled from strings.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import threading
import zlib
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, SQLAlchemyError

from newsdesk.errors import NotFound, RecordRefused, StoreError, WriteConflict
from newsdesk.records import Article, Paragraph, SourceInfo, Story, StoryArticle
from newsdesk.store.batch import BatchStore
from newsdesk.store.dialect import engine_options, upsert
from newsdesk.store.facts import FactsStore
from newsdesk.store.web import WebStore
from newsdesk.store.sources import SourcesStore
from newsdesk.store.stories import StoriesStore
from newsdesk.store.schema import articles, documents, runs, state, stories, story_history

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

MIGRATIONS = Path(__file__).parent / "migrations"


POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def database_url(db: str) -> str:
    """A file path becomes a SQLite URL; ``postgresql://`` gets the psycopg 3 driver; other URLs pass through."""
    for scheme in POSTGRES_SCHEMES:
        if db.startswith(scheme):
            return "postgresql+psycopg://" + db[len(scheme):]
    if "://" in db:
        return db
    path = Path(db).expanduser()
    if path.parent and not path.parent.exists():
        raise StoreError(f"folder {path.parent} for database {db} does not exist", "create it first")
    return f"sqlite:///{path.resolve()}"


def utc(dt: datetime | None) -> datetime | None:
    """Datetimes are stored in UTC; SQLite hands them back naive."""
    if dt is None:
        return None
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def now() -> datetime:
    return datetime.now(timezone.utc)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# Alembic's command API keeps its context in module globals: two threads migrating at once
# (two Stores opened by a web server's threads) break each other. One at a time.
_MIGRATE_LOCK = threading.Lock()


def migrate(engine: Engine, revision: str = "head") -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with _MIGRATE_LOCK, engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def _source_json(source: SourceInfo) -> dict[str, Any]:
    return {"kind": source.kind, "location": source.location, "container": source.container, "offset": source.offset}


def _article_from_row(row: Any) -> Article:
    src = row.source or {}
    return Article(
        id=row.id,
        url=row.url,
        canonical_url=row.canonical_url,
        title=row.title,
        lead=row.lead,
        text=row.text,
        paragraphs=tuple(Paragraph(p.get("text", ""), p.get("language")) for p in row.paragraphs),
        published=utc(row.published),
        authors=tuple(row.authors or ()),
        site=row.site,
        language=row.language,
        language_confidence=row.language_confidence,
        content_hash=row.content_hash,
        simhash=row.simhash,
        categories=tuple(row.categories or ()),
        source=SourceInfo(src.get("kind", "file"), src.get("location", ""), src.get("container"), src.get("offset")),
        raw_hash=row.raw_hash,
    )


class Store(FactsStore, SourcesStore, WebStore, StoriesStore, BatchStore):
    """Reads and writes newsdesk's tables."""

    def __init__(self, db: str, create: bool = True) -> None:
        self.url = database_url(db)
        if not create and self.url.startswith("sqlite:///") and not Path(self.url[10:]).exists():
            raise StoreError(f"database {db} does not exist", "run `newsdesk run --input ... --db` first")
        try:
            self.engine = create_engine(self.url, **engine_options(self.url))
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            migrate(self.engine)
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot open database {db}: {exc}", "check the path or URL given to --db") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(f"database write failed: {exc.orig}") from exc
        except IntegrityError as exc:  # rolled back: a unique key another writer took meanwhile
            raise WriteConflict(f"another writer stored the same record first: {exc.orig}",
                                "decide again against what is stored now") from exc
        except (OverflowError, DataError) as exc:  # rolled back; the database is fine, the values are not
            raise RecordRefused(f"the database refused a value: {exc}") from exc

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold the installation-wide lock ``name`` (waiting for it) while the block runs: one
        process at a time does the work it guards (story grouping), whichever command runs it.

        SQLite: ``flock`` on a file beside the database; PostgreSQL: a session advisory lock. Both
        are released by the operating system or the server when the holder dies, so a killed run
        never leaves the lock taken."""
        if self.engine.dialect.name == "postgresql":
            key = zlib.crc32(f"newsdesk:{name}".encode()) - 2**31  # a signed 32-bit advisory key
            with self.engine.connect() as conn:
                conn.execute(select(func.pg_advisory_lock(key)))
                try:
                    yield
                finally:
                    conn.execute(select(func.pg_advisory_unlock(key)))
                    conn.commit()
            return
        path = self.engine.url.database
        if not path or path == ":memory:":  # one process by definition
            yield
            return
        with open(f"{path}.{name}.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # documents -------------------------------------------------------------------------
    def document_seen(self, location: str, raw: str) -> bool:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(documents.c.id).where(documents.c.location == location, documents.c.raw_hash == raw)
            ).first()
        return row is not None

    def record_document(self, conn: Connection, source: SourceInfo, raw: str, status: str, **values: Any) -> None:
        conn.execute(
            insert(documents).values(
                location=source.describe(),
                raw_hash=raw,
                source_kind=source.kind,
                container=source.container,
                offset=source.offset,
                status=status,
                seen_at=now(),
                **values,
            )
        )

    # articles --------------------------------------------------------------------------
    def add_article(self, conn: Connection, article: Article) -> int:
        result = conn.execute(
            insert(articles).values(
                url=article.url,
                canonical_url=article.canonical_url,
                title=article.title,
                lead=article.lead,
                text=article.text,
                paragraphs=[{"text": p.text, "language": p.language} for p in article.paragraphs],
                published=utc(article.published),
                authors=list(article.authors),
                site=article.site,
                language=article.language,
                language_confidence=article.language_confidence,
                content_hash=article.content_hash,
                simhash=article.simhash,
                categories=list(article.categories),
                source=_source_json(article.source),
                raw_hash=article.raw_hash,
                created_at=now(),
            )
        )
        return int(result.inserted_primary_key[0])

    def article_id_by_url(self, conn: Connection, url: str) -> int | None:
        row = conn.execute(select(articles.c.id).where(articles.c.url == url)).first()
        return row.id if row else None

    def article_id_by_raw_hash(self, raw: str) -> int | None:
        """The article that a document with these exact bytes became or copies, if any."""
        query = (
            select(documents.c.article_id)
            .where(documents.c.raw_hash == raw, documents.c.article_id.is_not(None))
            .limit(1)
        )
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def signatures(self, after: int = 0) -> list[tuple[int, str, int]]:
        """(id, content hash, simhash) of every stored article, or of those stored after id ``after``
        (what another process added since this one last looked)."""
        query = select(articles.c.id, articles.c.content_hash, articles.c.simhash)
        if after:
            query = query.where(articles.c.id > after)
        with self.engine.connect() as conn:
            return [(r.id, r.content_hash, r.simhash) for r in conn.execute(query)]

    def article_text(self, article_id: int) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(articles.c.text).where(articles.c.id == article_id)).scalar()

    def articles(self, ids: list[int] | None = None, story_id: int | None = None,
                 unassigned: bool = False) -> list[Article]:
        query = select(articles).order_by(articles.c.published.nulls_first(), articles.c.id)
        if unassigned:
            query = query.where(articles.c.story_id.is_(None))
        if ids is not None:
            query = query.where(articles.c.id.in_(ids))
        if story_id is not None:
            query = query.where(articles.c.story_id == story_id)
        with self.engine.connect() as conn:
            return [_article_from_row(r) for r in conn.execute(query)]

    def article_story_ids(self, article_ids: list[int]) -> dict[int, int | None]:
        """Article id -> its story id (None: not in a story yet)."""
        query = select(articles.c.id, articles.c.story_id).where(articles.c.id.in_(article_ids))
        with self.engine.connect() as conn:
            return {r.id: r.story_id for r in conn.execute(query)}

    def count(self, table: str) -> int:
        tables = {"articles": articles, "stories": stories, "documents": documents, "runs": runs}
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(tables[table])).scalar_one())

    def duplicates_of(self, article_id: int) -> list[dict[str, Any]]:
        query = select(documents).where(documents.c.article_id == article_id, documents.c.status == "duplicate")
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def article_urls(self, article_id: int) -> set[str]:
        """Every URL an article was read under (its own and its copies')."""
        query = select(documents.c.url).where(documents.c.article_id == article_id, documents.c.url.is_not(None))
        with self.engine.connect() as conn:
            return {r.url for r in conn.execute(query)}

    def document_stories(self) -> dict[str, int | None]:
        """URL of every article and of every document read (copies too) -> story of its article."""
        query = (
            select(documents.c.url, articles.c.story_id)
            .join(articles, documents.c.article_id == articles.c.id)
            .where(documents.c.url.is_not(None))
        )
        with self.engine.connect() as conn:
            found = {r.url: r.story_id for r in conn.execute(query)}
            found.update({r.url: r.story_id for r in conn.execute(select(articles.c.url, articles.c.story_id))})
        return found

    # stories ---------------------------------------------------------------------------
    def open_stories(self) -> list[dict[str, Any]]:
        query = select(stories).where(stories.c.status == "open").order_by(stories.c.id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def create_story(self, conn: Connection, title: str, at: datetime | None, summary: dict[str, Any]) -> int:
        stamp = now()
        result = conn.execute(
            insert(stories).values(
                title=title, status="open", first_seen=utc(at), last_seen=utc(at), state=summary,
                created_at=stamp, updated_at=stamp,
            )
        )
        return int(result.inserted_primary_key[0])

    def update_story(self, conn: Connection, story_id: int, **values: Any) -> None:
        for key in ("first_seen", "last_seen"):
            if key in values:
                values[key] = utc(values[key])
        conn.execute(update(stories).where(stories.c.id == story_id).values(updated_at=now(), **values))

    def assign(self, conn: Connection, article_id: int, story_id: int, action: str, score: float | None) -> None:
        conn.execute(update(articles).where(articles.c.id == article_id).values(story_id=story_id))
        conn.execute(
            insert(story_history).values(story_id=story_id, action=action, article_id=article_id, score=score, at=now())
        )

    def close_stories(self, conn: Connection, story_ids: list[int]) -> None:
        if story_ids:
            conn.execute(update(stories).where(stories.c.id.in_(story_ids)).values(status="closed", updated_at=now()))

    def stories(self, story_id: int | None = None) -> list[Story]:
        query = select(stories).order_by(stories.c.id)
        if story_id is not None:
            query = query.where(stories.c.id == story_id)
        art = select(
            articles.c.id, articles.c.url, articles.c.title, articles.c.language, articles.c.published,
            articles.c.site, articles.c.story_id,
        ).where(articles.c.story_id.is_not(None)).order_by(articles.c.published.nulls_first(), articles.c.id)
        if story_id is not None:
            art = art.where(articles.c.story_id == story_id)
        with self.engine.connect() as conn:
            members: dict[int, list[StoryArticle]] = {}
            for r in conn.execute(art):
                members.setdefault(r.story_id, []).append(
                    StoryArticle(r.id, r.url, r.title, r.language, utc(r.published), r.site)
                )
            result = []
            for s in conn.execute(query):
                items = tuple(members.get(s.id, ()))
                if not items:
                    continue
                result.append(
                    Story(
                        id=s.id,
                        title=s.title,
                        articles=items,
                        languages=tuple(sorted({a.language for a in items if a.language})),
                        first_seen=utc(s.first_seen),
                        last_seen=utc(s.last_seen),
                        status=s.status,
                    )
                )
        return result

    def story(self, story_id: int) -> Story:
        found = self.stories(story_id)
        if not found:
            raise NotFound(f"story {story_id} does not exist", "list stories with `newsdesk stories --db DB`")
        return found[0]

    # state -----------------------------------------------------------------------------
    def get_state(self, key: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(select(state.c.value).where(state.c.key == key)).scalar()

    def put_state(self, conn: Connection, key: str, value: Any) -> None:
        stamp = now()
        conn.execute(
            upsert(conn, state).values(key=key, value=value, updated_at=stamp)
            .on_conflict_do_update(index_elements=[state.c.key], set_={"value": value, "updated_at": stamp})
        )

    # runs ------------------------------------------------------------------------------
    # A run row is written when a run starts (with its owner: pid, host and the process's start
    # time, in ``report`` until the run ends) and again when it ends (``finished_at`` and the
    # report). A row without ``finished_at`` whose owner process is gone was interrupted (killed);
    # its status says so when read, nothing rewrites it.
    def start_run(self, inputs: list[str]) -> int:
        with self.transaction() as conn:
            result = conn.execute(insert(runs).values(started_at=now(), inputs=inputs, report={"owner": run_owner()}))
            return int(result.inserted_primary_key[0])

    def finish_run(self, run_id: int, report: dict[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(finished_at=now(), report=report))

    def fail_run(self, run_id: int, error: str, report: dict[str, Any] | None = None) -> None:
        """End a run that raised: its status reads ``failed`` with ``error`` as the reason."""
        self.finish_run(run_id, {**(report or {}), "error": error[:2000]})

    def recent_runs(self, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Runs, newest first, each as :func:`run_view` shows it."""
        query = select(runs).order_by(runs.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [run_view(r) for r in conn.execute(query)]

    def run_record(self, run_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(runs).where(runs.c.id == run_id)).first()
        if row is None:
            raise NotFound(f"run {run_id} does not exist", "list runs with GET /api/runs")
        return run_view(row)


def _process_start(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks after boot, Linux ``/proc``); None where unknown or gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def run_owner() -> dict[str, Any]:
    """This process, as recorded in a run row until the run ends."""
    return {"pid": os.getpid(), "host": socket.gethostname(), "started": _process_start(os.getpid())}


def owner_alive(owner: dict[str, Any]) -> bool:
    """Whether the process that started a run still runs. Checked by pid (and, on Linux, its start
    time, so a reused pid does not count); a run owned by another host cannot be checked: alive."""
    if owner.get("host") != socket.gethostname():
        return True
    pid = owner.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    if owner.get("started") is not None and Path("/proc").is_dir():
        return _process_start(pid) == owner["started"]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def run_status(finished_at: datetime | None, report: dict[str, Any] | None) -> str:
    """``running``, ``finished``, ``failed`` or ``interrupted`` (unfinished, its process is gone)."""
    report = report or {}
    if finished_at is None:
        owner = report.get("owner")
        return "running" if isinstance(owner, dict) and owner_alive(owner) else "interrupted"
    if report.get("error"):
        return "failed"
    return "interrupted" if report.get("interrupted") else "finished"


def _public_input(value: Any) -> str:
    """A run's input as anyone may read it: a web address as it is, a local path only by its file
    name (readers of the API need not learn how the server's disks are laid out)."""
    text = str(value)
    if text.startswith(("http://", "https://")):
        return text
    return "local: " + (Path(text).name or text)


def run_view(row: Any) -> dict[str, Any]:
    """A run row as the API shows it: status, times, inputs, the report's counts (none while unfinished)."""
    report = row.report if isinstance(row.report, dict) else {}
    finished = row.finished_at is not None
    return {
        "id": row.id,
        "status": run_status(row.finished_at, report),
        "started_at": utc(row.started_at),
        "finished_at": utc(row.finished_at),
        "inputs": [_public_input(i) for i in list(row.inputs or [])[:50]],
        "seconds": report.get("seconds") if finished else None,
        "counts": report.get("counts", {}) if finished else {},
        "rejects": report.get("rejects", {}) if finished else {},
        "error": report.get("error") or report.get("interrupted") or None,
    }
