"""Evaluation of the checks on text they were not tuned on: errors injected into clean published English.

The checks are scored on books nobody tuned them on, with errors put there by a script that
knows the answer. The clean texts are the English sides of `../shared/bench/` (Anna Karenina
vol. 2 with its Russian and gold beads, the LIMSI/TransRead English books, the Bilinguator
Chekhov and Dostoevsky stories), split once and for all into DEV (tune on it) and TEST (report
it, never look at its findings while tuning): `SPLITS`. Texts that write straight quotes are
made curly first (`curly`), so the quote classes have a convention to break.

Each injector proposes sites (`Site`: a span of the clean text, what to write there, the error
class) and the harness takes a seeded random sample of them per text, far apart, so one run of
all checks scores every class. A gold injection is *fixed* when a finding overlapping it, with
its replacement applied, gives back the clean text around it, and *flagged* when any finding
overlaps it. The same checks on the clean text give the false alarms per 1,000 words, per check
family, and separately those with a replacement.

The error classes are evaluation data, not knowledge of any check: confusion pairs, number
words and the false-friend pairs below only decide where an error can be injected. The
misspellings share two facts with the spelling check: what a non-word is (in neither English
word list) and where the keys of a keyboard are; the regional variants share the first (what a
listed word is) and are made by rules of their own, never by the variants check.
"""

from __future__ import annotations

import bisect
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cached_property, lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein
from wordfreq import top_n_list, zipf_frequency

from align.alignment.store import Bead
from align.checks.model import CheckInput, Finding, Word
from align.checks.spelling import keys_near, known
from align.segment import Segmentation, segment_text
from align.translit import RU_CAPITALISED, latin, name_keys, roman_value, spelling_key

SEED = 12
MIN_GAP = 400  # characters between two injections, so no finding can touch two of them
PER_10K_WORDS = 6  # injections per class per 10,000 words of a text (at least one where a site exists)


class Split(Enum):
    DEV = "dev"
    TEST = "test"


class Group(Enum):
    """What an error class needs from a check: to know typography, names, English (in context, or
    its spelling), the source, or the text's regional spelling."""

    TYPOGRAPHY = "typography"
    NAMES = "names"
    CONTEXTUAL = "contextual"
    SOURCE = "source"
    SPELLING = "misspellings"
    VARIANTS = "regional spelling"


# Which clean texts are for tuning and which for the report. Anna Karenina's val part and five
# LIMSI books tune; its test part, the other six LIMSI books and the Bilinguator stories report.
SPLITS: dict[Split, tuple[str, ...]] = {
    Split.DEV: ("karenina:val", "limsi:AlicesAdventuresInWonderland", "limsi:Candide", "limsi:Emma",
                "limsi:JaneEyre", "limsi:LaFauteDeLAbbeMouret"),
    Split.TEST: ("karenina:test", "limsi:DuCoteDeChezSwann", "limsi:LesConfessions",
                 "limsi:LesTravailleursDeLaMer", "limsi:TheLastOfTheMohicans",
                 "limsi:VingtMilleLieuesSousLesMers", "limsi:VoyageAuCentreDeLaTerre",
                 "bilinguator:aptekarsha", "bilinguator:khameleon", "bilinguator:malchik_u_khrista_na_yolke"),
}


# ---------------------------------------------------------------- the clean texts


def karenina(bench: Path, part: str, lang: str = "en") -> str:
    """One part of Anna Karenina vol. 2 (OPUS Books), a paragraph per line."""
    folder = bench / "ru_en_opus_books_crocoalign" / "vecalign"
    return (folder / f"{part}.{lang}").read_text(encoding="utf-8").strip() + "\n"


def karenina_gold(bench: Path, part: str) -> list[tuple[list[int], list[int]]]:
    """The gold beads of a part, `[ru lines]:[en lines]`."""
    beads = []
    path = bench / "ru_en_opus_books_crocoalign" / "vecalign" / f"{part}.ruen"
    for line in path.read_text(encoding="utf-8").splitlines():
        left, right = line.split(":")
        beads.append(([int(x) for x in left.strip("[] ").split(",") if x.strip()],
                      [int(x) for x in right.strip("[] ").split(",") if x.strip()]))
    return beads


def detokenize(tokens: str, quote_open: list[bool]) -> str:
    """Undo the LIMSI tokenization: no space before punctuation and clitics, paired straight quotes."""
    out: list[str] = []
    for tok in tokens.split(" "):
        if tok == '"':
            quote_open[0] = not quote_open[0]
            out.append(" \"" if quote_open[0] else "\"")
        elif re.fullmatch(r"[,.;:!?)\]]+|'s|n't|'[a-z]{1,2}|'", tok) or (out and out[-1] in (" \"", " (", " [")):
            out.append(tok)
        else:
            out.append(" " + tok)
    return "".join(out).strip()


def limsi_books(bench: Path) -> dict[str, str]:
    """The English LIMSI/TransRead books, a paragraph per line (Candide, there three times, once)."""
    books: dict[str, str] = {}
    for path in sorted((bench / "literary_transread_limsi").glob("*/cut_*_en.sents.tsv")):
        name = path.name[4:-len("_en.sents.tsv")]
        if name in books:
            continue
        paras: dict[str, list[str]] = {}
        quote = [False]
        for line in path.read_text(encoding="utf-8").splitlines():
            sid, _, tokens = line.partition("\t")
            paras.setdefault(sid.split(".")[0], []).append(detokenize(tokens, quote))
        books[name] = "\n".join(" ".join(p) for p in paras.values()) + "\n"
    return books


def bilinguator(bench: Path, name: str, lang: str = "en") -> str:
    """A Bilinguator story without its <h1>/<b>/<i>/<delimiter> markup."""
    raw = (bench / "ru_en_bilinguator" / f"{name}_{lang}.txt").read_text(encoding="utf-8")
    return re.sub(r"</?(?:h1|b|i)>|<delimiter>", " ", raw)


_OPENS = "([{—–-\u2014\n "


def curly(text: str) -> str:
    """Straight quotes and apostrophes made curly: an opening mark after a space, line start or
    bracket, a closing mark (or apostrophe) elsewhere. A text that has curly quotes is kept."""
    if "“" in text or "’" in text:
        return text
    out = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else "\n"
        if ch == '"':
            out.append("“" if before in _OPENS else "”")
        elif ch == "'":
            out.append("‘" if before in _OPENS and i + 1 < len(text) and text[i + 1].isalpha() else "’")
        else:
            out.append(ch)
    return "".join(out)


