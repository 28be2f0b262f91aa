"""Property: replay never applies a forged or rule-breaking line and never loses a genuine one.

Hypothesis draws sequences of steps on a few corrections. A genuine step is an event the
rules allow at that point, signed by its actor; a forged step is a line that is unsigned,
signed with another's key, changed after signing, by someone not in the users file, reuses
a genuine event's id with other content, or is signed but breaks a rule (a translator's
approval, four eyes, a second review, a step from the wrong status, a stale base). The
test keeps its own small model of the genuine states and compares the replay with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from people import stranger, who

from align import signing
from align.accounts import Actor
from align.corrections import log as store
from align.corrections.log import CorrectionLog
from align.corrections.model import Event, EventKind
from align.project import Project

from conftest import copy_project

DOC = "meetings-with-trotsky"
PROPOSERS = ("anna", "boris", "clara", "checks")
EDITORS = ("boris", "clara")
COMMENTERS = ("anna", "boris", "clara", "dmitri")
FORGERIES = ("unsigned", "other key", "changed", "stranger", "reused id", "translator approves",
             "own approval", "wrong status", "stale base")


@dataclass
class Model:
    """The genuine state: per correction (proposer, status, revision), and the ids applied."""

    corrections: dict[str, list] = field(default_factory=dict)
    applied: list[str] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    forged: list[int] = field(default_factory=list)  # line numbers
    clock: int = 0


def _event(m: Model, signer: Actor, kind: str, cid: str, base: int, *, actor: str | None = None,
           role: str | None = None, data: dict | None = None) -> dict:
    m.clock += 1
    e = Event("", EventKind(kind), cid, actor or signer.login, role or str(signer.role),
              f"2026-11-25T10:{m.clock // 60000:02d}:{m.clock // 1000 % 60:02d}.{m.clock % 1000:03d}Z", base,
              data or {}, "a reason" if kind == "rejected" else "")
    message = signing.content_bytes(e.content())
    return replace(e, id=signing.content_id("e-", message), sig=signer.sign(message)).to_json()


PROPOSAL = {"segment": "s.1", "start": 0, "end": 2, "quote": "ab", "replacement": "cd"}


def _genuine(m: Model, data: hs.DataObject) -> None:
    proposed = [c for c, (_, status, _) in m.corrections.items() if status == "proposed"]
    choices = ["propose", "comment"] + (["revise", "withdraw", "approve", "reject"] if proposed else [])
    what = data.draw(hs.sampled_from(choices if m.corrections else ["propose"]))
    if what == "propose":
        cid = f"c-{len(m.corrections):04d}"
        login = data.draw(hs.sampled_from(PROPOSERS))
        line = _event(m, who(login), "proposed", cid, 0, data=PROPOSAL)
        m.corrections[cid] = [login, "proposed", 1]
    elif what == "comment":
        cid = data.draw(hs.sampled_from(sorted(m.corrections)))
        line = _event(m, who(data.draw(hs.sampled_from(COMMENTERS))), "commented", cid, m.corrections[cid][2])
    else:
        cid = data.draw(hs.sampled_from(proposed))
        proposer, _, revision = m.corrections[cid]
        if what in ("approve", "reject"):
            login = data.draw(hs.sampled_from([e for e in EDITORS if e != proposer]))
        else:
            login = proposer
        kind = {"revise": "revised", "withdraw": "withdrawn", "approve": "approved", "reject": "rejected"}[what]
        line = _event(m, who(login), kind, cid, revision, data={"note": "n"} if what == "revise" else None)
        status = {"revised": "proposed"}.get(kind, kind)
        m.corrections[cid] = [proposer, status, revision + 1]
    m.lines.append(line)
    m.applied.append(line["event"])


def _forged(m: Model, data: hs.DataObject) -> None:
    how = data.draw(hs.sampled_from(FORGERIES))
    cid = data.draw(hs.sampled_from(sorted(m.corrections)))
    proposer, status, revision = m.corrections[cid]
    editor = "clara" if proposer == "boris" else "boris"
    if how == "unsigned":
        line = {**_event(m, who(editor), "approved", cid, revision), "sig": ""}
    elif how == "other key":
        line = _event(m, who("clara" if editor == "boris" else "boris"), "approved", cid, revision, actor=editor)
    elif how == "changed":
        line = _event(m, who(proposer), "revised", cid, revision, data={"replacement": "x"})
        line["data"]["replacement"] = "y"
    elif how == "stranger":
        line = _event(m, stranger("mallory"), "approved", cid, revision, role="god")
    elif how == "reused id":
        line = {**_event(m, who(proposer), "withdrawn", cid, revision), "event": data.draw(hs.sampled_from(m.applied))}
    elif how == "translator approves":
        line = _event(m, who("anna"), "approved", cid, revision)
    elif how == "own approval":
        line = _event(m, who(proposer), "approved", cid, revision)  # a translator's or an editor's own
    elif how == "wrong status":
        if status == "proposed":  # every step may follow "proposed" but a second proposal
            line = _event(m, who(proposer), "proposed", cid, 0, data=PROPOSAL)
        else:
            line = _event(m, who(editor), "approved", cid, revision)
    else:  # a stale base
        line = _event(m, who(proposer), "revised", cid, revision - 1, data={"note": "late"})
    m.lines.append(line)
    m.forged.append(len(m.lines))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=hs.data())
def test_replay_applies_exactly_the_genuine_events(tmp_path_factory, data: hs.DataObject) -> None:
    project = _project(tmp_path_factory)
    m = Model()
    _genuine(m, data)
    for forge in data.draw(hs.lists(hs.booleans(), min_size=1, max_size=30)):
        (_forged if forge else _genuine)(m, data)
    log = CorrectionLog(project, DOC)
    log.path.write_text("".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in m.lines),
                        encoding="utf-8")
    store._SHARED.clear()
    st = log.state()
    applied = [e.id for c in st.corrections.values() for e in c.history]
    assert sorted(applied) == sorted(m.applied)  # nothing forged applied, nothing genuine lost
    assert st.events == len(m.applied)
    assert {cid: [c.proposer, str(c.status), c.revision] for cid, c in st.corrections.items()} == m.corrections
    assert [int(p.split("line ")[1].split(":")[0]) for p in st.problems] == m.forged


_PROJECTS: dict[str, Project] = {}


def _project(factory) -> Project:
    """One project for all examples (each writes its log anew)."""
    if "p" not in _PROJECTS:
        _PROJECTS["p"] = copy_project(Path(factory.mktemp("property")))
    return _PROJECTS["p"]
