"""The correction record and its event history.

A correction is an attributable proposal to replace a span of the English text. It is
never stored as state: the log holds events (proposed, revised, approved, rejected,
withdrawn, restored, commented) and the current state of every correction is a replay of them.
The target is recorded the W3C Web Annotation way: exact quote with a little context
(TextQuote) plus character offsets (TextPosition), so it can be found again when the
text changes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from enum import StrEnum
from typing import Any

from align import jsonlog, signing
from align.jsonlog import now  # the one time stamp of every log


class Category(StrEnum):
    """What kind of fault a correction mends."""

    SPELLING = "spelling"
    TRANSLITERATION = "transliteration"
    CONSISTENCY = "consistency"
    TYPOGRAPHY = "typography"
    GRAMMAR = "grammar"
    TERMINOLOGY = "terminology"
    MISTRANSLATION = "mistranslation"
    OTHER = "other"


class Status(StrEnum):
    """Where a correction stands: proposed, then approved or rejected by an editor, or withdrawn."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class EventKind(StrEnum):
    """What one line of the log records."""

    PROPOSED = "proposed"
    REVISED = "revised"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    RESTORED = "restored"  # a withdrawal undone: the proposal is pending again
    COMMENTED = "commented"


_EVENT_KINDS = {k.value: k for k in EventKind}
LAYOUT = signing.Layout("event", "e-", "event")  # how a log line carries an event's id and signature
CONTEXT_CHARS = 32  # characters of text kept before and after the quote
CHECK_ORIGIN = "check:"  # a proposal's origin is "person" or this and the rule of the check that made it


def new_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


