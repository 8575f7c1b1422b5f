"""The look every guidelib chart shares: font, palettes, layout, empty states and notes,
user text made safe for plotly, and points spread so none hides another.

Figures use the empty "none" template and set their own look here. Plotly's default
template would add about 10 KB to every figure's JSON, and each figure crosses the kernel
connection in Voilà.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections import defaultdict
from typing import Any

import plotly.graph_objects as go

from .accessible import describe, plain

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}
INK = "#1f2328"  # the forms' text colour (ui/_style.py)
MUTED = "#57606a"  # 4.5:1 on white, like the forms' help text
GRID = "#d0d7de"
HEIGHT = 420
NOTE_FONT = {"size": 12, "color": MUTED}

# Okabe-Ito, told apart with any common colour-vision deficiency, except that its yellow
# (#F0E442), hard to see on white, gives way to Paul Tol's wine.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
    "#882255",
)
# A second cue beside colour, so a greyscale print still tells kinds apart.
SYMBOLS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "cross",
    "triangle-down",
    "x",
    "star",
)

#: Risk score bands (lowest score, highest score, colour, name), light to dark: lightness
#: falls as the score rises, so the order reads with red-green colour blindness and in
#: greyscale.
RISK_BANDS = (
    (1, 4, "#edf8e9", "Low"),
    (5, 9, "#fdd888", "Medium"),
    (10, 16, "#f08a4b", "High"),
    (20, 25, "#b2182b", "Very high"),
)


def band_scale() -> list[tuple[float, str]]:
    """A stepped colour scale over scores 1-25, each band one flat colour; a step falls
    half a point above a band's highest score, where no score lies."""
    stops, start = [], 0.0
    for _, high, band_colour, _ in RISK_BANDS:
        end = min(1.0, (high - 0.5) / 24)
        stops += [(start, band_colour), (end, band_colour)]
        start = end
    return stops


def risk_heatmap() -> go.Heatmap:
    """The 5x5 likelihood x impact background, coloured by score band."""
    scale = [1, 2, 3, 4, 5]
    colorbar = {
        "title": {"text": "Likelihood<br>x impact"},
        "tickvals": [(low + high) / 2 for low, high, _, _ in RISK_BANDS],
        "ticktext": [f"{name} ({low}-{high})" for low, high, _, name in RISK_BANDS],
        "thickness": 12,
        "len": 0.7,
    }
    return go.Heatmap(
        x=scale,
        y=scale,
        z=[[likelihood * impact for likelihood in scale] for impact in scale],
        zmin=1,
        zmax=25,
        colorscale=band_scale(),
        colorbar=colorbar,
        xgap=2,
        ygap=2,
        hovertemplate="Likelihood %{x} x impact %{y} = score %{z}<extra></extra>",
    )


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def symbol(index: int) -> str:
    return SYMBOLS[index % len(SYMBOLS)]


