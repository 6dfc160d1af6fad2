"""The generated clustering stream: deterministic, complete gold, and a B-cubed floor on a small stream."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.eval.clustering import evaluate_store
from newsdesk.eval.stream import SOURCE_DIR, generate_stream, substitute
from newsdesk.pipeline.runner import run
from newsdesk.store import Store

from conftest import invoke

pytestmark = pytest.mark.skipif(not SOURCE_DIR.is_dir(), reason="needs sample_src/stories of a checkout")

N = 300
# Floor a little below the level measured on this stream (seed default, 300 articles); raise it
# when grouping improves, never lower it.
STREAM_F1_FLOOR = 0.95  # measured 0.962 (P 0.985, R 0.940) with the model


@pytest.fixture(scope="module")
def stream(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stream")
    generate_stream(out, n_articles=N)
    return out


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in (path / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def test_deterministic_and_exact_count(stream, tmp_path):
    generate_stream(tmp_path, n_articles=N)
    assert (tmp_path / "articles.jsonl").read_bytes() == (stream / "articles.jsonl").read_bytes()
    assert (tmp_path / "gold.json").read_bytes() == (stream / "gold.json").read_bytes()
    other = tmp_path / "other"
    generate_stream(other, n_articles=N, seed=7)
    assert (other / "articles.jsonl").read_bytes() != (stream / "articles.jsonl").read_bytes()
    assert len(_lines(stream)) == N


def test_gold_covers_every_article(stream):
    gold = json.loads((stream / "gold.json").read_text(encoding="utf-8"))
    urls = [a["url"] for a in _lines(stream)]
    assert len(set(urls)) == N and set(urls) == set(gold["pages"])
    for url, page in gold["pages"].items():
        assert url in gold["stories"][page["story"]]["urls"]
        assert page["language"] in {"de", "en", "it"}
    published = [a["published"] for a in _lines(stream)]
    assert published == sorted(published)


def test_stories_are_multilingual_new_and_recurring(stream):
    gold = json.loads((stream / "gold.json").read_text(encoding="utf-8"))
    stories = [s for s in gold["stories"].values() if not s["noise"]]
    assert len(stories) >= 40
    assert sum(len(s["languages"]) >= 2 for s in stories) >= 0.6 * len(stories)
    assert max(len(s["urls"]) for s in stories) <= 12
    assert any(s.get("recurring_with") for s in stories), "no story reuses an earlier story's actor"
    text = (stream / "articles.jsonl").read_text(encoding="utf-8")
    for original in ("Halvion", "Kontora", "Alpitel", "Quantrix", "Spotify"):  # the sample's names are replaced
        assert original not in text
    # same template, two stories: different names and amounts
    by_template: dict[str, list[str]] = {}
    for sid, s in gold["stories"].items():
        if not s["noise"]:
            by_template.setdefault(s["template"], []).append(sid)
    assert any(len(v) >= 2 for v in by_template.values())


def test_substitution_is_consistent_across_languages():
    digits = {str(d): str(10 - d) for d in range(1, 10)} | {"0": "0"}
    mapping = {"Halvion": "Borvane"}
    de = substitute("Halvions Werk kostet 3,8 Milliarden Euro und schafft 1.600 Stellen (12. November 2024).", mapping, digits)
    en = substitute("Halvion's plant costs €3.8 billion and brings 1,600 jobs (November 12, 2024).", mapping, digits)
    assert de == "Borvanes Werk kostet 7,2 Milliarden Euro und schafft 9.400 Stellen (12. November 2024)."
    assert en == "Borvane's plant costs €7.2 billion and brings 9,400 jobs (November 12, 2024)."


def test_small_stream_bcubed_floor(stream, tmp_path):
    gold = json.loads((stream / "gold.json").read_text(encoding="utf-8"))
    db = tmp_path / "stream.db"
    with Store(str(db)) as store:
        run([stream / "articles.jsonl"], store)
        result = evaluate_store(store, gold)
    m = result["overall"]
    print(f"\nB-cubed on a {N}-article generated stream: P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}; "
          + ", ".join(f"{k} F1={v['f1']:.3f}" for k, v in result["per_language"].items())
          + f", multilingual F1={result['multilingual']['f1']:.3f}")
    assert not result["missing"]
    assert m["f1"] >= STREAM_F1_FLOOR
    # the CLI reads the same database and gold
    cli = invoke("eval", "clustering", "--gold", str(stream / "gold.json"), "--db", str(db), "--json")
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.output)["overall"] == m


# Without the embedding model (cluster.embedder = none): names, numbers, entities and words only.
STREAM_F1_FLOOR_NO_MODEL = 0.92  # measured 0.931 (P 0.991, R 0.878)


def test_small_stream_bcubed_floor_without_model(stream, tmp_path):
    from newsdesk.config import ClusterSettings, Settings

    gold = json.loads((stream / "gold.json").read_text(encoding="utf-8"))
    with Store(str(tmp_path / "stream.db")) as store:
        report = run([stream / "articles.jsonl"], store, Settings(cluster=ClusterSettings(embedder="none")))
        result = evaluate_store(store, gold)
    m = result["overall"]
    print(f"\nB-cubed without a model on a {N}-article stream: P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}")
    assert report.counts["articles embedded"] == 0
    assert not result["missing"]
    assert m["f1"] >= STREAM_F1_FLOOR_NO_MODEL
