"""Faults of the corrections store: torn writes, killed writers, read-only folder, full disk, hand edits."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from people import who

import align
from align.cli import main
from align.corrections import review, workspace
from align.corrections.log import CorrectionLog
from align.errors import StorageError
from align.project import Project

DOC = "meetings-with-trotsky"
REPO = Path(__file__).resolve().parent.parent


def _propose_some(project: Project, n: int, offset: int = 0) -> list:
    seg = workspace.open_workspace(project, DOC).seg
    anna = who("anna")
    return [review.propose(project, DOC, anna, s.start, s.start + 1, f"#{offset + i}") for i, s in
            enumerate(seg.sentences[offset:offset + n])]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _check_log(project: Project, capsys) -> tuple[int, str]:
    code = main(["--project", str(project.root), "check-log", DOC])
    return code, capsys.readouterr().out


def test_torn_last_line_is_reported_and_kept(project: Project, capsys) -> None:
    made = _propose_some(project, 3)
    log = CorrectionLog(project, DOC)
    with log.path.open("ab") as fh:  # what a writer killed half-way through its write leaves
        fh.write(b'{"event":"e-torn","type":"proposed","correction":"c-tor')
    st = log.state()
    assert set(st.corrections) == {c.id for c in made}
    assert len(st.problems) == 1 and "last line 4" in st.problems[0] and "incomplete" in st.problems[0]
    code, out = _check_log(project, capsys)
    assert code != 0 and "last line 4" in out and "3 events" in out

    later = _propose_some(project, 1, offset=10)[0]  # the next append still works...
    st = CorrectionLog(project, DOC).state()
    assert set(st.corrections) == {c.id for c in [*made, later]}
    assert st.corrections[later.id].replacement == "#10"
    # ...and the torn line stays reported (now a finished bad line), never silently dropped.
    assert len(st.problems) == 1 and "line 4" in st.problems[0] and "not a valid event" in st.problems[0]
    assert b'"c-tor\n' in log.path.read_bytes()
    code, out = _check_log(project, capsys)
    assert code != 0 and "line 4" in out and "4 events" in out


WRITER = """
import sys
from pathlib import Path
from align.corrections import review, workspace
from align.accounts import sign_in
from align.project import Project
project = Project(Path(sys.argv[1]))
anna = sign_in(project, "anna", "demo-anna")
seg = workspace.open_workspace(project, "meetings-with-trotsky").seg
print("ready", flush=True)
i = 0
while True:
    s = seg.sentences[i % len(seg.sentences)]
    c = review.propose(project, "meetings-with-trotsky", anna, s.start, s.start + 1, f"k{i}")
    print(c.history[0].id, flush=True)
    i += 1
"""


def test_killed_writers_lose_no_acknowledged_event(project: Project) -> None:
    rng = random.Random(4)
    acknowledged: list[str] = []
    kills = 4
    for _ in range(kills):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(project.root)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.3))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        acknowledged += [line.strip() for line in proc.stdout if line.strip()]
    st = CorrectionLog(project, DOC).state()
    assert len(acknowledged) > 10
    assert set(acknowledged) <= st.seen_events  # every write the writer saw succeed is there
    assert len(st.problems) <= kills  # at most one torn line per kill
    assert st.events >= len(acknowledged)
    after = _propose_some(project, 1, offset=50)[0]
    assert after.id in CorrectionLog(project, DOC).state().corrections


class _FakeOs:
    """`os` for align.jsonlog (which writes the log) with one function replaced (the rest is the real module)."""

    def __init__(self, **replaced) -> None:
        self.__dict__.update(replaced)

    def __getattr__(self, name: str):
        return getattr(os, name)


def test_full_disk_leaves_log_byte_identical(project: Project, monkeypatch) -> None:
    made = _propose_some(project, 2)
    log = CorrectionLog(project, DOC)
    before = log.path.read_bytes()
    state_before = log.state()

    def write_half_then_fail(fd: int, data: bytes) -> int:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    def short_write(fd: int, data: bytes) -> int:
        return os.write(fd, data[:10])

    seg = workspace.open_workspace(project, DOC).seg
    for fake in (write_half_then_fail, short_write):
        monkeypatch.setattr("align.jsonlog.os", _FakeOs(write=fake))
        with pytest.raises(StorageError, match="nothing was recorded"):
            review.propose(project, DOC, who("anna"), seg.sentences[7].start, seg.sentences[7].start + 1, "#")
        with pytest.raises(StorageError):
            review.approve(project, DOC, who("boris"), made[0].id, base=1)
        monkeypatch.undo()
        assert log.path.read_bytes() == before
        st = log.state()
        assert st is state_before or (st.corrections == state_before.corrections and st.problems == [])
        assert st.corrections[made[0].id].status == "proposed"

    # A full disk while a torn line is present: the newline the writer adds is taken back too.
    with log.path.open("ab") as fh:
        fh.write(b'{"event":"e-half"')
    torn = log.path.read_bytes()
    monkeypatch.setattr("align.jsonlog.os", _FakeOs(write=write_half_then_fail))
    with pytest.raises(StorageError):
        review.approve(project, DOC, who("boris"), made[0].id, base=1)
    monkeypatch.undo()
    assert log.path.read_bytes() == torn
    assert review.approve(project, DOC, who("boris"), made[0].id, base=1).status == "approved"


def test_read_only_corrections_folder_in_process(project: Project, monkeypatch) -> None:
    """Simulated read-only filesystem (EROFS) for anything opened for writing under corrections/."""
    made = _propose_some(project, 1)
    before = _snapshot(project.root)
    state_before = CorrectionLog(project, DOC).state()
    real_open = os.open
    corrections = str(project.corrections_dir)

    def ro_open(path, flags, *args, **kwargs):
        if str(path).startswith(corrections) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", ro_open)
    with pytest.raises(StorageError, match="Read-only file system"):
        review.approve(project, DOC, who("boris"), made[0].id, base=1)
    with pytest.raises(StorageError, match="nothing was recorded"):
        review.propose(project, DOC, who("anna"), 0, 2, "Mx")
    monkeypatch.undo()
    assert _snapshot(project.root) == before
    st = CorrectionLog(project, DOC).state()
    assert st.corrections == state_before.corrections and st.corrections[made[0].id].status == "proposed"


def _unprivileged() -> list[str] | None:
    """A command prefix that runs as an unprivileged user, or [] when we already are one."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _unprivileged_env(prefix: list[str], root: Path) -> dict[str, str]:
    """An environment in which `prefix` runs this checkout's align from a copy in `root`, or skip saying why.

    The checkout may lie where the unprivileged user cannot enter (a clone in root's home), so
    the package is copied beside the project copy; the interpreter and its libraries must be
    usable by that user, which is checked first.
    """
    shutil.copytree(Path(align.__file__).parent, root / "lib" / "align", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(root / "lib"), "PYTHONDONTWRITEBYTECODE": "1"}
    for p in [root, *root.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    every_command = "import align.cli; align.cli.build_parser(); print(align.__file__)"  # all their imports
    probe = subprocess.run([*prefix, sys.executable, "-c", every_command],
                           check=False, capture_output=True, text=True, cwd=root, env=env)
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["no message"])[-1]
        pytest.skip(f"the unprivileged user (uid 65534) cannot run {sys.executable} with align's "
                    f"dependencies: {last}")
    assert probe.stdout.strip().startswith(str(root / "lib")), probe.stdout  # the copy, not another align
    return env


