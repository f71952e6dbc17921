"""What the table builders share: the day strings, the name pools, the layer codes."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any, get_args

from kamgraph.interchange.model import Layer

HISTORY_DAYS = 729  # interactions fall within two years before as_of (both ends inclusive)

Rows = list[dict[str, Any]]  # the rows of one bundle table


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = words(
    "Anna Ben Carla David Eva Felix Greta Hugo Ines Jonas Karin Lars Maria Nils Olga Paul "
    "Rosa Sven Tara Ulf Vera Wim Yara Zoe Ahmed Bianca Chen Dario Elif Fatima Goran Hana Ivan "
    "Julia Kenji Leila Marco Nora Omar Priya Rafael Sara Tomas Uma Viktor Wei Ximena Yusuf Lena "
    "Erik Mia Oskar Emma Lukas Sofia Mateo Ingrid Pedro Aisha Henrik Clara Jan Laura Peter Nina "
    "Stefan Hanna Tobias Elena Markus Amira Daniel Tove Rasmus Linnea Jakob Maja"
)
LAST = words(
    "Andersen Berg Costa Dahl Eriksen Fischer Garcia Hansen Ivanova Jensen Koch Larsen Meyer "
    "Nilsson Olsen Petersen Quist Rossi Schmidt Tanaka Ueda Vogel Weber Xu Yilmaz Zimmermann "
    "Almeida Brandt Carlsson Dubois Ekstrom Fontaine Gruber Holm Iversen Johansson Kowalski Lund "
    "Moreau Novak Okafor Pereira Quintero Richter Santos Torres Urban Varga Wagner Young Haddad "
    "Lindqvist Strand Solberg Reuter Becker Nyberg Schulz Neumann Horn Aas Wojcik Kaya Raman "
    "Bianchi Hoffmann Sato Muller Martin Silva Lopez Kim Nguyen Park Singh Patel Rahimi"
)

# Layer codes used internally: positions in the model's layers, top down.
LAYER_NAMES: tuple[Layer, ...] = get_args(Layer)
DEC, MAN, OPS = range(len(LAYER_NAMES))


@dataclass(frozen=True)
class Days:
    """Shared ISO date strings: ``past[k]`` is k days before as_of, ``future[k]`` k days after."""

    as_of: datetime.date
    past: list[str]
    future: list[str]

    @classmethod
    def around(cls, as_of: datetime.date) -> Days:
        return cls(
            as_of,
            [(as_of - datetime.timedelta(days=k)).isoformat() for k in range(HISTORY_DAYS + 731)],
            [(as_of + datetime.timedelta(days=k)).isoformat() for k in range(731)],
        )


def pick_cum(rng: random.Random, values: tuple[Any, ...], cum: tuple[float, ...]) -> Any:
    return rng.choices(values, cum_weights=cum)[0]
