"""Values the enrich step normalises across languages: money, head counts and dates.

One import for the three extractors (pure functions: no models, no I/O):

- :func:`find_money` -- "4,5 Milliarden Dollar" = ``Money(4.5e9, "USD")`` (:mod:`.money`);
- :func:`find_counts` -- "1.200 Stellen" = 1200..1200, "Dutzende" = 24..99 (:mod:`.counts`);
- :func:`find_dates` / :func:`resolve_date` -- "im vergangenen August" published on
  2024-11-05 = August 2024 (:mod:`.dates`).

Every value is a frozen dataclass with ``to_json()``.
"""

from __future__ import annotations

from newsdesk.nlp.counts import Count, find_counts
from newsdesk.nlp.dates import DateValue, find_dates, resolve_date
from newsdesk.nlp.money import Money, find_money

__all__ = ["Count", "DateValue", "Money", "find_counts", "find_dates", "find_money", "resolve_date"]
