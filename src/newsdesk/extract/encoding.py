"""Bytes to text: declared charset first, detection when it lies, mojibake repaired."""

from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"<\?xml[^>]+encoding\s*=\s*[\"']([A-Za-z0-9_\-.]+)", re.IGNORECASE)


_UNICODE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_binary(content: bytes, sample: int = 4096) -> bool:
    """NUL bytes or many control characters in the first bytes mean it is no text document."""
    head = content[:sample]
    if not head or head.startswith(_UNICODE_BOMS):  # UTF-16/32 text has NUL bytes but a BOM
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05


def declared_charset(content: bytes) -> str | None:
    head = content[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def repair(text: str) -> str:
    """Mojibake repair ("Ã¨" -> "è") that leaves quotes, widths and ligatures alone."""
    return ftfy.fix_text(
        text,
        unescape_html=False,
        fix_line_breaks=False,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        normalization=None,
    )


def decode(content: bytes, declared: str | None = None) -> tuple[str, str, bool]:
    """Decode ``content``; returns ``(text, encoding_used, charset_was_wrong)``.

    Mojibake inside correctly decoded text is repaired later with :func:`repair`, on
    the extracted text only (running it over whole pages costs more than extraction).
    """
    repaired = False
    if content.startswith(codecs.BOM_UTF8):
        text, used = content[len(codecs.BOM_UTF8):].decode("utf-8", "replace"), "utf-8"
    elif content.startswith(_UNICODE_BOMS):
        used = "utf-32" if content.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "utf-16"
        text = content.decode(used, "replace")
    else:
        candidates = [c for c in (declared, declared_charset(content), "utf-8") if c]
        text, used = "", ""
        for name in dict.fromkeys(candidates):
            try:
                text, used = content.decode(name), name
                break
            except (UnicodeDecodeError, LookupError):
                repaired = True
                continue
        if not used:
            best = from_bytes(content).best()
            used = best.encoding if best else "cp1252"
            text = content.decode(used, "replace")
            repaired = True
    return text, used, repaired
