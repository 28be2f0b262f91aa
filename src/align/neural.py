"""Optional neural score: sentence embeddings from a local sentence-transformers model.

Off unless the user points at a model directory (e.g. a downloaded LaBSE). Never
downloads: the hub is switched to offline mode and only local files are read.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from align.errors import InputError, NotFoundError


def load_model(path: str | Path) -> Any:
    """Load a sentence-transformers model from a local directory (no network)."""
    folder = Path(path)
    if not folder.is_dir():
        raise NotFoundError(f"model directory {folder} does not exist")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise InputError("the neural scorer needs sentence-transformers: pip install 'align[neural]'") from None
    try:
        return SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise InputError(f"{folder} is not a usable sentence-transformers model ({exc})") from None


def embed(model: Any, sentences: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """L2-normalised embeddings, one row per sentence."""
    if not sentences:
        return np.zeros((0, 1), dtype=np.float32)
    vecs = model.encode(list(sentences), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float32)
