"""Who set a glossary entry, proved: the editor's Ed25519 signature over what the entry says.

A glossary is a TOML file people may also edit by hand, so `by` alone proves nothing: anyone who
can write the file can type another person's login. An entry set through the library (`align
glossary set|import`, the Glossary view) carries `sig`, the signing editor's signature over its
content (`ru`, `en`, `avoid`, `note`, `by`, `on`, as align.signing serialises a log line's
content). `attest` checks it against the keys the users file gives `by`, so the list can say
"signed by boris on 2026-11-26", "written by hand", or "changed by hand since boris set it". An
entry changed by hand still counts for the checks and the aligner, as it always did: hand edits
are allowed, only not taken for someone's.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from align import jsonlog
from align.accounts import Actor
from align.glossary import GlossaryEntry
from align.signing import content_bytes, verify


class Attested(StrEnum):
    """What an entry's signature says about who set it."""

    SIGNED = "signed"  # by `by`, and unchanged since
    BY_HAND = "written by hand"  # no signature
    CHANGED = "changed by hand"  # a signature that `by`'s keys do not verify: edited since, or not theirs


def _content(entry: GlossaryEntry) -> bytes:
    return content_bytes({"ru": entry.ru, "en": entry.en, "avoid": list(entry.avoid), "note": entry.note,
                          "by": entry.by, "on": entry.on})


def today() -> str:
    """The date entries set now are stamped with (UTC, as the logs' times are)."""
    return jsonlog.now()[:10]


def signed(actor: Actor, entry: GlossaryEntry) -> GlossaryEntry:
    """`entry` as `actor` sets it now: their login, today's date, and their signature over it."""
    stamped = replace(entry, by=actor.login, on=today(), sig="")
    return replace(stamped, sig=actor.sign(_content(stamped)))


def attest(entry: GlossaryEntry, keys: dict[str, tuple[bytes, ...]]) -> Attested:
    """Whether `entry` is as `entry.by` signed it (`keys`: `align.accounts.public_keys`, read once for a list)."""
    if not entry.sig:
        return Attested.BY_HAND
    message = _content(entry)
    return Attested.SIGNED if any(verify(k, message, entry.sig) for k in keys.get(entry.by, ())) else Attested.CHANGED


def described(entry: GlossaryEntry, keys: dict[str, tuple[bytes, ...]]) -> str:
    """Who set `entry`, in words: "signed by boris on 2026-11-26", "written by hand", "changed by hand since boris
    set it on 2026-11-26"."""
    state = attest(entry, keys)
    if state is Attested.SIGNED:
        return f"signed by {entry.by} on {entry.on}"
    if state is Attested.CHANGED:
        return f"changed by hand since {entry.by or 'someone'} set it" + (f" on {entry.on}" if entry.on else "")
    return "written by hand"