@dataclass
class EvalText:
    """A clean text (a paragraph per line where it has a Russian side) and, for Anna Karenina,
    the Russian and the gold beads over line numbers."""

    name: str
    text: str
    ru: str | None = None
    gold: list[tuple[list[int], list[int]]] | None = None

    @cached_property
    def segmentation(self) -> Segmentation:
        return segment_text(self.text)

    @cached_property
    def input(self) -> CheckInput:
        return CheckInput(self.text, self.segmentation)

    @cached_property
    def lowercase_words(self) -> frozenset[str]:
        """The words of the text, lowercase."""
        return frozenset(w.lower() for w in self.input.word_counts)

    @cached_property
    def ru_segmentation(self) -> Segmentation | None:
        return segment_text(self.ru, lang="ru") if self.ru else None

    @cached_property
    def line_of(self) -> list[int]:
        """The offset where each line starts (sorted: a bisect gives an offset's line)."""
        starts, pos = [], 0
        for line in self.text.splitlines(keepends=True):
            starts.append(pos)
            pos += len(line)
        return starts

    @cached_property
    def ru_of_line(self) -> dict[int, str]:
        """The Russian aligned with each English line (empty when none)."""
        if not self.ru or not self.gold:
            return {}
        ru_lines = self.ru.splitlines()
        out: dict[int, str] = {}
        for r, e in self.gold:
            for n in e:
                out[n] = " ".join(ru_lines[i] for i in r)
        return out

    def ru_at(self, offset: int) -> str:
        """The Russian aligned with the English line holding `offset` ('' when none)."""
        return self.ru_of_line.get(bisect.bisect_right(self.line_of, offset) - 1, "")

    def beads(self, seg: Segmentation, ru: Segmentation) -> list[Bead]:
        """The gold beads over the sentence ids of segmented (possibly injected) texts."""
        def by_line(s: Segmentation) -> dict[int, list[str]]:
            out: dict[int, list[str]] = defaultdict(list)
            for sent in s.sentences:
                out[sent.paragraph_index].append(sent.id)
            return out

        en_lines, ru_lines = by_line(seg), by_line(ru)
        return [Bead(tuple(i for n in r for i in ru_lines[n]), tuple(i for n in e for i in en_lines[n]))
                for r, e in self.gold or []]


def load_texts(bench: Path, split: Split) -> list[EvalText]:
    """The clean texts of a split, quotes made curly."""
    limsi: dict[str, str] = {}
    out = []
    for key in SPLITS[split]:
        kind, name = key.split(":")
        if kind == "karenina":
            # Karenina's lines are kept: a paragraph per line, so the beads stay over line numbers.
            out.append(EvalText(key, curly(karenina(bench, name)), karenina(bench, name, "ru"),
                                karenina_gold(bench, name)))
        elif kind == "limsi":
            limsi = limsi or limsi_books(bench)
            out.append(EvalText(key, curly(limsi[name])))
        else:
            out.append(EvalText(key, curly(bilinguator(bench, name))))
    return out


# ---------------------------------------------------------------- injectors


@dataclass(frozen=True)
class Site:
    """Write `injected` over clean text[start:end] (the gold fix is that clean text) and over the `also`
    spans; `key` stops two injections of one name in one text."""

    start: int
    end: int
    injected: str
    cls: str
    key: str = ""
    also: tuple[tuple[int, int], ...] = ()  # other spans written alike, not scored (a name written one way throughout)


Injector = Callable[[EvalText], Iterator[Site]]


@dataclass(frozen=True)
class ErrorClass:
    name: str
    group: Group
    inject: Injector
    fixable: bool = True  # False: only a flag is expected (an invalid numeral, a source mismatch)
    per_10k: int = PER_10K_WORDS  # injections per 10,000 words of a text
    min_gap: int = MIN_GAP  # characters from every injection chosen before


def _sites(text: str, pattern: str, cls: str, repl: Callable[[re.Match[str]], str | None],
           group: int = 0, flags: int = 0) -> Iterator[Site]:
    for m in re.finditer(pattern, text, flags):
        new = repl(m)
        if new is not None and new != m.group(group):
            yield Site(m.start(group), m.end(group), new, cls)


def straight_double(t: EvalText) -> Iterator[Site]:
    yield from _sites(t.text, r"[“”]", "typography.straight-quote", lambda m: '"')


def straight_apostrophe(t: EvalText) -> Iterator[Site]:
    yield from _sites(t.text, r"(?<=[^\W\d_])’(?=[^\W\d_])", "typography.straight-apostrophe", lambda m: "'")


def straight_possessive(t: EvalText) -> Iterator[Site]:
    """A word-final possessive apostrophe ("the Joneses’ house"), or a closing single quote."""
    yield from _sites(t.text, r"(?<=[a-z]s)’(?= [a-z])", "typography.straight-possessive", lambda m: "'")


def space_before_punctuation(t: EvalText) -> Iterator[Site]:
    yield from _sites(t.text, r"(?<=[a-z])[,;:?!](?= [a-z])", "typography.space-before-punctuation",
                      lambda m: " " + m.group())


def doubled_punctuation(t: EvalText) -> Iterator[Site]:
    yield from _sites(t.text, r"(?<=[a-z])[,;](?= [a-z])", "typography.doubled-punctuation",
                      lambda m: m.group() * 2)


def hyphen_as_dash(t: EvalText) -> Iterator[Site]:
    """A dash (spaced or not) typed as a spaced hyphen."""
    yield from _sites(t.text, r"(?<=[a-z])(?: ?[—–] ?|--)(?=[a-z])", "typography.hyphen-as-dash", lambda m: " - ")


def ellipsis_space(t: EvalText) -> Iterator[Site]:
    yield from _sites(t.text, r"(?<=[a-z])(?:…|\.\.\.) (?=[A-Z][a-z])", "typography.ellipsis-space",
                      lambda m: m.group().rstrip())


_ELLIPSES = r"…|(?<!\.)\.\.\.(?!\.)"


def ellipsis_style(t: EvalText) -> Iterator[Site]:
    """An ellipsis in the other style than the text's (where it has two and ten times more of one style)."""
    styles = Counter(re.findall(_ELLIPSES, t.text)).most_common()
    if not styles or styles[0][1] < 2 or len(styles) > 1 and styles[0][1] < 10 * styles[1][1]:
        return
    major = styles[0][0]
    other = "..." if major == "…" else "…"
    yield from _sites(t.text, _ELLIPSES, "typography.ellipsis-style", lambda m: other if m.group() == major else None)


def space_in_possessive(t: EvalText) -> Iterator[Site]:
    yield from _sites(t.text, r"(?<=[A-Z][a-z]{2})’s\b", "typography.space-in-possessive", lambda m: "’ s")


