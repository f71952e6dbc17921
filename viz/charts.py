"""Charts for the HTML pages, drawn by matplotlib as inline SVG: no script, no fetch, printable.

Text is written as SVG `<text>` (matplotlib escapes it as XML), so a chart carries no markup
from the data. Figures are made without pyplot, so nothing global is touched and threads are safe.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from matplotlib import rc_context
from matplotlib.figure import Figure

BEFORE, AFTER = "#8c959f", "#0969da"


def svg(fig: Figure) -> str:
    buffer = io.StringIO()
    # Text as <text> elements (selectable, small), not as glyph paths.
    with rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    # Only the <svg> element, to be placed inside the page; sized by CSS.
    start = text.index("<svg")
    return re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", text[start:], count=1)


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
    for offset, values, colour, name in ((0.2, before, BEFORE, names[0]),
                                         (-0.2, after, AFTER, names[1])):  # fmt: skip
        widths = [v or 0.0 for v in values]
        bars = ax.barh([y + offset for y in ys], widths, height=0.38, color=colour, label=name)
        for bar, v in zip(bars, values, strict=True):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                    " n/a" if v is None else f" {v:g}{unit}", va="center", fontsize=8)  # fmt: skip
    ax.set_yticks(list(ys), list(labels))
    ax.invert_yaxis()
    ax.set_title(title, fontsize=10, loc="left")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.15)
    fig.tight_layout()
    return svg(fig)
