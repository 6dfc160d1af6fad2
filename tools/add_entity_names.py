#!/usr/bin/env python3
"""Give registry entities their names in running text per language ("names": {"de", "en", "it"}).

Reads ``src/newsdesk/enrich/data/entities.json`` and the mapping ``tools/entity_names.tsv``
(id, de, en, it; "=" stands for the entity's ``name``), and writes the registry back:

* every LOC entity gets ``names`` (from the mapping, else its ``name`` in all three languages);
* every ORG listed in the mapping gets ``names``; other entities are left alone;
* a name that is neither the entity's ``name`` nor one of its aliases (same spelling) is appended
  to ``aliases``, so the registry finds it; a name that another entity already claims is refused.

The file keeps its layout (one entity a line, keys in their order, ``names`` last). Re-running
gives the same file.

Usage:  .venv/bin/python tools/add_entity_names.py [--check]

``--check`` changes nothing and exits 1 when the registry is not up to date with the mapping.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.enrich.registry import name_key  # noqa: E402

REGISTRY = ROOT / "src/newsdesk/enrich/data/entities.json"
MAPPING = Path(__file__).resolve().with_name("entity_names.tsv")
LANGUAGES = ("de", "en", "it")


def read_mapping(path: Path) -> dict[str, tuple[str, str, str]]:
    """``{id: (de, en, it)}`` from the TSV file; "=" kept as is (resolved per entity)."""
    mapping: dict[str, tuple[str, str, str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) != 4 or not all(cells):
            raise SystemExit(f"{path.name}:{number}: expected id, de, en, it separated by tabs: {line!r}")
        if cells[0] in mapping:
            raise SystemExit(f"{path.name}:{number}: {cells[0]} is listed twice")
        mapping[cells[0]] = (cells[1], cells[2], cells[3])
    return mapping


def owners_by_key(entities: list[dict]) -> dict[str, set[str]]:
    """Which entity ids claim each alias key."""
    owners: dict[str, set[str]] = {}
    for e in entities:
        for alias in (e["name"], *e["aliases"]):
            owners.setdefault(name_key(alias), set()).add(e["id"])
    return owners


def names_for(entity: dict, mapping: dict[str, tuple[str, str, str]]) -> dict[str, str] | None:
    row = mapping.get(entity["id"])
    if row is None:
        return {lang: entity["name"] for lang in LANGUAGES} if entity["type"] == "LOC" else None
    return {lang: entity["name"] if value == "=" else value for lang, value in zip(LANGUAGES, row)}


def apply(entities: list[dict], mapping: dict[str, tuple[str, str, str]]) -> list[str]:
    """Set ``names`` and add missing aliases in place; returns the problems found (none: done)."""
    known = {e["id"] for e in entities}
    problems = [f"{entity_id}: no such entity in the registry" for entity_id in mapping if entity_id not in known]
    owners = owners_by_key(entities)
    for entity in entities:
        names = names_for(entity, mapping)
        if names is None:
            continue
        for value in dict.fromkeys(names.values()):
            others = owners.get(name_key(value), set()) - {entity["id"]}
            if others:
                problems.append(f"{entity['id']}: {value!r} is already a spelling of {', '.join(sorted(others))}")
                continue
            if value != entity["name"] and value not in entity["aliases"]:
                entity["aliases"].append(value)
                owners.setdefault(name_key(value), set()).add(entity["id"])
        entity.pop("names", None)
        entity["names"] = names
    return problems


def render(data: dict) -> str:
    """The registry in the shipped layout: one entity a line."""
    head = {k: v for k, v in data.items() if k != "entities"}
    opening = json.dumps(head, ensure_ascii=False)[:-1] + (", " if head else "")
    lines = ",\n".join(json.dumps(e, ensure_ascii=False) for e in data["entities"])
    return f'{opening}"entities": [\n{lines}\n]}}\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="report whether the registry is up to date")
    args = parser.parse_args(argv)
    raw = REGISTRY.read_text(encoding="utf-8")
    data = json.loads(raw)
    problems = apply(data["entities"], read_mapping(MAPPING))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    text = render(data)
    named = sum(1 for e in data["entities"] if "names" in e)
    if args.check:
        print("up to date" if text == raw else "entities.json differs from the mapping; run tools/add_entity_names.py")
        return 0 if text == raw else 1
    REGISTRY.write_text(text, encoding="utf-8")
    print(f"{named} entities have names; {'unchanged' if text == raw else 'entities.json written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
