"""Cross-language anchor features: what survives translation, as sparse key vectors.

Each sentence of both sides becomes a set of weighted keys shared across the two sides:
numbers and Roman numerals by value (`translit.numbers`, also those inside words: 1920s,
19th), sentence punctuation (? ! : … quotes, dialogue dash), glossary term pairs, and words
matched across the two texts by their `translit.spelling_key` (Cyrillic transliterated in the
Wikipedia scheme, spelling variants merged), then by equal 6-letter stems or a rapidfuzz ratio
on names (Троцкий ~ Trotsky, Главконцесском ~
Glavkontsesscom; for two Latin-script texts this finds cognates such as Zürich ~ Zurich).
Keys found on one side only are dropped: they cannot be evidence either way. `with_keys` adds
keys found otherwise: the word pairs the aligner's second pass learns from the document itself
(`align.alignment.lexicon`).

Words left without a shared key may still be partial cognates (Präsident ~ président, Gruppe ~
groupe, президент ~ president after transliteration) that agree on no 6-letter stem: with
`grams`, the character 4-grams of their spelling keys (the word's start and end marked) that
occur on both sides, in few sentences of each, make a second, graded evidence (`Grams`), which
the aligner scores apart from the keys: shared 4-grams are weaker evidence than a shared word,
and, counted among the keys, diluted them (see `align.alignment.aligner.Params.w_gram`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz, process

from align.translit import numbers, spelling_key

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_QUOTES = set("\"“”«»„‘’‹›")
_DASH_START = re.compile(r"^\s*(?:[-–—]|--)\s*\S")
STEM = 6  # letters of two words' spelling keys that must agree for a stem match
NAME_RATIO = 82.0  # rapidfuzz ratio for two capitalised words to count as one name

WEIGHT_NUMBER = 1.5
WEIGHT_TERM = 1.5
WEIGHT_WORD = 1.0
WEIGHT_PUNCT = 0.3
GRAM = 4  # characters of a cognate n-gram (3: too many chance matches, 5: too few on the dev sets)
GRAM_MIN_WORD = 4  # letters of a word's spelling key for its n-grams to count (shorter: articles, pronouns)
GRAM_MAX_DF = 20  # n-grams in more sentences of either side than this say nothing (-tion, -ment, ^con)


def _punct_keys(text: str) -> list[str]:
    keys = [f"p:{ch}" for ch in "?!:" if ch in text]
    if "…" in text or "..." in text:
        keys.append("p:…")
    if not _QUOTES.isdisjoint(text):
        keys.append("p:q")
    if _DASH_START.match(text):
        keys.append("p:d")
    return keys


_MAY_HAVE_NUMBER = re.compile(r"\d|[IVXLCDM]{2}")  # a digit, or two Roman numeral letters in a row


def number_keys(text: str) -> list[str]:
    """Every number of the text, those inside words too ("1920s" ~ "1920-х", "19th" ~ "XIX")."""
    if not _MAY_HAVE_NUMBER.search(text):  # most sentences: one regex search instead of `numbers`
        return []
    return [f"n:{n.value}" for n in numbers(text)]


def _term_matcher(term: str) -> list[str]:
    """Word stems of a glossary term (tolerates Russian case endings and English 's)."""
    return [w[: max(4, len(w) - 2)] if len(w) > 5 else w for w in (t.lower() for t in _WORD.findall(term))]


def _has_term(words: Sequence[str], stems: Sequence[str]) -> bool:
    return bool(stems) and all(any(w.startswith(s) for w in words) for s in stems)


@dataclass(frozen=True)
class Grams:
    """Sentence-by-n-gram matrices of the words of each side that share no key (0/1 for the source,
    weighted by frequency for the target, as `AnchorFeatures.src_b` and `tgt_w`), and each
    sentence's total n-gram weight."""

    src_b: sp.csr_matrix
    tgt_w: sp.csr_matrix
    src_total: np.ndarray
    tgt_total: np.ndarray


@dataclass(frozen=True)
class AnchorFeatures:
    """Sparse sentence-by-key matrices for the two sides (weights in `*_w`, 0/1 in `*_b`), and each
    sentence's numbers (the aligner also reads them alone: a line whose numbers nothing near it has)."""

    src_b: sp.csr_matrix
    src_w: sp.csr_matrix
    tgt_b: sp.csr_matrix
    tgt_w: sp.csr_matrix
    src_total: np.ndarray  # sum of key weights per source sentence
    tgt_total: np.ndarray
    df_src: np.ndarray  # sentences per key
    df_tgt: np.ndarray
    src_nums: list[frozenset[str]]  # each sentence's number keys, shared with the other side or not
    tgt_nums: list[frozenset[str]]
    grams: Grams | None = None  # n-grams of the words without a key (`extract(..., grams=True)`)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def _word_keys(src_words: list[list[str]], tgt_words: list[list[str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Map each spelling key of each side to a key shared with the other side."""
    uf = _UnionFind()
    vocab: list[set[str]] = [set(), set()]
    names: list[set[str]] = [set(), set()]
    for side, sentences in enumerate((src_words, tgt_words)):
        for w in dict.fromkeys(w for words in sentences for w in words):  # each word once, in order
            f = spelling_key(w)
            vocab[side].add(f)
            if w[:1].isupper() and len(f) >= 4:
                names[side].add(f)
    for side in (0, 1):
        for f in vocab[side]:
            uf.find(f)
            if len(f) >= STEM:
                uf.union(f, "~" + f[:STEM])
    # Names spelled differently beyond their keys (Zinovjev / Zinoviev): fuzzy, by first letter.
    src_buckets: dict[str, list[str]] = defaultdict(list)
    tgt_buckets: dict[str, list[str]] = defaultdict(list)
    for f in sorted(names[0] - vocab[1]):
        src_buckets[f[0]].append(f)
    for f in sorted(names[1]):
        tgt_buckets[f[0]].append(f)
    for letter, src_names in src_buckets.items():
        tgt_names = tgt_buckets.get(letter)
        if not tgt_names:
            continue
        scores = process.cdist(src_names, tgt_names, scorer=fuzz.ratio, score_cutoff=NAME_RATIO, workers=1)
        for a, b in zip(*np.nonzero(scores)):
            uf.union(src_names[a], tgt_names[b])
    maps = [{f: uf.find(f) for f in vocab[side]} for side in (0, 1)]
    shared = set(maps[0].values()) & set(maps[1].values())
    return (
        {f: "w:" + k for f, k in maps[0].items() if k in shared},
        {f: "w:" + k for f, k in maps[1].items() if k in shared},
    )


def _idf(df_src: np.ndarray, df_tgt: np.ndarray) -> np.ndarray:
    """Frequent keys say less: each key's weight factor from its sentence counts on both sides."""
    return 1.0 / (1.0 + np.log(np.maximum(np.maximum(df_src, df_tgt), 1)))


def _ngrams(key: str) -> list[str]:
    """The GRAM-letter pieces of a spelling key, its start and end marked (^pres ... dent$)."""
    w = f"^{key}$"
    return [w[i : i + GRAM] for i in range(len(w) - GRAM + 1)]


def _grams(words: tuple[list[list[str]], list[list[str]]], maps: tuple[dict[str, str], dict[str, str]]) -> Grams:
    """The n-grams of each sentence's words whose spelling keys have no shared key, those found on
    both sides in at most GRAM_MAX_DF sentences of each, weighted by frequency as keys are."""
    sides = []  # per side: sentence-by-word incidence of the words without a shared key, their n-grams
    for sentences, wmap in zip(words, maps):
        keys = {w: spelling_key(w) for w in set(chain.from_iterable(sentences))}
        types = {w: t for t, w in enumerate(w for w, f in keys.items() if len(f) >= GRAM_MIN_WORD and f not in wmap)}
        cols = np.array([types.get(w, -1) for ws in sentences for w in ws], dtype=np.int64)
        rows = np.repeat(np.arange(len(sentences)), [len(ws) for ws in sentences])[cols >= 0]
        cols = cols[cols >= 0]
        inc = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sentences), len(types)))
        sides.append((inc, [_ngrams(keys[w]) for w in types]))
    shared = set(chain.from_iterable(sides[0][1])).intersection(chain.from_iterable(sides[1][1]))
    vocab = {g: i for i, g in enumerate(sorted(shared))}
    mats = []
    for inc, grams in sides:  # sentence by word, times word by n-gram
        owners = [t for t, gs in enumerate(grams) for g in gs if g in vocab]
        found = [vocab[g] for gs in grams for g in gs if g in vocab]
        typ = sp.csr_matrix((np.ones(len(owners)), (owners, found)), shape=(len(grams), len(vocab)))
        mats.append(((inc @ typ) > 0).astype(np.float64).tocsr())
    df = [np.asarray(m.sum(axis=0)).ravel() for m in mats]
    keep = np.flatnonzero(np.maximum(df[0], df[1]) <= GRAM_MAX_DF)
    src_b, tgt_b = mats[0][:, keep].tocsr(), mats[1][:, keep].tocsr()
    idf = sp.diags(_idf(df[0][keep], df[1][keep]))
    src_w, tgt_w = (src_b @ idf).tocsr(), (tgt_b @ idf).tocsr()
    return Grams(src_b, tgt_w, np.asarray(src_w.sum(axis=1)).ravel(), np.asarray(tgt_w.sum(axis=1)).ravel())


