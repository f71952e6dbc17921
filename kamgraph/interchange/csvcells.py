"""Cells a spreadsheet would run as a formula, made harmless on export and restored on import.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and
LibreOffice (`=HYPERLINK(...)` from a CRM note would become a live link). Export puts one `'` in
front of such a cell, and of a cell that is `'`s followed by one, so the rule can be undone
exactly: import takes one `'` off every cell of that shape. Any other cell is left as it is.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _formula_shaped(cell: str) -> bool:
    return cell.lstrip("'").startswith(FORMULA_STARTS)


def neutralised(cell: str) -> str:
    return "'" + cell if _formula_shaped(cell) else cell


def restored(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _formula_shaped(cell) else cell
