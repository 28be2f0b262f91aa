"""Signed log lines: content-derived ids, Ed25519 signatures, and a cache of signatures already checked.

Both append-only logs sign their lines this way: the correction log's events and the
alignment decisions. A signed line is the JSON object of a record's content, as its writer
serialised it, with two members added at its end: the id (`"event"` in the correction log,
`"id"` among the decisions; a BLAKE2b hash of the content bytes), and `"sig"`, the actor's
Ed25519 signature of those same bytes. A reader cuts the two members off the line it read
and checks both against the exact bytes, so nothing is re-serialised and what is verified
is what is applied. Ids follow from content: a line that reuses an id with other content
is caught, and a line a git union merge duplicated has the same id. `screen` judges a
batch of lines read: which are their actor's own, which repeat one counted already, and
why every other is refused.

Checking one signature costs about 0.05 ms of CPU here, so a 100,000-event log would take
5 s on every start. `Verified` remembers which (public key, id, signature) triples this user
has already checked, in a file in their cache folder authenticated with a secret key kept
beside it (readable by them only): someone who can write the project but not the user's
home cannot add entries, any change to the key, the content (so its id) or the signature
misses it, and a line's id is compared with its content's hash on every read, remembered or
not. What is not remembered is checked in one go, on every core (libsodium runs without
Python's lock).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import nacl.bindings
import nacl.exceptions

_ID_BYTES = 16
PARALLEL_FROM = 256  # signatures to check at once worth spreading over the cores
CACHE_ENV = "ALIGN_CACHE_DIR"


class Signer(Protocol):
    """Who signs a record: `align.accounts.Actor` (a login, a role, and a key to sign with)."""

    @property
    def login(self) -> str: ...
    @property
    def role(self) -> str: ...
    def sign(self, message: bytes) -> str: ...


def content_bytes(content: dict[str, Any]) -> bytes:
    """The canonical bytes of a record's content: compact JSON, UTF-8, members in the given order."""
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def content_id(prefix: str, message: bytes) -> str:
    return prefix + hashlib.blake2b(message, digest_size=_ID_BYTES).hexdigest()


@dataclass(frozen=True)
class Layout:
    """How one log signs its lines: what a line holds, its ids' prefix, and the member the id is in."""

    what: str  # "event", "decision": in messages
    prefix: str
    id_member: str
    tail: bytes = field(init=False)  # where the id and signature start: `,"<id member>":"`

    def __post_init__(self) -> None:
        object.__setattr__(self, "tail", b',"' + self.id_member.encode() + b'":"')

    def line(self, content: dict[str, Any], record_id: str, signature: str) -> dict[str, Any]:
        """A signed line's JSON object: the content, then the id and the signature."""
        return {**content, self.id_member: record_id, "sig": signature}

    def signed_message(self, raw: bytes) -> bytes:
        """The content bytes of a signed line (without its trailing id and signature), or b"" if not signed.

        The id and signature are the last members and hold only hex and base64, so the last
        `tail` of the line is where they start (one inside a string would be escaped).
        """
        cut = raw.rfind(self.tail)
        return raw[:cut] + b"}" if cut > 0 else b""


def sign(signer: Signer, layout: Layout, content: dict[str, Any]) -> tuple[str, str]:
    """The id and `signer`'s signature of a record's `content`, both over its canonical bytes."""
    message = content_bytes(content)
    return content_id(layout.prefix, message), signer.sign(message)


def verify(public_key: bytes, message: bytes, signature: str) -> bool:
    """Whether `signature` (base64) is `public_key`'s Ed25519 signature of `message`."""
    try:
        sig = base64.b64decode(signature, validate=True)
        if len(sig) != 64:
            return False
        nacl.bindings.crypto_sign_open(sig + message, public_key)
    except (binascii.Error, ValueError, nacl.exceptions.BadSignatureError, nacl.exceptions.CryptoError):
        return False
    return True


