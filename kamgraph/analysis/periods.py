"""Reporting periods of DOMAIN.md's activity analysis: ISO weeks, calendar months and quarters."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from kamgraph.interchange import model

Per = model.Period
PERS: tuple[Per, ...] = model.PERIODS


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_of(day: dt.date, per: Per) -> Period:
    if per == "week":
        start = day - dt.timedelta(days=day.weekday())
        year, week, _ = start.isocalendar()
        return Period(f"{year}-W{week:02d}", start, start + dt.timedelta(days=6))
    if per == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(f"{day.year}-{day.month:02d}", day.replace(day=1), day.replace(day=last))
    quarter = (day.month - 1) // 3
    first_month = 3 * quarter + 1
    end_month = first_month + 2
    return Period(
        f"{day.year}-Q{quarter + 1}",
        dt.date(day.year, first_month, 1),
        dt.date(day.year, end_month, calendar.monthrange(day.year, end_month)[1]),
    )


def periods(first: dt.date, last: dt.date, per: Per) -> Iterator[Period]:
    """Every period from the one containing `first` to the one containing `last`."""
    at = period_of(first, per)
    stop = period_of(last, per)
    while at.start <= stop.start:
        yield at
        at = period_of(at.end + dt.timedelta(days=1), per)