def test_read_only_corrections_folder_for_real(project: Project) -> None:
    """chmod does not stop root, so as root the CLI runs as `nobody` against a chmod'ed copy."""
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("running as root without setpriv: cannot drop privileges")
    made = _propose_some(project, 1)
    root = Path(tempfile.mkdtemp(prefix="align-ro-"))  # outside pytest's root-only (0700) tmp folder
    try:
        shutil.copytree(project.root / "texts", root / "texts")
        shutil.copytree(project.root / "corrections", root / "corrections")
        env = _unprivileged_env(prefix, root)
        for p in root.rglob("*"):
            os.chmod(p, 0o555 if p.is_dir() else 0o444)
        before = _snapshot(root)
        for args in (["approve", made[0].id, "--doc", DOC, "--user", "boris"],
                     ["propose", DOC, "--user", "anna", "--start", "0", "--end", "2", "--replacement", "Mx"]):
            run = subprocess.run(
                [*prefix, sys.executable, "-m", "align", "--project", str(root), *args],
                check=False,
                capture_output=True,
                input=f"demo-{args[args.index('--user') + 1]}\n",  # the password, piped in
                text=True,
                cwd=root,
                env=env,
            )
            assert run.returncode == StorageError.exit_code, run.stderr
            lines = run.stderr.strip().splitlines()
            assert len(lines) == 1 and "Permission denied" in lines[0] and "nothing was recorded" in lines[0], lines
        assert _snapshot(root) == before
    finally:
        for p in root.rglob("*"):
            os.chmod(p, 0o755)
        shutil.rmtree(root)


def test_hand_edited_lines_are_reported_with_line_numbers(project: Project, capsys) -> None:
    made = _propose_some(project, 2)
    log = CorrectionLog(project, DOC)
    good = log.path.read_bytes()
    approve = json.loads(good.splitlines()[0])
    approve.update(event="e-handmade", type="approved", correction="c-nosuchthing", actor="boris", base=1)
    bad = [
        b"this is not json at all",
        b'{"hello": "world"}',
        b"[1, 2, 3]",
        json.dumps(approve).encode(),
        b"\xff\xfe garbage bytes",
        b'{"event":"e-x","type":"exploded","correction":"c","actor":"a","time":"t"}',
    ]
    log.path.write_bytes(good + b"\n".join(bad) + b"\n\n")
    later = _propose_some(project, 1, offset=20)[0]
    st = CorrectionLog(project, DOC).state()
    assert set(st.corrections) == {made[0].id, made[1].id, later.id}
    assert st.events == 3
    assert len(st.problems) == len(bad)
    for n, problem in zip(range(3, 3 + len(bad)), st.problems, strict=True):
        assert f"line {n}:" in problem
    assert "e-handmade: its id does not match its content" in st.problems[3]
    assert "exploded" in st.problems[5]
    code, out = _check_log(project, capsys)
    assert code != 0
    assert all(f"line {n}:" in out for n in range(3, 9))