def cache_dir() -> Path:
    """Where verified-signature caches live: $ALIGN_CACHE_DIR, else $XDG_CACHE_HOME/align, else ~/.cache/align."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "align"


Line = tuple[str, str, str, bytes]
"""What `screen` needs of a line read: the id, actor and signature it claims, and its content bytes
(`Layout.signed_message`: b"" when the line has no id and signature at its end)."""


def screen(lines: Sequence[Line], keys: Mapping[str, tuple[bytes, ...]], verified: Verified, layout: Layout,
           seen: set[str]) -> list[str | None]:
    """Per line: "" when it is its actor's own and new, None when it repeats one counted already, else why not.

    `keys` gives each known actor's public keys; `seen` holds the ids counted before, and
    gets the new ones. A line whose id is not its content's is refused (a conflict when
    another line has that id); a repeat of a counted line (a union merge's) is left out
    silently, before its signature is looked at, since its content is the same. Signatures
    checked before (`verified`) are not checked again; the rest are checked together.
    """
    what, prefix = layout.what, layout.prefix
    pair, pairs = Verified.pair, verified.pairs
    verdicts: list[str | None] = []
    unknown: list[Claim] = []
    for line_id, actor, signature, message in lines:
        actor_keys = keys.get(actor)
        if not message and not signature:  # no id and signature at its end: written unsigned
            verdicts.append(f"{what} {line_id} is not signed")
        elif not message or line_id != content_id(prefix, message):
            verdicts.append(None)
        elif actor_keys is None:
            verdicts.append(f"{what} {line_id} is by {actor!r}, who is not in the users file")
        elif not signature:
            verdicts.append(f"{what} {line_id} is not signed")
        else:
            verdicts.append("")
            for key in actor_keys:
                if pair(key, line_id, signature) in pairs:
                    break
            else:
                unknown.append(Claim(actor_keys, message, line_id, signature, len(verdicts) - 1))
    for claim in verified.forged(unknown):
        verdicts[claim.slot] = f"{what} {claim.record_id} does not carry {lines[claim.slot][1]}'s signature"
    for k, ((line_id, _, _, message), verdict) in enumerate(zip(lines, verdicts)):
        if verdict is None:  # its id is not its content's
            verdicts[k] = (f"{what} {line_id} reuses the id of an earlier {what} with other content (a conflict)"
                           if line_id in seen else
                           f"{what} {line_id}: its id does not match its content (changed or written by hand)")
        elif line_id in seen and message:  # its id is its content's: a line a union merge duplicated
            verdicts[k] = None
        elif not verdict:
            seen.add(line_id)
    return verdicts


class Claim(NamedTuple):
    """A line's claim to be signed: by one of `keys`, over `message`, whose id is `record_id`."""

    keys: tuple[bytes, ...]
    message: bytes
    record_id: str
    signature: str
    slot: int  # where the caller keeps the line


class Verified:
    """The (public key, id, signature) triples this user checked before, for one log file."""

    def __init__(self, log_path: Path) -> None:
        self.dir = cache_dir()
        name = hashlib.blake2b(str(log_path.resolve()).encode(), digest_size=16).hexdigest()
        self.path = self.dir / f"verified-{name}.bin"
        self.pairs: set[bytes] = set()
        self.added = False
        self._secret = b""
        try:
            self._secret = self._load_secret()
            self._load()
        except OSError:  # no cache folder to be had: every signature is checked, nothing is kept
            self._secret = b""

    @staticmethod
    def pair(public_key: bytes, record_id: str, signature: str) -> bytes:
        """What is remembered of one checked line: its key, id (so content) and signature, hashed."""
        return hashlib.blake2b(b"|".join((public_key, record_id.encode(), signature.encode())), digest_size=16).digest()

    def forged(self, claims: Sequence[Claim]) -> list[Claim]:
        """The claims whose signature is not by any of their keys, remembering the ones that are.

        Checked on every core when there are many: libsodium runs without Python's lock.
        """
        workers = os.cpu_count() or 1
        if len(claims) < PARALLEL_FROM or workers == 1:
            keys = _signers(claims)
        else:
            size = -(-len(claims) // (4 * workers))  # a few chunks a core: no core idles at the end
            with ThreadPoolExecutor(workers) as pool:
                keys = [k for part in pool.map(_signers, (claims[i:i + size] for i in range(0, len(claims), size)))
                        for k in part]
        for claim, key in zip(claims, keys):
            if key:
                self.pairs.add(self.pair(key, claim.record_id, claim.signature))
                self.added = True
        return [c for c, key in zip(claims, keys) if not key]

    def _load_secret(self) -> bytes:
        self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.dir / "secret"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, "rb") as fh:
                if os.fstat(fh.fileno()).st_uid != os.getuid():
                    raise PermissionError("the cache secret belongs to someone else") from None
                return fh.read()
        secret = os.urandom(32)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secret)
        return secret

    def _load(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        mac, body = data[:32], data[32:]
        if len(self._secret) == 32 and hmac.compare_digest(mac, hmac.digest(self._secret, body, "sha256")):
            self.pairs = {body[i : i + 16] for i in range(0, len(body), 16)}

    def save(self) -> None:
        """Keep the pairs for the next run (atomically; a failure only costs checking again)."""
        if not self.added or len(self._secret) != 32:
            return
        body = b"".join(self.pairs)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(hmac.digest(self._secret, body, "sha256") + body)
            os.replace(tmp, self.path)
            self.added = False
        except OSError:
            tmp.unlink(missing_ok=True)


def _signers(claims: Sequence[Claim]) -> list[bytes]:
    """For each claim, the key of its keys that signed it, or b"" when none did."""
    return [next((key for key in c.keys if verify(key, c.message, c.signature)), b"") for c in claims]
