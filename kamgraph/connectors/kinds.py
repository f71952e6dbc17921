"""Which kind a meeting was: the user-changeable rules of config.KIND_RULES, applied in order.

The kind is what the meeting was, not who came (../shared/CONNECTORS.md): a meeting held online
(a conferencing link, or a phone number as its location) or with "call" in its title is a
`call` whoever attends; `exec_meeting` is for meetings in person with a customer executive.
A rules file (`--kind-rules FILE` or KAMGRAPH_CONNECT__KIND_RULES_FILE) replaces the rules
and/or the online patterns: {"rules": [{"kind": "trial", "title": ["poc"]}, ...],
"online": ["teams\\.microsoft\\.com", ...]}.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from kamgraph.connectors.config import DEFAULT_KIND, ConnectSettings, KindRule
from kamgraph.errors import KamgraphError

_WORDS = re.compile(r"[^0-9a-zäöüßåæøéèáàíóúñ]+")


def norm(text: str) -> str:
    """Lower-case words separated by single spaces, padded: ' call ' in ' quick call '."""
    return f" {_WORDS.sub(' ', text.lower()).strip()} "


@dataclass(frozen=True)
class _Rule:
    kind: str
    words: tuple[str, ...]
    online: bool | None
    executive: bool | None


class KindRules:
    """The compiled rules: `kind_of(title, online, executive)` and `is_online(texts)`."""

    def __init__(self, rules: list[KindRule], online_patterns: list[str]) -> None:
        self.rules = [
            _Rule(r.kind, tuple(norm(w) for w in r.title), r.online, r.executive) for r in rules
        ]
        self.online = re.compile(
            "|".join(f"(?:{p})" for p in online_patterns) or r"(?!x)x", re.I | re.M
        )

    @classmethod
    def of(cls, cfg: ConnectSettings, path: Path | None = None) -> KindRules:
        """The settings' rules, replaced by a rules file (the option's, else the setting's)."""
        source = path or (Path(cfg.kind_rules_file) if cfg.kind_rules_file else None)
        rules, online = list(cfg.kind_rules), list(cfg.online_patterns)
        if source is not None:
            rules, online = _read(source, rules, online)
        return cls(rules, online)

    def is_online(self, *texts: str) -> bool:
        return any(t and self.online.search(t) for t in texts)

    def kind_of(self, title: str, online: bool, executive: bool) -> str:
        words = norm(title)
        for rule in self.rules:
            if rule.online is not None and rule.online != online:
                continue
            if rule.executive is not None and rule.executive != executive:
                continue
            if rule.words and not any(w in words for w in rule.words):
                continue
            return rule.kind
        return DEFAULT_KIND


def _read(path: Path, rules: list[KindRule], online: list[str]) -> tuple[list[KindRule], list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KamgraphError(f"{path}: no such kind rules file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise KamgraphError(f"{path}: cannot be read ({e})") from None
    except json.JSONDecodeError as e:
        raise KamgraphError(f"{path}, line {e.lineno}: not JSON ({e.msg})") from None
    if not isinstance(data, dict) or not set(data) <= {"rules", "online"}:
        raise KamgraphError(f'{path}: expected {{"rules": [...], "online": [...]}}')
    where = "rules"
    try:
        if "rules" in data:
            if not isinstance(data["rules"], list):
                raise KamgraphError(f"{path}: rules: expected a list of rules")
            rules = []
            for n, rule in enumerate(data["rules"]):
                where = f"rules[{n}]"
                rules.append(KindRule.model_validate(rule))
        if "online" in data:
            where = "online"
            online = ConnectSettings(online_patterns=data["online"]).online_patterns
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(x) for x in first["loc"] if x != "online_patterns")
        message = str(first["msg"]).removeprefix("Value error, ")
        raise KamgraphError(f"{path}: {where}{'.' + field if field else ''}: {message}") from None
    return rules, online
