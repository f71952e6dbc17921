"""Path parameters that take an id or an exact name, resolved to the id before a route runs.

An unknown name is a 404 listing the closest matches; a name several rows carry is a 409 that
lists them (`api/errors.py`): the request is well formed but must name one, by its id."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from api.deps import StoreDep
from kamgraph.services.names import resolve


def _account(
    account: Annotated[
        str,
        Path(description="An account id, or its exact name.", examples=["nordwind"]),
    ],
    store: StoreDep,
) -> str:
    return resolve(store, "account", account)


def _person(
    person: Annotated[
        str,
        Path(description="A person id, or their exact name.", examples=["nw-p02"]),
    ],
    store: StoreDep,
) -> str:
    return resolve(store, "person", person)


AccountRef = Annotated[str, Depends(_account)]
PersonRef = Annotated[str, Depends(_person)]
