"""Stage 2, extract: main text, title, lead, date, authors, site and canonical URL."""

from newsdesk.extract.extractor import HtmlExtractor, extract_one, raw_hash

__all__ = ["HtmlExtractor", "extract_one", "raw_hash"]
