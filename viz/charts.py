"""Charts for the HTML pages, drawn by matplotlib as inline SVG: no script, no fetch, printable.

Text is written as SVG `<text>` (matplotlib escapes it as XML), so a chart carries no markup
from the data. Figures are made without pyplot, so nothing global is touched and threads are safe.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Collection, Sequence
from functools import wraps
from typing import ParamSpec

from matplotlib import rc_context
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

BEFORE, AFTER = "#8c959f", "#0969da"

# Text from the data (a seller id "s$\nope$", a currency "E$x$") is shown as written: with
# matplotlib's default, a pair of "$" starts mathtext, and a bad formula fails the whole page.
# The setting is read when a text is made, and tick labels are made while the figure is saved.
P = ParamSpec("P")


def literal_text(chart: Callable[P, str]) -> Callable[P, str]:
    """Draw `chart` with every text shown literally."""

    @wraps(chart)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> str:
        with rc_context({"text.parse_math": False}):
            return chart(*args, **kwargs)

    return drawn


def svg(fig: Figure) -> str:
    buffer = io.StringIO()
    # Text as <text> elements (selectable, small), not as glyph paths.
    with rc_context({"svg.fonttype": "none", "text.parse_math": False}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    # Only the <svg> element, to be placed inside the page; sized by CSS.
    start = text.index("<svg")
    return re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", text[start:], count=1)


@literal_text
def before_after(
    title: str,
    labels: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    names: tuple[str, str],
    *,
    unit: str = "",
) -> str:
    """Horizontal paired bars, one pair per label (None draws no bar and says "n/a")."""
    height = 0.45 * len(labels) + 1.0
    fig = Figure(figsize=(6.4, height))
    ax = fig.add_subplot()
    ys = range(len(labels))
    for offset, values, colour, name in (
        (0.2, before, BEFORE, names[0]),
        (-0.2, after, AFTER, names[1]),
    ):
        widths = [v or 0.0 for v in values]
        bars = ax.barh([y + offset for y in ys], widths, height=0.38, color=colour, label=name)
        for bar, v in zip(bars, values, strict=True):
            ax.text(
                bar.get_width(),
                bar.get_y() + bar.get_height() / 2,
                " n/a" if v is None else f" {v:g}{unit}",
                va="center",
                fontsize=8,
            )
    ax.set_yticks(list(ys), list(labels))
    ax.invert_yaxis()
    ax.set_title(title, fontsize=10, loc="left")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.15)
    fig.tight_layout()
    return svg(fig)


# Attainment colours, centred on 1.0 whatever the page's highest value: short of target runs
# from vermillion to orange, on target is ON_TARGET (bluish green), beyond it deepens to blue
# (Okabe–Ito colours, told apart with the common colour-vision deficiencies).
ON_TARGET = "#009e73"
ATTAINMENT = LinearSegmentedColormap.from_list(
    "attainment", [(0.0, "#d55e00"), (0.25, "#e69f00"), (0.5, ON_TARGET), (1.0, "#0072b2")]
).with_extremes(bad="#eaeef2")


@literal_text
def heatmap(
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    labels: Sequence[Sequence[str]],
    marked: Sequence[Sequence[bool]] = (),
    *,
    scale: str = "attainment (1 = on target)",
    name: str = "heat",
) -> str:
    """A rows × columns grid coloured by attainment (None grey), each cell labelled and drawn
    as a shape of its own (`kg-<name>-<row>-<column>`, so a page can be checked cell by cell);
    a marked cell gets a red frame."""
    fig = Figure(figsize=(max(4.0, 0.55 * len(columns) + 2.2), 0.32 * len(rows) + 1.3))
    ax = fig.add_subplot()
    # 0 at the bottom, 1.0 (on target) in the middle, the page's best (at least 2.0) on top.
    top = max([2.0, *(v for row in values for v in row if v is not None)])
    norm = TwoSlopeNorm(vmin=0.0, vcenter=1.0, vmax=top)
    for i, row_values in enumerate(values):
        for j, v in enumerate(row_values):
            colour = ATTAINMENT.get_bad() if v is None else ATTAINMENT(norm(v))
            cell = Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=colour, edgecolor="none")
            cell.set_gid(f"kg-{name}-{i}-{j}")
            ax.add_patch(cell)
    for i, row in enumerate(labels):
        for j, text in enumerate(row):
            ax.text(j, i, text, ha="center", va="center", fontsize=7)
            if marked and marked[i][j]:
                ax.add_patch(
                    Rectangle(
                        (j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#cf222e", linewidth=2
                    )
                )
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xticks(range(len(columns)), list(columns), rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(len(rows)), list(rows), fontsize=7)
    ax.set_title(title, fontsize=10, loc="left")
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=ATTAINMENT), ax=ax, shrink=0.8)
    # The bar in the norm's own spacing: 1.0 (on target) half way up, as the colours are.
    bar.ax.set_yscale("function", functions=(norm, norm.inverse))
    bar.set_ticks(sorted({0.0, 0.5, 1.0, top}))
    bar.ax.tick_params(labelsize=7)
    bar.set_label(scale, fontsize=7)
    fig.tight_layout()
    return svg(fig)


@literal_text
def timeline(
    title: str, sellers: Sequence[str], days: Sequence[str], counts: Sequence[Sequence[int]]
) -> str:
    """Each seller's interactions per day of one period: a dot per active day, sized by count."""
    fig = Figure(figsize=(max(5.0, 0.18 * len(days) + 2.0), 0.3 * len(sellers) + 1.2))
    ax = fig.add_subplot()
    for i, row in enumerate(counts):
        xs = [j for j, n in enumerate(row) if n]
        ax.scatter(xs, [i] * len(xs), s=[18 * row[j] for j in xs], color=AFTER)
    ax.set_yticks(range(len(sellers)), list(sellers), fontsize=7)
    step = max(1, len(days) // 15)
    ax.set_xticks(
        range(0, len(days), step), list(days)[::step], rotation=45, ha="right", fontsize=7
    )
    ax.set_xlim(-1, len(days))
    ax.set_ylim(len(sellers) - 0.5, -0.5)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title, fontsize=10, loc="left")
    fig.tight_layout()
    return svg(fig)


