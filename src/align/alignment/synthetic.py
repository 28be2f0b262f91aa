"""A synthetic Russian/English book pair with its gold alignment, for speed and quality runs.

Sentences are random word sequences drawn from the vocabularies of two given texts (so only
length, names, numbers and punctuation tie them together, as for a real aligner without a
dictionary), in paragraphs, with 1-2 splits, 2-1 merges, a Russian passage the English
omits, English paragraphs with no Russian, and English errors of the kinds the checks look
for ('times' -> 'tines', 'Spinoza' -> 'Spinosa', a space before a comma, no space after an
ellipsis). The same texts and seed give the same book. The aligner's tests and the benches
(bench/generate_book.py writes one to disk, bench/align_bench.py --book, bench/pipeline_bench.py)
build it over the sample document.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import iuliia

from align.alignment.evaluate import IndexBead, write_alignment

DOC_ID = "book"
_SYLLABLES = ["ва", "ло", "ми", "ран", "ко", "сер", "гей", "ни", "тин", "бо", "рис", "дан", "ов", "ев", "ин", "ский",
              "лев", "мар", "тов", "зин", "пре", "каш"]


@dataclass
class Book:
    """Both sides as paragraphs of sentences, and the gold beads over sentence indices."""

    ru: list[list[str]]
    en: list[list[str]]
    gold: list[IndexBead]

    @property
    def ru_sentences(self) -> list[str]:
        return [s for p in self.ru for s in p]

    @property
    def en_sentences(self) -> list[str]:
        return [s for p in self.en for s in p]

    def paragraph_numbers(self, lang: str) -> list[int]:
        """The paragraph index of each sentence of one side ('ru' or 'en')."""
        return [k for k, p in enumerate(self.ru if lang == "ru" else self.en) for _ in p]


def _vocab(text: str) -> list[str]:
    """The lower-case words of `text` (with repeats, so frequent words stay frequent); capitalised ones left out."""
    words = re.findall(r"[^\W\d_]+", text)
    return [w.lower() for w in words if not w[0].isupper() and len(w) > 1]


def _names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    out = []
    for _ in range(count):
        ru = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        en = iuliia.WIKIPEDIA.translate(ru)
        if rng.random() < 0.3:  # a second transliteration habit
            en = en.replace("iy", "y").replace("ye", "e").replace("kh", "h")
        out.append((ru, en))
    return out


def _sentence(rng: random.Random, words: list[str], n: int, anchors: list[str], end: str) -> str:
    body = [rng.choice(words) for _ in range(max(n, 2))]
    for a in anchors:
        body.insert(rng.randint(1, len(body)), a)
    if rng.random() < 0.3:
        body.insert(rng.randint(1, len(body) - 1), body.pop(rng.randint(1, len(body) - 1)) + ",")
    return " ".join(body).capitalize()[:1] + " ".join(body)[1:] + end


def generate_book(ru_text: str, en_text: str, n_ru: int = 10_000, seed: int = 1, omission: int = 300) -> Book:
    """A book of `n_ru` Russian sentences in the words of `ru_text`, its English "translation" in the
    words of `en_text`, and the gold beads; `omission` Russian sentences a third of the way in have
    no English."""
    rng = random.Random(seed)
    ru_words, en_words = _vocab(ru_text), _vocab(en_text)
    names = _names(rng, 400)
    ru_pars: list[list[str]] = []
    en_pars: list[list[str]] = []
    gold: list[IndexBead] = []
    ri = ei = 0
    omit_at = n_ru // 3
    while ri < n_ru:
        if ri >= omit_at and omission:  # the Russian pages the English skips, as paragraphs
            left = omission
            while left:
                k = min(left, rng.randint(4, 9))
                par = [_sentence(rng, ru_words, rng.randint(6, 22), [], ".") for _ in range(k)]
                ru_pars.append(par)
                gold += [((ri + q,), ()) for q in range(k)]
                ri += k
                left -= k
            omission = 0
            continue
        if rng.random() < 0.05:  # English paragraphs with no Russian
            k = rng.randint(3, 8)
            en_pars.append([_sentence(rng, en_words, rng.randint(8, 28), [], ".") for _ in range(k)])
            gold += [((), (ei + q,)) for q in range(k)]
            ei += k
            continue
        rp: list[str] = []
        ep: list[str] = []
        for _ in range(rng.randint(2, 8)):
            if ri >= n_ru:
                break
            kind = rng.choices(["1-1", "1-2", "2-1"], [0.9, 0.06, 0.04])[0]
            end = rng.choices([".", "?", "!"], [0.85, 0.1, 0.05])[0]
            anchors_ru, anchors_en = [], []
            if rng.random() < 0.35:
                ru_name, en_name = rng.choice(names)
                anchors_ru.append(ru_name + rng.choice(["", "", "а", "у", "ым"]))
                anchors_en.append(en_name)
            if rng.random() < 0.15:
                num = str(rng.choice([rng.randint(1, 99), rng.randint(1800, 1950)]))
                anchors_ru.append(num)
                anchors_en.append(num)
            n = rng.randint(5, 24)
            if kind == "1-1" or n_ru - ri < 2:
                rp.append(_sentence(rng, ru_words, n, anchors_ru, end))
                ep.append(_sentence(rng, en_words, round(n * rng.uniform(1.1, 1.5)), anchors_en, end))
                gold.append(((ri,), (ei,)))
                ri, ei = ri + 1, ei + 1
            elif kind == "1-2":
                rp.append(_sentence(rng, ru_words, n + 8, anchors_ru, end))
                ep.append(_sentence(rng, en_words, round(n * 0.7) + 3, anchors_en, "."))
                ep.append(_sentence(rng, en_words, round(n * 0.7) + 4, [], end))
                gold.append(((ri,), (ei, ei + 1)))
                ri, ei = ri + 1, ei + 2
            else:
                rp.append(_sentence(rng, ru_words, n // 2 + 3, anchors_ru, "."))
                rp.append(_sentence(rng, ru_words, n // 2 + 4, [], end))
                ep.append(_sentence(rng, en_words, round(n * 1.3) + 8, anchors_en, end))
                gold.append(((ri, ri + 1), (ei,)))
                ri, ei = ri + 2, ei + 1
        if rp:
            ru_pars.append(rp)
            en_pars.append(ep)
    _inject_errors(rng, en_pars)
    return Book(ru_pars, en_pars, gold)


def _inject_errors(rng: random.Random, pars: list[list[str]]) -> None:
    """English errors the checks find; none of them changes the sentence count."""
    for par in pars:
        for k, s in enumerate(par):
            r = rng.random()
            if r < 0.01:
                s = (
                    s.replace(" ", " times ", 1).replace("times", "tines")
                    if rng.random() < 0.5
                    else s.replace(" ", " Spinosa ", 1)
                )
            elif r < 0.02 and "," in s:
                s = s.replace(",", " ,", 1)
            elif r < 0.03 and s.endswith(".") and k + 1 < len(par):
                s = s[:-1] + "…"  # written with no space after it: "word…Next"
            par[k] = s


def write_project(book: Book, out: Path) -> Path:
    """Write texts/{ru,en}/book.txt (one paragraph a line) and book_gold.txt under `out`."""
    for lang, pars in (("ru", book.ru), ("en", book.en)):
        path = out / "texts" / lang / f"{DOC_ID}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(" ".join(p).replace("… ", "…") + "\n" for p in pars), encoding="utf-8")
    (out / "corrections").mkdir(exist_ok=True)
    gold = out / "book_gold.txt"
    write_alignment(gold, book.gold)
    return gold


# -- chaptered books (chapter-aware alignment) ------------------------------------------


@dataclass
class Side:
    """One side of a chaptered book: sentences with their paragraph and chapter numbers."""

    sentences: list[str]
    paragraph: list[int]
    chapter: list[int]


@dataclass
class Pair:
    """A chaptered book pair and its gold beads."""

    ru: Side
    en: Side
    gold: list[IndexBead]


def _cuts(book: Book, k: int) -> list[int]:
    """Indices into the gold beads where a chapter may start (paragraph starts on both sides)."""
    ru_starts: set[int] = set()
    en_starts: set[int] = set()
    for starts, pars in ((ru_starts, book.ru), (en_starts, book.en)):
        pos = 0
        for par in pars:
            starts.add(pos)
            pos += len(par)
    ri = ei = 0
    good = []
    for n, (a, b) in enumerate(book.gold):
        if n and ri in ru_starts and ei in en_starts:
            good.append(n)
        ri, ei = ri + len(a), ei + len(b)
    step = len(good) / k
    return [good[int(step * c)] for c in range(1, k)]


def chaptered_pair(ru_text: str, en_text: str, n_ru: int = 3000, chapters: int = 12, seed: int = 1,
                   drop_chapter: int | None = None, drop_heading: int | None = None) -> Pair:
    """The generated book (no long omission) in `chapters` chapters, each opened by a heading of a few
    words on each side (nothing but length ties them); optionally without one English chapter and
    one English heading (its chapter then runs on from the previous one)."""
    book = generate_book(ru_text, en_text, n_ru, seed, omission=0)
    rng = random.Random(seed + 100)
    ru_words, en_words = _vocab(ru_text), _vocab(en_text)
    ru_par = book.paragraph_numbers("ru")
    en_par = book.paragraph_numbers("en")
    ru_src, en_src = book.ru_sentences, book.en_sentences
    bounds = [0, *_cuts(book, chapters), len(book.gold)]
    ru, en = Side([], [], []), Side([], [], [])
    gold: list[IndexBead] = []
    en_chapter = -1
    for c in range(chapters):
        n_words = rng.randint(2, 4)
        heads = (_sentence(rng, ru_words, n_words, [], "").capitalize(),
                 _sentence(rng, en_words, n_words + 1, [], "").capitalize())
        keep_en = c != drop_chapter
        ru.sentences.append(heads[0])
        ru.paragraph.append(-1 - c)  # a heading is a paragraph of its own
        ru.chapter.append(c)
        head_en = keep_en and c != drop_heading
        if head_en:
            en_chapter += 1
            en.sentences.append(heads[1])
            en.paragraph.append(-1 - c)
            en.chapter.append(en_chapter)
            gold.append(((len(ru.sentences) - 1,), (len(en.sentences) - 1,)))
        else:
            gold.append(((len(ru.sentences) - 1,), ()))
        for a, b in book.gold[bounds[c] : bounds[c + 1]]:
            ra = []
            for i in a:
                ru.sentences.append(ru_src[i])
                ru.paragraph.append(ru_par[i])
                ru.chapter.append(c)
                ra.append(len(ru.sentences) - 1)
            eb = []
            if keep_en:
                for j in b:
                    en.sentences.append(en_src[j])
                    en.paragraph.append(en_par[j])
                    en.chapter.append(max(en_chapter, 0))
                    eb.append(len(en.sentences) - 1)
            if ra and eb:
                gold.append((tuple(ra), tuple(eb)))
            else:  # one-sided beads are single sentences (a 2-1 bead whose English was dropped: two 1-0)
                gold += [((i,), ()) for i in ra] + [((), (j,)) for j in eb]
    return Pair(ru, en, gold)
