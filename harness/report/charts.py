"""Small inline SVG charts for the HTML report: a histogram and a series over time.

Hand-drawn SVG on purpose: the report must open with no network and no
script, so no charting library or CDN can be involved. Each chart labels its
axes with their units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

WIDTH = 520
HEIGHT = 200
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 14, 40


def _nice_ceiling(value: float) -> float:
    """1, 2, 5 x 10^n at or above `value` (an axis maximum people can read)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _frame(title: str, x_label: str, y_label: str, y_max: float, x_ticks: list[str]) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        'class="axis"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" class="axis"/>',
    ]
    for i in range(5):
        value = y_max * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" class="grid"/>'
        )
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(value)}</text>')
    for i, tick in enumerate(x_ticks):
        x = LEFT + plot_w * i / max(1, len(x_ticks) - 1)
        parts.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{escape(tick)}</text>'
        )
    parts.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle" '
        f'class="label">{escape(x_label)}</text>'
    )
    parts.append(
        f'<text x="12" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" class="label" '
        f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})">{escape(y_label)}</text>'
    )
    return parts


def histogram(values: Sequence[float], *, title: str, unit: str, bins: int = 20) -> str:
    """Counts of `values` in `bins` equal bins from 0 to the largest value."""
    top = _nice_ceiling(max(values, default=0.0))
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, int(value / top * bins))] += 1
    y_max = _nice_ceiling(max(counts, default=0))
    ticks = [_fmt(top * i / 4) for i in range(5)]
    parts = _frame(title, unit, "operations", y_max, ticks)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bar_w = plot_w / bins
    for i, count in enumerate(counts):
        if not count:
            continue
        h = plot_h * count / y_max
        low, high = top * i / bins, top * (i + 1) / bins
        parts.append(
            f'<rect x="{LEFT + i * bar_w + 1:.1f}" y="{TOP + plot_h - h:.1f}" '
            f'width="{bar_w - 2:.1f}" height="{h:.1f}" class="bar">'
            f"<title>{_fmt(low)}-{_fmt(high)} {escape(unit)}: {count}</title></rect>"
        )
    parts.append("</svg>")
    return "".join(parts)


def series(points: Sequence[tuple[float, float]], *, title: str, x_unit: str, y_unit: str) -> str:
    """A line through (x, y) points, x from 0 to the last point."""
    x_max = _nice_ceiling(max((x for x, _ in points), default=0.0))
    y_max = _nice_ceiling(max((y for _, y in points), default=0.0))
    ticks = [_fmt(x_max * i / 4) for i in range(5)]
    parts = _frame(title, x_unit, y_unit, y_max, ticks)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    coords = [(LEFT + plot_w * x / x_max, TOP + plot_h - plot_h * y / y_max) for x, y in points]
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" class="line"/>')
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" class="dot"/>' for x, y in coords]
    parts.append("</svg>")
    return "".join(parts)


def throughput_points(completions: Sequence[float], elapsed: float) -> list[tuple[float, float]]:
    """Operations completed per second, in up to 30 equal windows over the run."""
    if not completions or elapsed <= 0:
        return []
    windows = max(1, min(30, len(completions) // 2))
    width = elapsed / windows
    counts = [0] * windows
    for at in completions:
        counts[min(windows - 1, int(at / width))] += 1
    return [((i + 0.5) * width, count / width) for i, count in enumerate(counts)]
