"""Story clustering: the evidence gate, near copies, merges, splits, story facts and the CLI.

Fixture (tests/data/clustering): two events written from one template in de/en/it (Borvane
builds a 3.8 bn chip plant in Trelsk; Kalvio a 7.2 bn one in Drosna), and a syndicated near
copy of the first German report.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from newsdesk.cluster.features import ArticleFeatures, features
from newsdesk.cluster.stories import StoryClusterer, StoryState, split_groups
from newsdesk.config import ClusterSettings, Settings
from newsdesk.enrich.dedup import anchor_agreement
from newsdesk.eval.clustering import evaluate_store
from newsdesk.pipeline.runner import run
from newsdesk.records import Article, SourceInfo
from newsdesk.store import Store

from conftest import DATA, invoke, stories_json

FIXTURE = DATA / "clustering"


def _articles() -> list[dict]:
    return [json.loads(line) for line in (FIXTURE / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def _article(obj: dict, i: int) -> Article:
    return Article(url=obj["url"], title=obj["title"], text=obj["text"], language=obj["language"],
                   published=datetime.fromisoformat(obj["published"]), site=obj["site"], id=i,
                   source=SourceInfo("file", str(FIXTURE / "articles.jsonl")))


@pytest.fixture(scope="module", params=["usem", "none"])
def fixture_run(request, tmp_path_factory) -> dict:
    """The fixture run with the model and without it."""
    db = tmp_path_factory.mktemp(f"cl-{request.param}") / "cl.db"
    settings = Settings(cluster=ClusterSettings(embedder=request.param))
    with Store(str(db)) as store:
        report = run([FIXTURE / "articles.jsonl"], store, settings)
        result = evaluate_store(store, json.loads((FIXTURE / "gold.json").read_text(encoding="utf-8")))
    return {"db": str(db), "report": report, "result": result, "embedder": request.param}


def test_template_twins_stay_apart_and_languages_join(fixture_run) -> None:
    result = fixture_run["result"]
    assert not result["missing"]
    assert result["overall"]["f1"] == 1.0, (fixture_run["embedder"], result)
    counts = fixture_run["report"].counts
    assert counts["duplicates (near)"] == 1  # the AlpenPost copy, not Kalvio's report
    assert counts["stories created"] == 2


def test_near_copy_needs_the_same_names_and_numbers() -> None:
    a, b, _, k, _, copy = _articles()
    assert anchor_agreement(a["text"], copy["text"], "de") >= 0.9
    assert anchor_agreement(a["text"], k["text"], "de") < 0.3
    assert anchor_agreement("nichts hier", "auch nichts", "de") == 1.0


def test_words_alone_never_join_a_story() -> None:
    de_a, _, _, de_b, _, _ = [_article(o, i) for i, o in enumerate(_articles())]
    clusterer = StoryClusterer(ClusterSettings(threshold=0.0))  # even with no threshold at all
    first = clusterer.assign(de_a)
    second = clusterer.assign(de_b)
    assert first.created and second.created
    assert clusterer.score(features(de_b), first.story) == 0.0


def test_a_strong_embedding_needs_one_shared_anchor_instead_of_two() -> None:
    vec = np.zeros(4, dtype=np.float32)
    vec[0] = 1.0
    clusterer = StoryClusterer(ClusterSettings(), with_model=True)
    story = StoryState(id=1, title="x")
    story.add(ArticleFeatures(Counter({"#3800000000": 1, "n:aaa": 1}), Counter({"word": 1}), "de", None, vec))
    near = np.array([0.95, 0.3122, 0, 0], dtype=np.float32)
    near /= np.linalg.norm(near)
    far = np.array([0.6, 0.8, 0, 0], dtype=np.float32)
    one_anchor = Counter({"#3800000000": 1, "n:bbb": 1})
    assert clusterer.score(ArticleFeatures(one_anchor, Counter(), "en", None, near), story) > 0
    assert clusterer.score(ArticleFeatures(one_anchor, Counter(), "en", None, far), story) == 0.0
    assert clusterer.score(ArticleFeatures(Counter({"n:bbb": 1}), Counter(), "en", None, near), story) == 0.0


def test_merge_and_split_keep_history(tmp_path: Path) -> None:
    items = [_article(o, i) for i, o in enumerate(_articles()[:5], start=1)]
    clusterer = StoryClusterer(ClusterSettings())
    # two halves of story A as separate stories merge; A and B forced together split
    a1, a2 = StoryState(id=None, title="a1"), StoryState(id=None, title="a2")
    a1.add(features(items[0]))
    a2.add(features(items[1]))
    a2.add(features(items[2]))
    for it in items:
        clusterer.stats.add(features(it))
    clusterer.stories = [a1, a2]
    merges = clusterer.merges([a1])
    assert len(merges) == 1 and merges[0].into is a2 and merges[0].absorbed is a1
    assert clusterer.stories == [a2] and a2.size == 3
    groups = split_groups(clusterer, [features(it) for it in items])
    assert groups == [[0, 1, 2], [3, 4]]


def test_store_merge_split_links_and_facts(fixture_run, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(fixture_run["db"], db)  # the module's database stays as the run left it
    with Store(str(db), create=False) as store:
        stories = store.stories()
        big = max(stories, key=lambda s: len(s.articles))
        small = min(stories, key=lambda s: len(s.articles))
        with store.transaction() as conn:
            moved = store.merge_stories(conn, big.id, small.id, 0.9, {"size": 6}, big.first_seen, small.last_seen)
        assert moved == len(small.articles)
        assert [s.id for s in store.stories()] == [big.id]
        assert store.story_links(small.id) == [{"story": big.id, "kind": "merged", "direction": "from",
                                                "score": 0.9, "at": store.story_links(small.id)[0]["at"]}]
        ids = [a.id for a in small.articles]
        with store.transaction() as conn:
            new_id = store.split_story(conn, big.id, ids, small.title, {"size": len(ids)}, None, None)
        assert {a.id for a in store.story(new_id).articles} == set(ids)
        facts = store.story_facts(big.id)
        actions = Counter(h["action"] for h in facts["history"])
        assert actions["merged"] == len(ids) and actions["split"] == len(ids) and actions["created"] == 1
        kinds = {(r["story"], r["kind"]) for r in facts["related"]}
        assert (small.id, "merged") in kinds and (new_id, "split") in kinds
        assert list(facts["languages"]) and set(facts["sources"]) <= {"TechWelt", "GlobeWire", "Notiziario Tech",
                                                                       "WirtschaftsKurier", "MarketDaily"}
        stamps = [t["published"] for t in facts["timeline"]]
        assert stamps == sorted(stamps)


def test_stories_json_has_facts(fixture_run) -> None:
    rows = stories_json(fixture_run["db"])
    assert rows
    for row in rows:
        for key in ("id", "title", "languages", "status", "articles", "timeline", "sources", "key_entities",
                    "events", "related", "history", "language_counts"):
            assert key in row, key
        assert len(row["timeline"]) == len(row["articles"])
    borvane = next(r for r in rows if "Borvane" in r["title"])
    assert sorted(borvane["languages"]) == ["de", "en", "it"]
    names = " ".join(e["name"] for e in borvane["key_entities"])
    assert "Borvane" in names


def test_story_facts_of_a_missing_story(fixture_run) -> None:
    from newsdesk.errors import NotFound

    with Store(fixture_run["db"], create=False) as store, pytest.raises(NotFound):
        store.story_facts(99999)
