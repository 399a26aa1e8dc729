"""Who reports: an agency's name as printed -> the body it is and the division it belongs to.

Reports name the same body differently from year to year (洪泽区人民政府, then 淮安市洪泽区人民政府).
A name is read as the divisions it starts with and the body after them; two names that come to
the same division and the same body are one agency (`Identity.agency_id`). A division name that
several divisions share (朝阳区 is in Beijing and in Changchun) is settled by the report's own
context (its title, text and the portal's 来源 naming 北京 or 长春); where the context does not
settle it, the agency is left unresolved with the reason, never guessed. No Dagster here.
"""

from __future__ import annotations

import hashlib
from functools import cache

import regex

from pipelines.agencies.divisions import Division, Divisions, divisions
from pipelines.model import Identity
from pipelines.templates import agency_rules

__all__ = ["Identity", "identify"]

UNKNOWN_NAME = "(unknown)"


@cache  # compiled once per process from agencies.toml
def _kinds() -> tuple[tuple[str, regex.Pattern], ...]:
    return tuple((k["code"], regex.compile(k["pattern"])) for k in agency_rules()["kind"])


def kind_of(body: str) -> str:
    """The kind of body (agencies.toml): the first whose pattern matches."""
    return next(code for code, pattern in _kinds() if pattern.match(body))


def _key(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _divisions_at_start(name: str, index: Divisions) -> tuple[list[Division], int]:
    """The divisions the name starts with, each within the one before (江苏省淮安市洪泽区):
    the candidates for the last, and where the body starts."""
    found: list[Division] = []
    at = 0
    while at < len(name):
        for length in range(min(index.longest, len(name) - at), 1, -1):
            candidates = index.by_name.get(name[at:at + length], [])
            if found:
                within = {d.code for d in found}
                candidates = [c for c in candidates if any(a.code in within for a in index.ancestors(c))]
            if candidates:
                found, at = candidates, at + length
                break
        else:
            break
    return found, at


def _settled_by_context(candidates: list[Division], context: str, index: Divisions) -> list[Division]:
    """The candidates whose province or prefecture the context names."""
    return [c for c in candidates
            if any(n in context for a in index.ancestors(c) for n in index.names_of(a, for_context=True))]


def _canonical(d: Division, body: str, index: Divisions) -> str:
    """The name spelled from the prefecture down (the province too for a province's own bodies
    and a municipality's districts): 淮安市洪泽区人民政府, 北京市朝阳区人民政府, 江苏省人民政府."""
    chain = index.chain(d)
    names = [chain[level].name for level in ("prefecture", "county") if level in chain]
    if "prefecture" not in chain:
        names.insert(0, chain["province"].name)
    return "".join(dict.fromkeys(names)) + body


def identify(name: str | None, context: str = "") -> Identity:
    """The agency a report's printed name (`name`) stands for; `context` is the report's own
    text around it (title, opening lines, signature, the portal's 来源) for names several
    divisions share."""
    if not name:
        return Identity(_key("name", UNKNOWN_NAME), UNKNOWN_NAME, UNKNOWN_NAME, "unknown", None, "unknown",
                        "no agency name was read from the report")
    index = divisions()
    candidates, at = _divisions_at_start(name, index)
    body = name[at:] or "人民政府"  # a report named by its place alone is its government's
    kind = kind_of(body)
    by_name = _key("name", name)
    if not candidates:
        return Identity(by_name, name, body, kind, None, "unknown", "no administrative division in the name")
    note = None
    if len(candidates) > 1:
        settled = _settled_by_context(candidates, context, index)
        places = "、".join(f"{c.code} {_with_parent(c, index)}" for c in candidates)
        if len(settled) != 1:
            return Identity(by_name, name, body, kind, None, "ambiguous",
                            f"{name[:at]} is {places}: nothing in the report says which")
        candidates = settled
        note = f"{name[:at]} is {places}: the report names {_with_parent(settled[0], index)}"
    d = candidates[0]
    return Identity(_key(d.code, body), _canonical(d, body, index), body, kind, d.code, "resolved", note)


def _with_parent(d: Division, index: Divisions) -> str:
    """A division with the one above it, to tell namesakes apart (长春市朝阳区)."""
    parent = index.by_code[d.parent].name if d.parent else ""
    return parent + d.name