_BAD_ROMAN = {"IV": "IIII", "IX": "VIIII", "XL": "XXXX", "XC": "LXXXX"}


def invalid_roman(t: EvalText) -> Iterator[Site]:
    """A valid numeral of two letters or more written invalidly (IV as IIII, XIV as XIIII)."""
    def bad(m: re.Match[str]) -> str | None:
        tok = m.group()
        if not roman_value(tok):
            return None
        for good, wrong in _BAD_ROMAN.items():
            if good in tok:
                return tok.replace(good, wrong, 1)
        return tok + "I" if roman_value(tok + "I") is None else None  # XIII → XIIII

    yield from (Site(s.start, s.end, s.injected, "typography.invalid-roman")
                for s in _sites(t.text, r"\b[IVXLC]{2,}\b", "", bad))


# -- names

def _name_words(t: EvalText, min_count: int = 2) -> dict[str, list[tuple[int, int]]]:
    """Capitalised words (possessive dropped) the text uses mid-sentence at least `min_count` times
    and never lowercase, with the spans of their mid-sentence uses: the text's names."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lower = {w.text for w in t.input.words if w.text.islower()}
    for w in t.input.words:
        base = re.sub(r"['’]s$", "", w.text)
        if w.sentence_initial or not base[0].isupper() or base.isupper() or len(base) < 4:
            continue
        if base.lower() in lower:
            continue
        spans[base].append((w.start, w.start + len(base)))
    return {k: v for k, v in spans.items() if len(v) >= min_count}


# Older English and German renderings, and the choices of the transliteration schemes
# (evaluation data: where a variant can be written, not what a check knows).
_VARIANT_RULES: tuple[tuple[str, str], ...] = (
    (r"ov$", "off"), (r"ev$", "eff"), (r"sky$", "ski"), (r"sky$", "skiy"), (r"sky$", "skii"), (r"ky$", "kij"),
    (r"(?<=[a-z])ch", "tch"), (r"(?<=[a-z])v", "w"), (r"x", "ks"), (r"ks", "x"), (r"kh", "h"), (r"kh", "ch"),
    (r"ts", "tz"), (r"ya", "ia"), (r"ya", "ja"), (r"yu", "iu"), (r"zh", "j"), (r"shch", "sch"),
    (r"(?<=[a-z])y(?=[aeiou])", "i"), (r"(?<=[aeiou])i(?=[aeiou])", "y"), (r"iy$", "y"), (r"y$", "iy"),
    (r"ei", "ey"), (r"ey", "ei"), (r"(?<=[a-z])e(?=v)", "ye"), (r"^E", "Ye"), (r"^Ye", "E"),
)


def _variants(name: str) -> list[str]:
    out = []
    for pattern, repl in _VARIANT_RULES:
        v = re.sub(pattern, repl, name, count=1)
        if v != name and v[0].isupper():
            out.append(v)
    return out


class Slip(Enum):
    """The slips people make in a word (Damerau 1964: about 80% of misspellings are one of these):
    a letter added, dropped or doubled, two adjacent letters swapped, or a letter changed."""

    INSERT = "insert"
    DROP = "drop"
    DOUBLE = "double"
    TRANSPOSE = "transpose"
    SUBSTITUTE = "substitute"


NAME_SLIPS = (Slip.INSERT, Slip.DROP, Slip.DOUBLE, Slip.TRANSPOSE)  # a changed letter in a name is a variant
_VOWELS = "aeiou"


def _typed_instead(c: str, rng: random.Random) -> str:
    """The letter a typist or speller writes for `c` (Kukich 1992): a vowel for a vowel, else a key beside it."""
    if c in _VOWELS and rng.random() < 0.5:
        return rng.choice(_VOWELS.replace(c, ""))
    return rng.choice(keys_near().get(c, _VOWELS))


def _letter_slips(word: str, rng: random.Random, kinds: Sequence[Slip] = NAME_SLIPS, typed: bool = False) -> str:
    """One slip of `kinds` anywhere in the word but its first letter, the last one included (Voltair,
    Hegell, Voltaires, Nietzshce); the word itself when it has no two different letters to swap.
    A name gets a common letter added; a `typed` word a key beside the letter before, or a letter changed."""
    kind = rng.choice(kinds)
    if kind is Slip.TRANSPOSE:
        swaps = [i for i in range(1, len(word) - 1) if word[i] != word[i + 1]]
        if not swaps:
            return word
        i = rng.choice(swaps)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    i = rng.randrange(1, len(word) + (kind is Slip.INSERT))  # a letter may be added after the last
    if kind is Slip.DROP:
        return word[:i] + word[i + 1 :]
    if kind is Slip.DOUBLE:
        return word[:i] + word[i] + word[i:]
    if kind is Slip.SUBSTITUTE:
        return word[:i] + _typed_instead(word[i], rng) + word[i + 1 :]
    added = rng.choice(keys_near().get(word[i - 1], _VOWELS)) if typed else rng.choice("aeiourlnst")
    return word[:i] + added + word[i:]


def _rng(t: EvalText, cls: str) -> random.Random:
    return random.Random(f"{SEED}:{t.name}:{cls}")


def name_variant(t: EvalText) -> Iterator[Site]:
    """A name of the text written once in another transliteration or an older rendering."""
    for name, spans in _name_words(t, 3).items():
        if zipf_frequency(name.lower(), "en") >= 3.0:
            continue
        for v in _variants(name):
            s, e = spans[len(spans) // 2]
            yield Site(s, e, v, "names.variant", name)


def _unknown(t: EvalText, spelling: str) -> bool:
    """Whether a slip writes a spelling English hardly knows and the text does not use (Oblonskys
    without its s is the text's Oblonsky: another word, no slip to find)."""
    return zipf_frequency(spelling.lower(), "en") < 1.5 and spelling.lower() not in t.lowercase_words


def name_letter(t: EvalText) -> Iterator[Site]:
    """A name of the text written once with a letter added, dropped or doubled, or two letters swapped."""
    rng = _rng(t, "names.letter")
    for name, spans in _name_words(t, 3).items():
        if len(name) < 5 or zipf_frequency(name.lower(), "en") >= 3.0:
            continue
        v = _letter_slips(name, rng)
        if _unknown(t, v):
            s, e = spans[len(spans) // 2]
            yield Site(s, e, v, "names.letter", name)


def name_source(t: EvalText) -> Iterator[Site]:
    """A name written once as another scheme transliterates its aligned Russian (Karenina only)."""
    if not t.ru:
        return
    import iuliia

    from align.translit import ru_stems

    for name, spans in _name_words(t, 2).items():
        key = spelling_key(name)
        s, e = spans[len(spans) // 2]
        ru = t.ru_at(s)
        for word in RU_CAPITALISED.findall(ru):
            if key not in name_keys(word):
                continue
            options = {latin(stem, scheme).capitalize()
                       for stem in ru_stems(word)
                       for scheme in (iuliia.ICAO_DOC_9303, iuliia.GOST_7034, iuliia.ALA_LC, iuliia.MVD_310)}
            # a rendering of the same form: a letter or two apart, the same last letter (no case ending)
            options = {v for v in options if v != name and v.isalpha() and v[-1] == name[-1]
                       and Levenshtein.distance(v.lower(), name.lower()) <= 2}
            if options:
                yield Site(s, e, min(options), "names.source-scheme", name)
            break


def name_lowercase(t: EvalText) -> Iterator[Site]:
    """A name or proper adjective written once in lowercase (Jacobin → jacobin)."""
    for name, spans in _name_words(t, 3).items():
        if zipf_frequency(name.lower(), "en") >= 4.0:  # lowercase it would be a common word (Hope, Grace)
            continue
        s, e = spans[len(spans) // 2]
        yield Site(s, e, name.lower(), "names.lowercase", name)


def name_multiword_case(t: EvalText) -> Iterator[Site]:
    """A two-word name the text writes capitalised (Winter Palace) written once 'Winter palace'."""
    pairs: dict[str, list[re.Match[str]]] = defaultdict(list)
    lower = t.input.word_counts
    for m in re.finditer(r"(?<=[a-z,;] )([A-Z][a-z]+) ([A-Z][a-z]{3,})\b", t.text):
        pairs[m.group()].append(m)
    for pair, ms in pairs.items():
        second = ms[0].group(2)
        if len(ms) < 2 or lower[second.lower()] == 0 or zipf_frequency(second.lower(), "en") < 3.0:
            continue
        m = ms[len(ms) // 2]
        yield Site(m.start(2), m.end(2), second.lower(), "names.multiword-case", pair)


_WELL_KNOWN_ZIPF = 3.5


def well_known_misspelt(t: EvalText) -> Iterator[Site]:
    """A capitalised word English knows well (a name: Moscow, Petersburg, Napoleon) misspelt once."""
    rng = _rng(t, "names.well-known")
    for name, spans in _name_words(t, 1).items():
        if zipf_frequency(name.lower(), "en") < _WELL_KNOWN_ZIPF or len(name) < 5:
            continue
        options = _variants(name) + [_letter_slips(name, rng)]
        v = rng.choice(options)
        if _unknown(t, v):
            s, e = spans[0]
            yield Site(s, e, v, "names.well-known", name)


# How German books write Russian names (Duden's transcription: Dostojewski, Puschkin, Tschechow,
# Wronski), evaluation data for the consistent-rendering class; French comes from iuliia's
# MVD_310_FR (Pouchkine, Tchekhov, Lenine) and older English from `_VARIANT_RULES`.
_GERMAN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                   ("a", "b", "w", "g", "d", "e", "jo", "sch", "s", "i", "j", "k", "l", "m", "n", "o", "p", "r", "s",
                    "t", "u", "f", "ch", "z", "tsch", "sch", "schtsch", "", "y", "", "e", "ju", "ja"), strict=True))
_OLDER_ENGLISH = ((r"ov$", "off"), (r"ev$", "eff"), (r"sky$", "ski"), (r"(?<=[a-z])ch", "tch"), (r"(?<=[a-z])v", "w"))


def _german(ru: str) -> str:
    """A Russian word as German books write it: -ий as -i (Wronski), е as je at the start and after a
    vowel (Jewgeni), с doubled between vowels (Wassili)."""
    low = ru.lower()
    low = re.sub(r"[иы]й$", "i", low)
    out = []
    for i, c in enumerate(low):
        before, after = low[i - 1 : i], low[i + 1 : i + 2]
        if c == "е" and (not before or before in "аеёиоуыэюяьъ"):
            out.append("je")
        elif c == "с" and before and after and before in "аеиоуыэюя" and after in "аеиоуыэюя":
            out.append("ss")
        else:
            out.append(_GERMAN.get(c, c))
    return "".join(out).capitalize()


def _wrong(t: EvalText, form: str, name: str) -> bool:
    """Whether a form written for a name is a wrong one: another word, rarer in English, not one of the text."""
    return (form != name and form.isalpha() and form.isascii() and form.lower() not in t.lowercase_words
            and zipf_frequency(form.lower(), "en") < zipf_frequency(name.lower(), "en"))


def consistent_rendering(t: EvalText) -> Iterator[Site]:
    """A name English knows (wordfreq zipf >= 1.5) that the aligned Russian names, written the same wrong
    way at EVERY occurrence, as a translator following another habit would: its Russian as French
    (iuliia's MVD_310_FR) or German books render it, or an older English rendering of it (-off, -ski,
    tch, w), else one slip repeated. Made from rendering habits, not from the names check: the wrong
    form only has to be rarer in English than the name and not a word of the text (`_wrong`). A site is one occurrence
    where the Russian names the person (scored); the others are rewritten alike (`Site.also`)."""
    if not t.ru:
        return
    import iuliia

    rng = _rng(t, "names.consistent-rendering")
    for name, spans in _name_words(t, 3).items():
        z = zipf_frequency(name.lower(), "en")
        if z < 1.5:
            continue
        key = spelling_key(name)
        ru_names = {s: RU_CAPITALISED.findall(t.ru_at(s)) for s, _ in spans}
        backed = [(s, e) for s, e in spans if any(key in name_keys(w) for w in ru_names[s])]
        nominative = next((w for s, _ in backed for w in ru_names[s] if spelling_key(latin(w)) == key), None)
        if not backed or nominative is None:
            continue
        habits = [latin(nominative, iuliia.MVD_310_FR).capitalize(), _german(nominative)]
        habits += [re.sub(p, r, name, count=1) for p, r in _OLDER_ENGLISH]
        slip = _letter_slips(name, rng)
        options = [v for v in dict.fromkeys(habits) if _wrong(t, v, name)] or [slip] * _wrong(t, slip, name)
        if not options:
            continue
        wrong = rng.choice(options)
        every = [(m.start(), m.end()) for m in re.finditer(rf"\b{name}(?=s?\b)", t.text)]
        for s, e in backed:
            yield Site(s, e, wrong, "names.consistent-rendering", name, tuple(x for x in every if x[0] != s))


# -- contextual (evaluation data: pairs English writers confuse)

CONFUSION_PAIRS = (
    ("accept", "except"), ("affect", "effect"), ("than", "then"), ("its", "it's"), ("loose", "lose"),
    ("principal", "principle"), ("lead", "led"), ("quiet", "quite"), ("weather", "whether"),
    ("your", "you're"), ("their", "there"), ("to", "too"), ("passed", "past"), ("breath", "breathe"),
    ("advice", "advise"), ("desert", "dessert"), ("compliment", "complement"), ("council", "counsel"),
    ("whose", "who's"), ("were", "where"), ("of", "off"), ("later", "latter"), ("chose", "choose"),
    ("piece", "peace"), ("course", "coarse"), ("lie", "lay"), ("rise", "raise"), ("cloth", "clothe"),
)
_PARTNER = {a: b for a, b in CONFUSION_PAIRS} | {b: a for a, b in CONFUSION_PAIRS}
_STRAIGHT = str.maketrans("’", "'")


def confusion_swap(t: EvalText) -> Iterator[Site]:
    for w in t.input.words:
        partner = _PARTNER.get(w.text.translate(_STRAIGHT))
        if partner and w.text.islower():
            yield Site(w.start, w.end, partner.replace("'", "’"), "contextual.confusion")


def _real_word_slip(word: str, rng: random.Random, vocab: frozenset[str]) -> str | None:
    """A real English word one substitution, insertion, deletion or swap from `word`."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    edits = {word[:i] + c + word[i + 1 :] for i in range(len(word)) for c in letters}
    edits |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters}
    edits |= {word[:i] + word[i + 1 :] for i in range(len(word))}
    edits |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    real = sorted(e for e in edits if e != word and e in vocab and len(e) >= 3)
    return rng.choice(real) if real else None


@lru_cache(maxsize=1)
def _vocab() -> frozenset[str]:
    """The 30,000 most frequent English words."""
    return frozenset(top_n_list("en", 30_000))


def real_word_typo(t: EvalText) -> Iterator[Site]:
    """A common word turned into another real word by one letter (times → tines, from → form)."""
    vocab = _vocab()
    rng = _rng(t, "contextual.real-word")
    for w in t.input.words:
        if not w.text.islower() or len(w.text) < 4 or w.text not in vocab or w.text in _PARTNER:
            continue
        if rng.random() > 0.05:  # only look at some words: the sample needs few
            continue
        slip = _real_word_slip(w.text, rng, vocab)
        if slip:
            yield Site(w.start, w.end, slip, "contextual.real-word")


# -- misspellings of ordinary words

# What spellers write by rule rather than by a slip of the hand (Kukich 1992's cognitive errors;
# the lists of commonly misspelt English words are full of them): ie for ei and back, a doubled
# consonant written once or a single one doubled, -ance/-ence, -ant/-ent, -able/-ible.
_SPELLER_RULES: tuple[tuple[str, str], ...] = (
    (r"ie", "ei"), (r"ei", "ie"), (r"([bcdfgklmnprstz])\1", r"\1"),
    (r"(?<=[^aeiou][aeiou])([bcdfglmnprt])(?=[aeiou]|$)", r"\1\1"),
    (r"anc(?=(?:e|es|y)$)", "enc"), (r"enc(?=(?:e|es|y)$)", "anc"), (r"ant(?=(?:|s|ly)$)", "ent"),
    (r"ent(?=(?:|s|ly)$)", "ant"), (r"abl(?=[ey]$)", "ibl"), (r"ibl(?=[ey]$)", "abl"),
)
_WELL_KNOWN_WORD = 3.0  # zipf: a word English writes at least once per million words
_SPELLER_SHARE = 0.3  # of the words a rule applies to, misspelt by the rule rather than slipped


def _speller_slips(word: str) -> list[str]:
    """The word misspelt by each rule wherever it applies (never at the first letter)."""
    return [word[: m.start()] + m.expand(repl) + word[m.end() :]
            for pattern, repl in _SPELLER_RULES for m in re.finditer(pattern, word) if m.start() > 0]


def _non_word(t: EvalText, spelling: str) -> bool:
    """Whether a misspelling is no English word: in neither curated word list (pyspellchecker's,
    symspellpy's), rare in wordfreq (which also counts the web's misspellings: "recieve", "thier"),
    and not a word of the text."""
    return not known(spelling) and zipf_frequency(spelling, "en") < _WELL_KNOWN_WORD \
        and spelling not in t.lowercase_words


def non_word(t: EvalText) -> Iterator[Site]:
    """A common lowercase word (not a name of the text) misspelt into a non-word: a slip of the
    hand (Damerau 1964), or where one applies, now and then a speller's rule (recieve, begining)."""
    rng = _rng(t, "spelling.non-word")
    names = {n.lower() for n in t.input.capitalised}
    for w in t.input.words:
        if len(w.text) < 4 or not (w.text.isalpha() and w.text.isascii() and w.text.islower()) or w.text in names:
            continue
        if rng.random() > 0.1 or zipf_frequency(w.text, "en") < _WELL_KNOWN_WORD:  # the sample needs few
            continue
        by_rule = _speller_slips(w.text)
        if by_rule and rng.random() < _SPELLER_SHARE:
            slip = rng.choice(by_rule)
        else:
            slip = _letter_slips(w.text, rng, tuple(Slip), typed=True)
        if _non_word(t, slip):
            yield Site(w.start, w.end, slip, "spelling.non-word")


# -- grammar a translator's English shows (evaluation data: where an error can be written)

_SINGULAR_OF = {"were": "was", "are": "is", "have": "has"}


def agreement(t: EvalText) -> Iterator[Site]:
    """A verb made to disagree with the noun before it: "the peoples were" → "was" (the plural
    noun ends in -s, its singular is a word, and it is no noun of either number in lemminflect's
    lexicon: "the series have" → "has" is no error), and "the man was" → "were" for nouns English
    never writes with "are" or "have" (so no collective: "the family were" is no error)."""
    from lemminflect import getLemma

    from align.checks.spelling import bigrams

    seen = bigrams()
    for m in re.finditer(r"\b(?i:the|these|those|his|her|my|our|their|your)\s+([a-z]{3,}s)\s+(were|are|have)\b",
                         t.text):
        noun = m.group(1)
        if not noun.endswith(("ss", "us", "is")) and zipf_frequency(noun[:-1], "en") >= 3.0 \
                and noun not in getLemma(noun, upos="NOUN"):
            yield Site(m.start(2), m.end(2), _SINGULAR_OF[m.group(2)], "contextual.agreement")
    for m in re.finditer(r"\b(?i:the|a|an|this|that)\s+([a-z]{3,})\s+(was|is)\b", t.text):
        noun = m.group(1)
        if (not noun.endswith("s") and zipf_frequency(noun, "en") >= 3.5
                and not seen.get((noun, "are")) and not seen.get((noun, "have")) and seen.get((noun, m.group(2)))):
            yield Site(m.start(2), m.end(2), {"was": "were", "is": "are"}[m.group(2)], "contextual.agreement")


def double_negative(t: EvalText) -> Iterator[Site]:
    """An any- word after a negated verb in the same clause made a no- word ("didn't see anybody"
    → "nobody")."""
    no_form = {"anybody": "nobody", "anything": "nothing", "anywhere": "nowhere", "anyone": "no one"}
    pattern = r"(?:\bnot|\bnever|n[’']t)\b((?:\s+[a-z]+){0,4}?)\s+(anybody|anything|anywhere|anyone)\b"
    for m in re.finditer(pattern, t.text):
        if not re.search(r"\b(?:that|which|who|if|when|whether|but|and|or|than|as|because)\b", m.group(1)):
            yield Site(m.start(2), m.end(2), no_form[m.group(2)], "contextual.double-negative")


def article(t: EvalText) -> Iterator[Site]:
    """"a" before a consonant made "an" ("an book"), "an" before a vowel made "a" ("a apple")."""
    yield from _sites(t.text, r"\b(a)(?= [bcdfgjklmnpqrstvwxz][a-z])", "contextual.article", lambda m: "an", 1)
    yield from _sites(t.text, r"\b(an)(?= [aeio][a-z])", "contextual.article", lambda m: "a", 1)


# -- regional spelling (evaluation data: how British and American spelling differ by rule, after the
# usual accounts, e.g. Wikipedia's "American and British English spelling differences"; written apart
# from the variants check, which it does not import)

# (family, what must come before, the British part, the American part, what may follow to the word's
# end). But for grey/gray, the part ends a syllable after another: a vowel comes before the letter
# that precedes it (not four/for, tilled/tiled).
_REGIONAL: tuple[tuple[str, str, str, str, str], ...] = (
    ("our", "[a-z]", "our", "or", r"(?:s|ed|ing|ite|ites|able|ably|ful|less|er|ers|hood|hoods|ly)?"),
    ("ise", "[a-z]", "is", "iz", r"(?:e|es|ed|ing|ation|ations)"),
    ("yse", "[a-z]", "ys", "yz", r"(?:e|ed|ing)"),
    ("re", "[bt]", "re", "er", r"s?"),
    ("ll", "[^aeiou][aeiou]", "ll", "l", r"(?:ed|ing|er|ers)"),
    ("ence", "[a-z]", "ence", "ense", r"s?"),
    ("ogue", "[a-z]", "ogue", "og", r"s?"),
    ("grey", "^gr", "ey", "ay", r"(?:s|ed|ing|ish|ness)?"),
)
_REGIONAL_MIN_ZIPF = 1.5  # both spellings are written ...
_REGIONAL_GAP = 1.5  # ... neither 30x more often than the other (not surprise/surprize, enter/entre)
_REGIONAL_MIN_USES = 4  # a family the text writes one way at least this often, and never the other
_REGIONAL_SHARE = 4  # at most a fourth of a family's uses are rewritten


def _regional_forms(word: str) -> Iterator[tuple[str, bool, str]]:
    """Each (family, whether the word is written the British way, its other spelling) the rules give."""
    for family, before, british, american, after in _REGIONAL:
        for part, other, is_british in ((british, american, True), (american, british, False)):
            for m in re.finditer(rf"(?<={before}){part}(?={after}$)", word):
                if family == "grey" or re.search("[aeiou]", word[: m.start() - 1]):
                    yield family, is_british, word[: m.start()] + other + word[m.end() :]


def _regional_pair(word: str, other: str) -> bool:
    """Whether both spellings are words English writes, about as often."""
    a, b = zipf_frequency(word, "en"), zipf_frequency(other, "en")
    return known(other) and min(a, b) >= _REGIONAL_MIN_ZIPF and abs(a - b) <= _REGIONAL_GAP


def regional_spelling(t: EvalText) -> Iterator[Site]:
    """A word of a family of spellings (-our, -ise, -re, -ll-...) that the text writes one way only
    (British or American) written once the other way: "color" in a text of colour, honour, favour.
    Lowercase words only, not the text's names; at most a fourth of the family's uses."""
    names = {n.lower() for n in t.input.capitalised}
    uses: dict[tuple[str, bool], list[tuple[Word, str]]] = defaultdict(list)
    for w in t.input.words:
        if w.text.isalpha() and w.text.isascii() and w.text.islower() and w.text not in names:
            for family, is_british, other in _regional_forms(w.text):
                if _regional_pair(w.text, other):
                    uses[(family, is_british)].append((w, other))
    for (family, is_british), found in uses.items():
        if len(found) < _REGIONAL_MIN_USES or uses.get((family, not is_british)):
            continue
        share = len(found) // _REGIONAL_SHARE
        for i, (w, other) in enumerate(found):
            yield Site(w.start, w.end, other, "variants.regional", f"regional-{family}:{i % share}")


# -- source-needing (Karenina with its Russian)

_NUMBER_WORDS = {
    "two": ("два", "две", "двух", "двум", "двумя"), "three": ("три", "трех", "трёх", "тремя"),
    "four": ("четыре", "четырех", "четырёх"), "five": ("пять", "пяти"), "six": ("шесть", "шести"),
    "seven": ("семь", "семи"), "eight": ("восемь", "восьми"), "ten": ("десять", "десяти"),
    "twenty": ("двадцать", "двадцати"), "hundred": ("сто", "сотни", "сот"),
}
_NEGATED = re.compile(r"\b(?:was|is|were|did|do|does|had|have|could|would|should|can|will) (not) ", re.I)
_RU_NEGATION = re.compile(r"(?<![а-яё])(?:не|ни|нет)(?![а-яё])", re.I)


def source_number(t: EvalText) -> Iterator[Site]:
    """A number word changed where the aligned Russian writes that number."""
    words = list(_NUMBER_WORDS)
    for m in re.finditer(r"\b(" + "|".join(words) + r")\b", t.text):
        ru = t.ru_at(m.start()).lower()
        if ru and any(re.search(rf"(?<![а-яё]){f}(?![а-яё])", ru) for f in _NUMBER_WORDS[m.group(1)]):
            other = words[(words.index(m.group(1)) + 1) % len(words)]
            yield Site(m.start(1), m.end(1), other, "source.number")


def source_negation(t: EvalText) -> Iterator[Site]:
    """A 'not' dropped where the aligned Russian negates."""
    for m in _NEGATED.finditer(t.text):
        ru = t.ru_at(m.start())
        if ru and _RU_NEGATION.search(ru):
            yield Site(m.start(1) - 1, m.end(1), "", "source.negation")


def source_name_swap(t: EvalText) -> Iterator[Site]:
    """A person's name replaced by another person's name of the text, where the Russian names the first."""
    if not t.ru:
        return
    names = sorted(_name_words(t, 10), key=lambda n: -len(_name_words(t, 10)[n]))
    for name, spans in _name_words(t, 10).items():
        others = [n for n in names if n != name and spelling_key(n)[:3] != spelling_key(name)[:3]]
        for s, e in spans[::7]:
            ru = t.ru_at(s)
            ru_keys = {k for word in RU_CAPITALISED.findall(ru) for k in name_keys(word)}
            if spelling_key(name) not in ru_keys:
                continue
            other = next((o for o in others if spelling_key(o) not in ru_keys), None)
            if other:
                yield Site(s, e, other, "source.name-swap")


# Russian false friends (evaluation data): the Russian stem in the bead, the right English, the
# false friend a translator writes. After the published lists, e.g. Wikipedia "False friend"
# (Russian–English) and Gorbunov/Palazhchenko's notes on translators' false friends.
FALSE_FRIENDS = (
    ("фамили", "surname", "family"), ("фамили", "name", "family"), ("проспект", "avenue", "prospect"),
    ("аспирант", "postgraduate", "aspirant"), ("лунатик", "sleepwalker", "lunatic"),
    ("академик", "academician", "academic"), ("симпатичн", "nice", "sympathetic"),
    ("артист", "actor", "artist"), ("магазин", "shop", "magazine"), ("аккуратн", "neat", "accurate"),
    ("декада", "ten days", "decade"), ("патетическ", "impassioned", "pathetic"),
    ("интеллигент", "intellectual", "intelligent"), ("комфортабельн", "comfortable", "comfortabel"),
)


def false_friend(t: EvalText) -> Iterator[Site]:
    """The right English word replaced by its false friend where the aligned Russian has the Russian word."""
    for ru_stem, right, wrong in FALSE_FRIENDS:
        for m in re.finditer(rf"\b{right}\b", t.text):
            if ru_stem in t.ru_at(m.start()).lower():
                yield Site(m.start(), m.end(), wrong, "contextual.false-friend")


CLASSES: tuple[ErrorClass, ...] = (
    ErrorClass("typography.straight-quote", Group.TYPOGRAPHY, straight_double),
    ErrorClass("typography.straight-apostrophe", Group.TYPOGRAPHY, straight_apostrophe),
    ErrorClass("typography.straight-possessive", Group.TYPOGRAPHY, straight_possessive),
    ErrorClass("typography.space-before-punctuation", Group.TYPOGRAPHY, space_before_punctuation),
    ErrorClass("typography.doubled-punctuation", Group.TYPOGRAPHY, doubled_punctuation),
    ErrorClass("typography.hyphen-as-dash", Group.TYPOGRAPHY, hyphen_as_dash),
    ErrorClass("typography.ellipsis-space", Group.TYPOGRAPHY, ellipsis_space),
    ErrorClass("typography.ellipsis-style", Group.TYPOGRAPHY, ellipsis_style),
    ErrorClass("typography.space-in-possessive", Group.TYPOGRAPHY, space_in_possessive),
    ErrorClass("typography.invalid-roman", Group.TYPOGRAPHY, invalid_roman),
    ErrorClass("names.variant", Group.NAMES, name_variant),
    ErrorClass("names.letter", Group.NAMES, name_letter),
    ErrorClass("names.source-scheme", Group.NAMES, name_source),
    ErrorClass("names.lowercase", Group.NAMES, name_lowercase),
    ErrorClass("names.multiword-case", Group.NAMES, name_multiword_case),
    ErrorClass("names.well-known", Group.NAMES, well_known_misspelt),
    ErrorClass("contextual.confusion", Group.CONTEXTUAL, confusion_swap),
    ErrorClass("contextual.real-word", Group.CONTEXTUAL, real_word_typo),
    ErrorClass("contextual.false-friend", Group.CONTEXTUAL, false_friend),
    ErrorClass("source.number", Group.SOURCE, source_number, fixable=False),
    ErrorClass("source.negation", Group.SOURCE, source_negation, fixable=False),
    ErrorClass("source.name-swap", Group.SOURCE, source_name_swap, fixable=False),
    # Added last, so the sample of the classes above stays what it was (each class picks its
    # sites in this order).
    ErrorClass("contextual.agreement", Group.CONTEXTUAL, agreement),
    ErrorClass("contextual.double-negative", Group.CONTEXTUAL, double_negative),
    ErrorClass("contextual.article", Group.CONTEXTUAL, article),
    ErrorClass("spelling.non-word", Group.SPELLING, non_word, per_10k=12),
    # one site per name, rewriting every occurrence; a word's finding spans no 100 characters
    ErrorClass("names.consistent-rendering", Group.NAMES, consistent_rendering, per_10k=2, min_gap=100),
    # a word of a family (-our, -ise, -re...) the text writes one way, written the other way; a word's
    # finding spans no 100 characters
    ErrorClass("variants.regional", Group.VARIANTS, regional_spelling, per_10k=4, min_gap=100),
)


# ---------------------------------------------------------------- injecting and scoring


@dataclass(frozen=True)
class Injection:
    """One gold error in the injected text: its span there, the clean text it replaced, its class."""

    start: int
    end: int
    original: str
    injected: str
    cls: str


def choose(t: EvalText, classes: Sequence[ErrorClass]) -> list[Site]:
    """A seeded sample of each class's sites, at most one per name, all MIN_GAP apart."""
    words = len(t.text.split())
    chosen: list[Site] = []
    keys: set[str] = set()
    for ec in classes:
        sites = list(ec.inject(t))
        _rng(t, ec.name).shuffle(sites)
        per_text = max(1, round(ec.per_10k * words / 10_000))
        # a typography error must stay the exception to the text's convention: at most a fifth of the sites
        quota = min(per_text, max(1, len(sites) // 5)) if ec.group is Group.TYPOGRAPHY else per_text
        n = 0
        for site in sites:
            if n >= quota:
                break
            if site.key and site.key in keys:
                continue
            if any(abs(site.start - c.start) < ec.min_gap for c in chosen) or not _apart(site, chosen):
                continue
            chosen.append(_spans_left(site, chosen))
            keys.add(site.key)
            n += 1
    return sorted(chosen, key=lambda s: s.start)


def _apart(site: Site, chosen: Sequence[Site]) -> bool:
    """Whether a site with `also` spans leaves the chosen sites alone: none writes the name (a name
    swapped in would be the one right spelling left). Spans a chosen site rewrites are dropped
    (`_spans_left`)."""
    return not site.also or not any(site.key in c.injected for c in chosen)


def _spans_left(site: Site, chosen: Sequence[Site]) -> Site:
    """The site without the `also` spans that a chosen site overlaps (a name another was swapped in for)."""
    also = tuple((a, b) for a, b in site.also if not any(a < c.end and c.start < b for c in chosen))
    return site if also == site.also else replace(site, also=also)


def inject(text: str, sites: Iterable[Site]) -> tuple[str, list[Injection]]:
    """The text with the sites (and their `also` spans) written in (not overlapping), and where each
    site now is."""
    writes = sorted(((span, s, span == (s.start, s.end)) for s in sites for span in ((s.start, s.end), *s.also)),
                    key=lambda w: w[0])
    out, gold, pos, shift = [], [], 0, 0
    for (start, end), s, scored in writes:
        out.append(text[pos:start])
        out.append(s.injected)
        if scored:
            gold.append(Injection(start + shift, start + shift + len(s.injected), text[start:end], s.injected, s.cls))
        shift += len(s.injected) - (end - start)
        pos = end
    out.append(text[pos:])
    return "".join(out), gold


def fixes(injected_text: str, g: Injection, f: Finding) -> bool:
    """Whether the finding's replacement, applied, gives back the clean text around the injection."""
    if f.replacement is None:
        return False
    a, b = min(f.start, g.start), max(f.end, g.end)
    repaired = injected_text[a : f.start] + f.replacement + injected_text[f.end : b]
    clean = injected_text[a : g.start] + g.original + injected_text[g.end : b]
    return repaired == clean


def overlaps(g: Injection, f: Finding) -> bool:
    """A finding over the injection (an empty injection, a dropped word, counts when touched)."""
    return f.start < max(g.end, g.start + 1) and g.start < f.end or f.start <= g.start <= f.end and g.start == g.end


RunChecks = Callable[[str, Segmentation, Segmentation | None, Sequence[Bead] | None], list[Finding]]


@dataclass
class Scores:
    """Per class: injected, fixed, flagged (and which families found them); per family on clean text:
    findings and those with a replacement; words checked."""

    injected: Counter[str] = field(default_factory=Counter)
    fixed: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)
    found_by: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    false_alarms: Counter[str] = field(default_factory=Counter)
    false_replacements: Counter[str] = field(default_factory=Counter)
    words: int = 0
    missed: list[tuple[str, Injection, str]] = field(default_factory=list)
    clean_findings: list[tuple[str, Finding, str]] = field(default_factory=list)


def default_run(text: str, seg: Segmentation, ru: Segmentation | None, beads: Sequence[Bead] | None) -> list[Finding]:
    from align.checks import check_text

    return check_text(text, seg, ru=ru, beads=beads)


def evaluate(texts: Sequence[EvalText], classes: Sequence[ErrorClass] = CLASSES,
             run: RunChecks = default_run) -> Scores:
    """Inject each text, run the checks on it and on the clean text, and score."""
    scores = Scores()
    for t in texts:
        ru = t.ru_segmentation
        clean = run(t.text, t.segmentation, ru, t.beads(t.segmentation, ru) if ru else None)
        scores.words += len(t.text.split())
        for f in clean:
            family = f.rule.split(".")[0]
            scores.false_alarms[family] += 1
            scores.false_replacements[family] += f.replacement is not None
            scores.clean_findings.append((t.name, f, t.text[max(0, f.start - 50) : f.end + 40]))
        text, gold = inject(t.text, choose(t, classes))
        seg = segment_text(text)
        found = run(text, seg, ru, t.beads(seg, ru) if ru else None)
        starts = sorted(found, key=lambda f: f.start)
        for g in gold:
            scores.injected[g.cls] += 1
            near = [f for f in starts if f.start <= g.end + 1 and f.end >= g.start - 1 and overlaps(g, f)]
            if any(fixes(text, g, f) for f in near):
                scores.fixed[g.cls] += 1
            if near:
                scores.flagged[g.cls] += 1
                for f in near:
                    scores.found_by[g.cls][f.rule] += 1
            if not any(fixes(text, g, f) for f in near):
                got = "; ".join(f"{f.rule} {f.original!r}->{f.replacement!r}" for f in near)
                scores.missed.append((t.name, g, f"{text[max(0, g.start - 50) : g.end + 40]!r} {got}"))
    return scores


def report(scores: Scores, classes: Sequence[ErrorClass] = CLASSES) -> str:
    """The table: per class recall (fixed, flagged), per group, and false alarms per 1,000 words."""
    lines = [f"{'class ((flag): a flag is the goal)':40s} {'n':>5s} {'fixed':>7s} {'flagged':>8s}  found by"]
    groups: dict[Group, Counter[str]] = defaultdict(Counter)
    for ec in classes:
        n = scores.injected[ec.name]
        fx, fl = scores.fixed[ec.name], scores.flagged[ec.name]
        groups[ec.group].update(n=n, fixed=fx, flagged=fl)
        by = ", ".join(f"{r} {c}" for r, c in scores.found_by[ec.name].most_common(3))
        name = ec.name if ec.fixable else ec.name + " (flag)"
        lines.append(f"{name:40s} {n:5d} {_pct(fx, n):>7s} {_pct(fl, n):>8s}  {by}")
    lines.append("")
    for g, c in groups.items():
        lines.append(f"{'GROUP ' + g.value:40s} {c['n']:5d} {_pct(c['fixed'], c['n']):>7s} "
                     f"{_pct(c['flagged'], c['n']):>8s}")
    w = max(scores.words, 1)
    lines.append(f"\nfalse alarms on the same {scores.words} clean words, per 1,000 words (with a replacement):")
    for fam in sorted(scores.false_alarms):
        lines.append(f"    {fam:14s} {1000 * scores.false_alarms[fam] / w:5.2f} "
                     f"({1000 * scores.false_replacements[fam] / w:.2f})")
    total, repl = sum(scores.false_alarms.values()), sum(scores.false_replacements.values())
    lines.append(f"    {'ALL':14s} {1000 * total / w:5.2f} ({1000 * repl / w:.2f})")
    return "\n".join(lines)


def _pct(a: int, n: int) -> str:
    return f"{100 * a / n:.0f}%" if n else "-"
