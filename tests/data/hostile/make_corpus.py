"""Writes the hostile-input corpus in this folder (run once; the files are kept in git).

Huge inputs (a 200 MB page, HTML nested 100,000 levels deep, a gzip bomb) are not kept
here: tests/test_hostile.py generates them into a temporary folder.
"""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).parent
_SUBJECTS = ["Die Firma {c}", "Der Konzern {c}", "Das Unternehmen {c}", "Die {c}", "Der Hersteller {c}"]
_SENTENCES = [
    "{s} hat am {d} in {city} eine neue Fabrik eröffnet.",
    "Nach Angaben von {c} entstehen dort in den kommenden Jahren rund {n} neue Stellen.",
    "Die Investition beläuft sich auf {m} Millionen Euro.",
    "{s} erwartet, dass die Produktion im Herbst beginnt.",
    "Gewerkschaften in {city} begrüßten den Schritt, forderten aber Tarifverträge.",
    "Der Bürgermeister von {city} sprach von einem guten Tag für die Region.",
    "Analysten halten die Pläne von {c} für ehrgeizig, aber machbar.",
    "{s} beliefert vor allem Kunden in Skandinavien und Osteuropa.",
    "Im vergangenen Geschäftsjahr setzte {c} knapp {m} Millionen Euro um.",
    "Die Aktie von {c} legte nach der Mitteilung um {p} Prozent zu.",
    "Ein Sprecher von {c} wollte sich zu weiteren Standorten nicht äußern.",
    "Wettbewerber beobachten den Ausbau in {city} genau.",
    "{s} hatte zuletzt mit Lieferengpässen bei Halbleitern zu kämpfen.",
    "Der Betriebsrat von {c} fordert eine Beschäftigungsgarantie bis {y}.",
    "Ab {y} soll in {city} zusätzlich ein Forschungszentrum entstehen.",
    "Die Landesregierung fördert das Projekt mit {n} Tausend Euro.",
]


def body(seed: int, company: str, city: str, sentences: int = 9) -> str:
    """A distinct German news text per seed (no near copy of another page in the corpus)."""
    rng = random.Random(seed)
    values = {"c": company, "city": city, "d": rng.choice(["Montag", "Dienstag", "Mittwoch"]),
              "n": rng.randrange(50, 900), "m": rng.randrange(10, 990), "p": rng.randrange(2, 15),
              "y": rng.randrange(2025, 2030)}
    values["s"] = rng.choice(_SUBJECTS).format(**values)
    picked = rng.sample(_SENTENCES, sentences)
    return " ".join(t.format(**values) for t in picked)