def rgba(hex_colour: str, alpha: float) -> str:
    """'#0072B2', 0.2 -> 'rgba(0,114,178,0.2)': a fill that lets the lines beneath show."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def layout(title: str, **extra: Any) -> dict[str, Any]:
    """The shared layout for a figure titled `title`; `extra` adds or overrides keys."""
    base: dict[str, Any] = {
        "template": "none",
        "title": {"text": title, "x": 0, "xanchor": "left", "pad": {"l": 16}, "font": {"size": 17}},
        "font": {**FONT, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": HEIGHT,
        "margin": {"l": 60, "r": 20, "t": 56, "b": 56},
        "hoverlabel": {"font": FONT, "align": "left"},
        "legend": {"bgcolor": "rgba(255,255,255,0.85)"},
    }
    return {**base, **extra}


def axis(title: str, **extra: Any) -> dict[str, Any]:
    """An axis with a plain-words title, light grid lines and no zero line."""
    base = {
        "title": {"text": title, "standoff": 12},
        "gridcolor": GRID,
        "linecolor": MUTED,
        "zeroline": False,
        "automargin": True,
    }
    return {**base, **extra}


def scale_axis(title: str) -> dict[str, Any]:
    """An axis for a 1-5 scale: fixed range with room for markers at the ends."""
    return axis(title, range=[0.5, 5.5], tickvals=[1, 2, 3, 4, 5], showgrid=False)


def empty_figure(title: str, message: str) -> go.Figure:
    """A figure that says, in plain words, what to fill in to see the chart."""
    fig = go.Figure(layout=layout(title))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(
        text=message,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={**NOTE_FONT, "size": 15},
    )
    return describe(fig, f"{plain(title)}: nothing to show yet. {message}", [], [])


def swatches(entries: list[tuple[str, str]]) -> list[go.Scatter]:
    """Legend entries (name, colour) shown as squares, for a chart whose traces have no
    legend of their own, such as a heat map of categories."""
    edge = {"color": MUTED, "width": 1}
    marker = {"symbol": "square", "size": 14, "line": edge}
    return [
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            hoverinfo="skip",
            marker={**marker, "color": fill},
        )
        for name, fill in entries
    ]


def mark_date(fig: go.Figure, day: str, label: str) -> None:
    """A dotted line across the whole plot at the date `day`, labelled above it; the
    shape is named `label.lower()` so tests can find it."""
    line = {"color": INK, "width": 1.5, "dash": "dot"}
    fig.add_shape(
        name=label.lower(), type="line", x0=day, x1=day, y0=0, y1=1, yref="paper", line=line
    )
    fig.add_annotation(
        text=label, x=day, y=1, yref="paper", yanchor="bottom", showarrow=False, font=NOTE_FONT
    )


def add_note(fig: go.Figure, text: str) -> None:
    """A short grey line under the title, e.g. how many rows were left out and why.

    A subtitle, not an annotation in the plot, so it never covers points or axis titles."""
    before = fig.layout.title.subtitle.text
    fig.update_layout(
        title_subtitle={"text": f"{before} {text}" if before else text, "font": NOTE_FONT},
        margin_t=(fig.layout.margin.t or 56) + (0 if before else 28),
    )


def left_out(count: int, noun: str) -> str:
    """'2 stakeholders without scores are not shown.'"""
    if count == 1:
        return f"1 {noun} without scores is not shown."
    return f"{count} {noun}s without scores are not shown."


def text(value: Any, width: int = 0, max_lines: int = 0) -> str:
    """User text made safe for plotly, which renders a subset of HTML in labels and hover
    text; wrapped at `width` characters if given (wrapped first, so no entity is split),
    and cut to `max_lines` lines ending in "…" if given."""
    plain = str(value or "").strip()
    lines = textwrap.wrap(plain, width) if width else [plain]
    if max_lines and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip(" .,;:") + "…"]
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def stepped_scale(colours: list[str]) -> list[tuple[float, str]]:
    """A colour scale of equal flat bands, for z values 0, 1, ... len(colours) - 1 with
    zmin 0 and zmax len - 1: each value sits inside its own band, never on an edge."""
    stops, width = [], 1 / len(colours)
    for index, band_colour in enumerate(colours):
        stops += [
            (round(index * width, 6), band_colour),
            (round((index + 1) * width, 6), band_colour),
        ]
    return stops


def spread(
    points: list[tuple[int, int]], across: int, step: tuple[float, float]
) -> list[tuple[float, float]]:
    """Points that share a spot are laid out in a small grid around it, `across` to a row,
    in row order, so none hides another; the same rows always give the same picture."""
    spots: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, point in enumerate(points):
        spots[point].append(index)
    out = [(float(x), float(y)) for x, y in points]
    for members in (m for m in spots.values() if len(m) > 1):
        cols = min(across, len(members))
        lines = math.ceil(len(members) / cols)
        # Squeeze a crowded spot so it stays inside its cell (0.8 of the 1-wide cell).
        dx = min(step[0], 0.8 / max(cols - 1, 1))
        dy = min(step[1], 0.8 / max(lines - 1, 1))
        for k, index in enumerate(members):
            line, col = divmod(k, cols)
            x, y = points[index]
            out[index] = (
                round(x + (col - (cols - 1) / 2) * dx, 3),
                round(y + ((lines - 1) / 2 - line) * dy, 3),  # the first row on top
            )
    return out