@dataclass(frozen=True, slots=True)
class Event:
    """One line of the log: its content, then its id (a hash of the content) and the actor's signature."""

    id: str
    type: EventKind
    correction: str
    actor: str
    role: str
    time: str
    base: int  # the correction's revision the actor saw (0 for a new proposal)
    data: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    sig: str = ""
    nonce: str = ""  # random: two identical actions in one millisecond are still two events (two ids)

    @classmethod
    def signed(cls, signer: signing.Signer, kind: EventKind, correction: str, base: int,
               data: dict[str, Any] | None = None, reason: str = "") -> Event:
        """A new event by `signer`, its id derived from and its signature made over its content."""
        event = cls("", kind, correction, signer.login, str(signer.role), now(), base, data or {}, reason,
                    nonce=uuid.uuid4().hex[:12])
        event_id, sig = signing.sign(signer, LAYOUT, event.content())
        return replace(event, id=event_id, sig=sig)

    def content(self) -> dict[str, Any]:
        """What the id and the signature cover, in the order it is written."""
        return {
            "type": self.type,
            "correction": self.correction,
            "actor": self.actor,
            "role": self.role,
            "time": self.time,
            "base": self.base,
            "data": self.data,
            "reason": self.reason,
            "nonce": self.nonce,
        }

    def to_json(self) -> dict[str, Any]:
        return LAYOUT.line(self.content(), self.id, self.sig)

    @classmethod
    def from_line(cls, raw: bytes) -> tuple[Event, bytes]:
        """Parse a log line: the event and the content bytes its id and signature are checked against."""
        return cls.from_json(jsonlog.loads(raw)), LAYOUT.signed_message(raw)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Event:
        """Parse a log object; raises ValueError naming what is wrong."""
        try:
            kind = _EVENT_KINDS.get(str(obj["type"]))
            event = cls(
                id=str(obj["event"]),
                type=kind,  # type: ignore[arg-type]  # None is refused just below
                correction=str(obj["correction"]),
                actor=str(obj["actor"]),
                role=str(obj.get("role", "")),
                time=str(obj["time"]),
                base=int(obj.get("base", 0)),
                data=dict(obj.get("data") or {}),
                reason=str(obj.get("reason", "")),
                sig=str(obj.get("sig", "")),
                nonce=str(obj.get("nonce", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a correction event ({exc!r})") from None
        if kind is None:
            raise ValueError(f"unknown event type {obj['type']!r}")
        return event


def check_origin(rule: str) -> str:
    """The origin of a proposal a check made: "check:<rule>"."""
    return CHECK_ORIGIN + rule


def is_check(origin: str) -> bool:
    """Whether a proposal of this origin was made by a check (not typed by a person)."""
    return origin.startswith(CHECK_ORIGIN)


def rule_of(origin: str) -> str:
    """The check rule an origin names ("check:spelling.real-word" -> "spelling.real-word"), "" for a person's."""
    return origin.removeprefix(CHECK_ORIGIN) if is_check(origin) else ""


@dataclass(frozen=True, slots=True)
class Correction:
    """Current state of one correction (a replay of its events)."""

    id: str
    doc: str
    segment: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    replacement: str
    category: str  # a Category value when written by this library (a log line may hold any text)
    note: str
    origin: str  # "person" or "check:<rule>"
    status: Status
    proposer: str
    created: str
    updated: str
    revision: int
    reviewer: str | None = None
    reason: str = ""
    history: tuple[Event, ...] = ()

    @property
    def is_automatic(self) -> bool:
        return is_check(self.origin)

    @property
    def rule(self) -> str:
        return rule_of(self.origin)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc": self.doc,
            "segment": self.segment,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "replacement": self.replacement,
            "category": self.category,
            "note": self.note,
            "origin": self.origin,
            "status": self.status,
            "proposer": self.proposer,
            "reviewer": self.reviewer,
            "reason": self.reason,
            "created": self.created,
            "updated": self.updated,
            "revision": self.revision,
        }


_CORRECTION_FIELDS = tuple(f.name for f in dataclass_fields(Correction) if f.name != "history")


class Draft:
    """A correction while a batch of events is folded into it: its fields, changed in place."""

    __slots__ = ("fields", "history")

    def __init__(self, fields: dict[str, Any], history: list[Event]) -> None:
        self.fields = fields  # every field of a Correction but its history
        self.history = history

    @property
    def status(self) -> Status:
        return self.fields["status"]

    @property
    def revision(self) -> int:
        return self.fields["revision"]

    @property
    def proposer(self) -> str:
        return self.fields["proposer"]


# The status each event after a proposal leaves it in (a comment or a revision leaves it as it
# was), the events that record a reviewer, and those that make a new revision. Sets, looked up
# once: on Python 3.11 each `EventKind.X` costs a metaclass attribute lookup, per event replayed.
_STATUS_AFTER = {EventKind.APPROVED: Status.APPROVED, EventKind.REJECTED: Status.REJECTED,
                 EventKind.WITHDRAWN: Status.WITHDRAWN, EventKind.RESTORED: Status.PROPOSED}
_REVIEWED = frozenset({EventKind.APPROVED, EventKind.REJECTED})
_NEW_REVISION = frozenset(EventKind) - {EventKind.COMMENTED}  # comments change no state


class Fold:
    """Events folded into the corrections of one document, a batch at a time.

    Corrections are frozen, so states already handed out never change; making a new one for
    every event, though, copied a correction's twenty fields per line replayed. The
    corrections a batch touches are drafts changed in place instead, made Corrections once,
    when the batch is `close`d.
    """

    def __init__(self, corrections: dict[str, Correction], doc: str) -> None:
        self.corrections = corrections  # written back by `close`
        self.doc = doc
        self._drafts: dict[str, Draft] = {}

    def current(self, correction: str) -> Draft | None:
        """The correction as folded so far, or None if it was never proposed."""
        draft = self._drafts.get(correction)
        if draft is None:
            c = self.corrections.get(correction)
            if c is None:
                return None
            fields = {f: getattr(c, f) for f in _CORRECTION_FIELDS}
            draft = self._drafts[correction] = Draft(fields, list(c.history))
        return draft

    def apply(self, event: Event, current: Draft | None) -> str | None:
        """Fold one event into `current`, its correction's draft (`current(event.correction)`).

        Returns a problem description instead of raising.
        """
        kind = event.type
        if kind is EventKind.PROPOSED:
            if current is not None:
                return f"correction {event.correction} proposed twice"
            try:
                self._drafts[event.correction] = Draft(self._proposal(event), [event])
            except (KeyError, TypeError, ValueError) as exc:
                return f"proposal {event.correction} lacks {exc}"
            return None
        if current is None:
            return f"{kind} event for unknown correction {event.correction}"
        fields = current.fields
        status = _STATUS_AFTER.get(kind)
        if status is not None:
            fields["status"] = status
            fields["reason"] = "" if status is Status.PROPOSED else event.reason  # restored: pending, no reason
            if kind in _REVIEWED:
                fields["reviewer"] = event.actor
        elif kind is EventKind.REVISED:
            fields.update({k: event.data[k] for k in ("replacement", "note", "category") if k in event.data})
        fields["updated"] = event.time
        if kind in _NEW_REVISION:
            fields["revision"] += 1
        current.history.append(event)
        return None

    def _proposal(self, event: Event) -> dict[str, Any]:
        d = event.data
        return {
            "id": event.correction,
            "doc": self.doc,
            "segment": str(d["segment"]),
            "start": int(d["start"]),
            "end": int(d["end"]),
            "quote": str(d["quote"]),
            "prefix": str(d.get("prefix", "")),
            "suffix": str(d.get("suffix", "")),
            "replacement": str(d["replacement"]),
            "category": str(d.get("category", "other")),
            "note": str(d.get("note", "")),
            "origin": str(d.get("origin", "person")),
            "status": Status.PROPOSED,
            "proposer": event.actor,
            "created": event.time,
            "updated": event.time,
            "revision": 1,
            "reviewer": None,
            "reason": "",
        }

    def close(self) -> None:
        """Make the drafts Corrections, in place of the ones they started from."""
        for cid, draft in self._drafts.items():
            self.corrections[cid] = Correction(**draft.fields, history=tuple(draft.history))
        self._drafts.clear()