def page(title: str, body: str, head: str = "", charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>{head}</head>"
            f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>")


def write(name: str, data: bytes | str) -> None:
    (HERE / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def warc(records: list[tuple[str, bytes]], gz: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http))
    return out.getvalue()


def main() -> None:
    rng = random.Random(8)
    write("good-1.html", page("Beispiel AG eröffnet Fabrik in Berlin", body(1, "Beispiel AG", "Berlin") + "\n" + body(2, "Beispiel AG", "Leipzig")))
    write("good-2.html", page("Acme Corp opens a plant in Ohio", (
        "Acme Corp said on Tuesday it opened a new plant in Columbus, Ohio, creating about 450 jobs. "
        "The company invested $800 million in the site, its largest investment in a decade. "
        "Production of batteries is to start next spring, the chief executive told reporters.\n") * 2))
    write("empty.html", b"")
    write("whitespace.html", b" \n\t \r\n" * 50)
    write("binary.html", bytes(rng.randrange(256) for _ in range(4096)))
    write("png-named-html.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(2000)))
    good = gzip.compress(page("Gzip page", body(3, "Gzip GmbH", "Kiel")).encode("utf-8"))
    write("truncated.html.gz", good[: len(good) // 2])
    write("not-gzip.html.gz", b"this is not gzip at all\n" * 10)
    first = page("Archivierte Seite eins", body(4, "Archiv AG", "Trier")).encode("utf-8")
    second = page("Archivierte Seite zwei", body(5, "Zweite AG", "Hamburg")).encode("utf-8")
    whole = warc([("https://example.org/a1", first), ("https://example.org/a2", second)], gz=True)
    write("truncated.warc.gz", whole[: len(whole) - 200])
    plain = warc([("https://example.org/p1", first), ("https://example.org/p2", second)], gz=False)
    write("truncated-plain.warc", plain[: len(plain) - 300])
    write("garbage.warc.gz", bytes(rng.randrange(256) for _ in range(3000)))
    write("empty.warc", b"")
    # charsets: declared wrong, missing, unknown, UTF-16 with a BOM
    text = "Größere Änderungen bei der Müller GmbH: Die Übernahme für 3,5 Millionen Euro ist abgeschlossen. "
    write("wrong-charset.html", page("Übernahme bei Müller", text + body(6, "Müller GmbH", "Würzburg"), charset="utf-8").encode("cp1252"))
    write("missing-charset.html", page("Übernahme bei Möller", text + body(7, "Möller KG", "Göttingen"), charset=None).encode("latin-1"))
    write("unknown-charset.html", page("Übernahme bei Mahler", text + body(8, "Mahler SE", "Lübeck"), charset="x-klingon-42"))
    write("utf16-bom.html", page("Übernahme bei Maier", text + body(9, "Maier OHG", "Fürth")).encode("utf-16"))
    # feeds
    write("malformed.xml", "<?xml version='1.0'?><rss version='2.0'><channel><title>Broken</title><item><title>One"
          "<link>https://example.org/x</li")
    write("not-a-feed.rss", "Just some text that is not XML at all.\n")
    write("no-items.atom", "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Empty</title></feed>")
    write("billion-laughs.xml", """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>
""")
    bodies = {y: f"<p>{body(10 + i, f'Feed{y} AG', 'Köln')}</p><p>{body(20 + i, f'Feed{y} AG', 'Bonn')}</p>"
              for i, y in enumerate(("9999", "1850", "junk"))}
    items = "".join(
        f"<item><title>Feed item {year}</title><link>https://example.org/feed/{year}</link>"
        f"<pubDate>{date}</pubDate><content:encoded><![CDATA[{bodies[year]}]]>"
        "</content:encoded></item>"
        for year, date in (("9999", "Fri, 31 Dec 9999 23:59:59 GMT"), ("1850", "Tue, 01 Jan 1850 00:00:00 GMT"),
                           ("junk", "the day after tomorrow"))
    )
    write("bad-dates.xml", "<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
          "xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>Dates</title>"
          f"{items}</channel></rss>")
    # pages with absurd dates and numbers: valid text, stored with the value dropped or clamped
    write("date-9999.html", page("Zeitreise in das Jahr 9999", body(30, "Zukunft AG", "Bremen") + "\nStand: 31.12.9999",
                                 head='<meta property="article:published_time" content="9999-12-31T23:59:59Z">'))
    write("date-1850.html", page("Bericht aus dem Jahr 1850", body(31, "Vergangen AG", "Dresden") + "\nStand: 01.01.1850",
                                 head='<meta property="article:published_time" content="1850-01-01T00:00:00Z">'))
    absurd = (
        "Die Schulden der Firma Absurd AG betragen angeblich 999999999999999999999 Milliarden Dollar. "
        "Die Absurd AG will 999999999999999999999 Stellen streichen. "
        "Die Absurd AG investiert 999999999999999999999 Milliarden Dollar in München. "
        "Ein Sprecher nannte die Zahl 1e400 und sprach von über " + "9" * 10000 + " Mitarbeitern. "
        "Der Umsatz stieg auf " + "1." * 2000 + "000 Euro, sagte der Vorstand am Dienstag in München.\n" + body(32, "Absurd AG", "München")
    )
    write("absurd-numbers.html", page("Absurd AG meldet unmögliche Zahlen", absurd))
    # JSONL: broken lines and wrongly typed fields
    write("hostile.jsonl", "\n".join([
        '{"url": "https://example.org/j1", "title": "Typed wrong", "text": "' + body(33, "Json AG", "Ulm") + '", "authors": 5}',
        '{"url": "https://example.org/j2", "title": ["a", "list"], "text": {"a": "dict"}}',
        '{"url": 7, "title": "Date far away", "text": "' + body(34, "Fern AG", "Essen") + '", "published": "9999-12-31"}',
        '[1, 2, 3]',
        '{"truncated": ',
        '\x00\x01\x02',
    ]) + "\n")


if __name__ == "__main__":
    main()