def extract(
    src: Sequence[str], tgt: Sequence[str], terms: Sequence[tuple[str, Sequence[str]]] = (), grams: bool = False
) -> AnchorFeatures:
    """Anchor key matrices for two sentence lists; `terms` are (source term, target forms) pairs;
    with `grams`, also the n-grams of the words without a key (`Grams`)."""
    src_words = [_WORD.findall(s) for s in src]
    tgt_words = [_WORD.findall(s) for s in tgt]
    src_map, tgt_map = _word_keys(src_words, tgt_words)
    term_stems = [(_term_matcher(ru), [_term_matcher(e) for e in ens]) for ru, ens in terms]

    def keys_of(text: str, words: list[str], nums: list[str], wmap: dict[str, str], is_src: bool) -> dict[str, float]:
        out: dict[str, float] = {}
        for k in nums:
            out[k] = WEIGHT_NUMBER
        for k in _punct_keys(text):
            out[k] = WEIGHT_PUNCT
        for w in words:
            key = wmap.get(spelling_key(w))
            if key:
                out[key] = WEIGHT_WORD
        if term_stems:
            low = [w.lower() for w in words]
            for n, (ru_stems, en_forms) in enumerate(term_stems):
                hit = _has_term(low, ru_stems) if is_src else any(_has_term(low, f) for f in en_forms)
                if hit:
                    out[f"g:{n}"] = WEIGHT_TERM
        return out

    src_nums = [number_keys(s) for s in src]
    tgt_nums = [number_keys(t) for t in tgt]
    src_keys = [keys_of(t, w, k, src_map, True) for t, w, k in zip(src, src_words, src_nums)]
    tgt_keys = [keys_of(t, w, k, tgt_map, False) for t, w, k in zip(tgt, tgt_words, tgt_nums)]
    in_src = {k for ks in src_keys for k in ks}
    in_tgt = {k for ks in tgt_keys for k in ks}
    vocab = {k: i for i, k in enumerate(sorted(in_src & in_tgt))}
    mats = []
    for rows_keys in (src_keys, tgt_keys):
        rows, cols, vals = [], [], []
        for r, ks in enumerate(rows_keys):
            for k, w in ks.items():
                c = vocab.get(k)
                if c is not None:
                    rows.append(r)
                    cols.append(c)
                    vals.append(w)
        m = sp.csr_matrix((np.array(vals, dtype=np.float64), (rows, cols)), shape=(len(rows_keys), len(vocab)))
        mats.append(m)
    df = [np.asarray((m > 0).sum(axis=0)).ravel() for m in mats]
    idf = _idf(df[0], df[1])
    punct = np.array([k.startswith("p:") for k in vocab], dtype=bool) if vocab else np.zeros(0, bool)
    idf[punct] = 1.0
    scale = sp.diags(idf) if len(vocab) else sp.csr_matrix((0, 0))
    src_w, tgt_w = (mats[0] @ scale).tocsr(), (mats[1] @ scale).tocsr()
    return AnchorFeatures(
        src_b=(mats[0] > 0).astype(np.float64).tocsr(),
        src_w=src_w,
        tgt_b=(mats[1] > 0).astype(np.float64).tocsr(),
        tgt_w=tgt_w,
        src_total=np.asarray(src_w.sum(axis=1)).ravel(),
        tgt_total=np.asarray(tgt_w.sum(axis=1)).ravel(),
        df_src=df[0],
        df_tgt=df[1],
        src_nums=[frozenset(k) for k in src_nums],
        tgt_nums=[frozenset(k) for k in tgt_nums],
        grams=_grams((src_words, tgt_words), (src_map, tgt_map)) if grams else None,
    )



