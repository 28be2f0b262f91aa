"""Groups of pending proposals an editor reviews at once, the same for the CLI and the workbench.

A book's checks make hundreds of proposals of one kind, and a translator replacing a name
throughout makes one proposal per occurrence; reviewing them one by one is the slow part of
the work. A group is either every pending proposal of one automatic check, or every pending
proposal one person made of the same change (same quote, same replacement), when there are at
least two. Each has a key people can type (`check:typography.quote-style`, or the proposer's
login and a short hash of the change, since a quote may hold any text: `anna:ee492527ce` for
'Spinosa' -> 'Spinoza'), a label people read, and its items in text order;
`review.approve_many` and `review.reject_many` take them in one write. A key finds its group as
long as any of it is pending, a change left with one proposal too (no longer listed).

A check's label is its plain name, which `align.checks.rule_name` gives; the checks lie in a
layer above the corrections, so callers pass that function in (as for `workspace.search`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from align.corrections.model import Correction, Status, check_origin
from align.corrections.relocate import Located
from align.errors import NotFoundError
from align.hygiene import for_terminal

HASH_CHARS = 10  # hex digits of a change's hash in its group's key
MIN_CHANGE_GROUP = 2  # one person's same change is a group from this many proposals on


@dataclass(frozen=True)
class Group:
    """Pending proposals reviewed together: its key, its label and its items, in text order."""

    key: str
    label: str
    items: tuple[Located, ...]

    def bases(self) -> list[tuple[str, int]]:
        """(correction id, revision) of each item: what a batch review takes, the revisions seen here."""
        return [(a.correction.id, a.correction.revision) for a in self.items]


def _change_key(c: Correction) -> str:
    change = json.dumps([c.quote, c.replacement]).encode("ascii")
    return f"{c.proposer}:{hashlib.sha256(change).hexdigest()[:HASH_CHARS]}"


def _grouped(items: Iterable[Located], rule_label: Callable[[str], str]) -> dict[str, Group]:
    """Every pending one of `items` under its group's key, a change made once included."""
    found: dict[str, tuple[str, list[Located]]] = {}
    for a in items:
        c = a.correction
        if c.status is not Status.PROPOSED:
            continue
        if c.is_automatic:
            rule = for_terminal(c.rule)  # typed as printed (a hand-edited log may hold any text)
            key, label = check_origin(rule), rule_label(rule)  # the key is the origin it groups
        else:
            key, label = _change_key(c), f"{c.proposer}: {c.quote!r} → {c.replacement!r}"
        found.setdefault(key, (label, []))[1].append(a)
    return {key: Group(key, label, tuple(members)) for key, (label, members) in found.items()}


def pending_groups(items: Iterable[Located], rule_label: Callable[[str], str]) -> list[Group]:
    """The groups of the pending ones among `items` (in text order, as `workspace.list_corrections`
    gives them), the largest first; `rule_label` names a check's rule (`align.checks.rule_name`)."""
    groups = [g for g in _grouped(items, rule_label).values()
              if g.items[0].correction.is_automatic or len(g.items) >= MIN_CHANGE_GROUP]
    return sorted(groups, key=lambda g: (-len(g.items), g.key))


def find_group(items: Iterable[Located], key: str, rule_label: Callable[[str], str], doc_id: str) -> Group:
    """The group of the pending ones among `items` with `key`, even a change left with one proposal (the
    others reviewed); NotFoundError when there is none (all reviewed, or a mistyped key)."""
    group = _grouped(items, rule_label).get(key)
    if group is None:
        raise NotFoundError(f"no group {key!r} of pending proposals in {doc_id}; `align list {doc_id} --groups` "
                            "lists them")
    return group