@literal_text
def scatter_by_group(
    title: str,
    points: Sequence[tuple[float, float, str, str]],
    colours: dict[str, str],
    *,
    xlabel: str,
    ylabel: str,
    labelled: Collection[str] = (),
    ylim: tuple[float, float] | None = None,
) -> str:
    """Points (x, y, group, name) coloured by group, each named on hover (an SVG <title>); the
    names in `labelled` are also written beside their point."""
    fig = Figure(figsize=(7.0, 4.2))
    ax = fig.add_subplot()
    hover: list[list[str]] = []
    for group, colour in colours.items():
        mine = [p for p in points if p[2] == group]
        if mine:
            drawn = ax.scatter(
                [p[0] for p in mine],
                [p[1] for p in mine],
                color=colour,
                label=group,
                s=28,
                alpha=0.85,
            )
            drawn.set_gid(f"kg-points-{len(hover)}")
            hover.append([p[3] for p in mine])
    for x, y, _, name in points:
        if name in labelled:
            ax.annotate(name, (x, y), fontsize=7, xytext=(4, 4), textcoords="offset points")
    if any(p[0] > 0 for p in points):
        ax.set_xscale("symlog")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.set_title(title, fontsize=10, loc="left")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return _titled(svg(fig), hover)


_USE = re.compile(r"<use [^>]*/>")


def _titled(text: str, hover: list[list[str]]) -> str:
    """Each point of group `g` (the `<use>` elements of `<g id="kg-points-g">`, in the order
    drawn) wrapped with a <title> of its name, escaped: a browser shows it on hover."""
    for g, names in enumerate(hover):
        start = text.index(f'<g id="kg-points-{g}">')
        end = text.find('<g id="kg-points-', start + 1)
        end = len(text) if end < 0 else end
        part = _USE.split(text[start:end], maxsplit=len(names))
        uses = _USE.findall(text[start:end])[: len(names)]
        titled = [
            f"<g><title>{html.escape(n)}</title>{u}</g>" for n, u in zip(names, uses, strict=False)
        ]
        body = "".join(p + t for p, t in zip(part, [*titled, ""], strict=True))
        text = text[:start] + body + text[end:]
    return text
