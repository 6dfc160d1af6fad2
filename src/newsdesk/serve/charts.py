"""Trend charts as inline SVG, drawn on the server: no script, no external service.

Labels come from users and sources, so every text goes through ``xml.sax.saxutils.escape``.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

COLOURS = ("#0b6e99", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#1864ab", "#c2255c", "#495057")
WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 56


def _ticks(top: int) -> list[int]:
    step = max(1, -(-top // 4))
    return list(range(0, top + step, step))


def line_chart(buckets: list[str], series: list[dict[str, Any]], title: str = "") -> str:
    """An SVG line chart: one line per series over ``buckets``, with axes, ticks and a legend."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max([v for s in series for v in s["values"]] + [1])
    ticks = _ticks(top)
    top = ticks[-1]
    n = len(buckets)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / n if n else 0)

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / top

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'role="img" aria-label={quoteattr(title or "trend chart")}>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    for t in ticks:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e5e7eb"/>'
                   f'<text x="{LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end" font-size="11" fill="#555">{t}</text>')
    every = max(1, n // 10)
    for i, b in enumerate(buckets):
        if i % every == 0:
            out.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" '
                       f'fill="#555">{escape(b)}</text>')
    for k, s in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s["values"]))
        if points:
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/>')
        for i, v in enumerate(s["values"]):
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}">'
                       f'<title>{escape(s["label"])} {escape(buckets[i])}: {v}</title></circle>')
        lx = LEFT + 150 * k
        out.append(f'<rect x="{lx}" y="{HEIGHT - 22}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{lx + 17}" y="{HEIGHT - 12}" font-size="12" fill="#222">'
                   f'{escape(s["label"][:24])} ({s.get("total", sum(s["values"]))})</text>')
    out.append("</svg>")
    return "".join(out)
