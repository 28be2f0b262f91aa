"""Fit the coefficients of bead confidence (`align.alignment.confidence`) on the dev splits.

Aligns the dev sets (Text+Berg dev, the LIMSI books not reported, Karenina val) as
bench/align_bench.py does, describes every output bead by `confidence.features`, labels it
right when it is a gold bead (strict), and fits a logistic regression (Newton's method with a
small ridge, a few lines of numpy) on Text+Berg dev and Karenina val, the two sets the goal
pools; the LIMSI books (en-fr) stay out of the fit as a check. Prints the AUROC and the share
wrong among the least confident 5% per set, with the confidences in use and with the fitted
coefficients (and, for a fitted set, with those fitted without it), then the fitted ones as
Python to paste into confidence.py. Never reads the test splits.

    .venv/bin/python bench/confidence_fit.py                                   # model-free
    .venv/bin/python bench/confidence_fit.py --model use-m3 --emb-cache /tmp/emb  # with embeddings
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from align.alignment import confidence
from align.alignment.aligner import RawBead, align
from align.alignment.confidence import Feature
from align.alignment.evaluate import confidence_auroc

from align_bench import BENCH, LIMSI_REPORTED, Doc, embedder, limsi, lines, read_alignment

RIDGE = 1e-4  # per bead, on every coefficient but the bias: keeps rare features (5-sentence beads) finite
FITTED = ("Text+Berg dev", "Karenina val")


def dev_sets() -> dict[str, list[Doc]]:
    stem = BENCH / "textberg_defr" / "dev" / "dev"
    kv = BENCH / "ru_en_opus_books_crocoalign" / "vecalign"
    return {
        "Text+Berg dev": [(lines(stem.with_suffix(".de")), lines(stem.with_suffix(".fr")),
                           read_alignment(stem.with_suffix(".defr")))],
        "LIMSI other books": limsi(lambda b: b not in LIMSI_REPORTED),
        "Karenina val": [(lines(kv / "val.ru"), lines(kv / "val.en"), read_alignment(kv / "val.ruen"))],
    }


class Rows:
    """Features, labels and the aligner's own confidences of every output bead of one set."""

    def __init__(self) -> None:
        self.x: list[np.ndarray] = []
        self.golds: list[list] = []
        self.tests: list[list] = []
        self.conf: list[list[float]] = []

    def add(self, gold: list, beads: list[RawBead], src: list[str], tgt: list[str]) -> None:
        spans = [(b.src, b.tgt) for b in beads]
        lengths = [np.array([len(s) for s in side], float) for side in (src, tgt)]
        self.x.append(confidence.features(spans, np.array([b.score for b in beads]), *lengths))
        self.golds.append(gold)
        self.tests.append(spans)
        self.conf.append([b.confidence for b in beads])

    @property
    def y(self) -> np.ndarray:
        return np.array([s in set(g) for g, t in zip(self.golds, self.tests) for s in t], float)

    def extend(self, other: Rows) -> None:
        self.x += other.x
        self.golds += other.golds
        self.tests += other.tests
        self.conf += other.conf

    def rate(self, w: np.ndarray) -> str:
        """AUROC and wrong among the least confident 5%: the aligner's confidences, then with `w`."""
        fitted = [list(1 / (1 + np.exp(-x @ w))) for x in self.x]
        old = confidence_auroc(self.golds, self.tests, self.conf)
        new = confidence_auroc(self.golds, self.tests, fitted)
        return f"in use {old[0]:.3f} / {old[1]:.2f}   fitted {new[0]:.3f} / {new[1]:.2f}"


def fit(x: np.ndarray, y: np.ndarray, ridge: float = RIDGE) -> np.ndarray:
    """Logistic regression by Newton's method (IRLS), ridge on all but the first (bias) column."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], ridge * len(y))
    penalty[0] = 0.0
    used = x.std(axis=0) > 0
    used[0] = True
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.zeros_like(w)
        step[used] = np.linalg.solve(hess[np.ix_(used, used)], grad[used])
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="with sentence embeddings of this model (use-m3 or a directory)")
    ap.add_argument("--emb-cache", type=Path, help="keep the embeddings in this folder between runs")
    args = ap.parse_args()
    embed = embedder(args.model, args.emb_cache)[1] if args.model else None
    sets: dict[str, Rows] = {}
    for name, docs in dev_sets().items():
        rows = sets[name] = Rows()
        for src, tgt, gold in docs:
            embs = (embed(src), embed(tgt)) if embed else (None, None)
            beads = align(src, tgt, src_emb=embs[0], tgt_emb=embs[1])  # the weights `align` uses by default
            rows.add(gold, beads, src, tgt)
    w = fit(*stack([sets[n] for n in FITTED]))
    print(f"fitted on {' and '.join(FITTED)}; AUROC / wrong among the least confident 5%")
    for name, rows in sets.items():
        line = f"  {name:20s} {rows.rate(w)}"
        if name in FITTED:
            without = fit(*stack([sets[n] for n in FITTED if n != name]))
            line += f"   fitted without it {rows.rate(without).split('fitted ')[1]}"
        print(line)
    pooled = Rows()
    for name in FITTED:
        pooled.extend(sets[name])
    print(f"  {'together':20s} {pooled.rate(w)}")
    print("{" + ", ".join(f"Feature.{f.name}: {v:.3f}" for f, v in zip(Feature, w) if v) + "}")


def stack(sets: list[Rows]) -> tuple[np.ndarray, np.ndarray]:
    """The features and labels of several sets, one row per bead."""
    return np.vstack([x for r in sets for x in r.x]), np.concatenate([r.y for r in sets])


if __name__ == "__main__":
    main()