def with_keys(feats: AnchorFeatures, src_keys: sp.csr_matrix, tgt_keys: sp.csr_matrix, weight: float) -> AnchorFeatures:
    """`feats` with more keys: sentence-by-key 0/1 matrices of each side (the same columns, such as
    `align.alignment.lexicon.learn` returns), weighted `weight` and by frequency as the others."""
    df = [np.asarray(m.sum(axis=0)).ravel().astype(int) for m in (src_keys, tgt_keys)]
    idf = weight * _idf(df[0], df[1])
    extra_w = [(m @ sp.diags(idf)).tocsr() for m in (src_keys, tgt_keys)]
    src_w = sp.hstack([feats.src_w, extra_w[0]]).tocsr()
    tgt_w = sp.hstack([feats.tgt_w, extra_w[1]]).tocsr()
    return AnchorFeatures(
        src_b=sp.hstack([feats.src_b, src_keys]).tocsr(),
        src_w=src_w,
        tgt_b=sp.hstack([feats.tgt_b, tgt_keys]).tocsr(),
        tgt_w=tgt_w,
        src_total=np.asarray(src_w.sum(axis=1)).ravel(),
        tgt_total=np.asarray(tgt_w.sum(axis=1)).ravel(),
        df_src=np.concatenate([feats.df_src, df[0]]),
        df_tgt=np.concatenate([feats.df_tgt, df[1]]),
        src_nums=feats.src_nums,
        tgt_nums=feats.tgt_nums,
        grams=feats.grams,
    )
