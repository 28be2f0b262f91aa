"""Cross-checks against the aligned Russian: numbers, gaps (additions, omissions) and lengths.

Works bead by bead on a stored alignment (`align.alignment.load_alignment`); without
one it finds nothing. All findings are flags for a person to look at (no replacement):
a source mismatch says where to look, not what to write. Comparing transliterated
Russian names with the English was tried and dropped: on the sample all 18 of its flags
were accepted English forms (Putilov for Путиловского, Davydovich for Давидович).
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable

from align.checks.model import CheckInput, Finding
from align.checks.typography import roman_value
from align.segment import Segment

_NUMBER = re.compile(r"(?<!\w)(?<!\d[.,])\d+(?:[.,]\d+)?(?![\w])|\b[IVXLCDM]{2,}\b")
_EN_NUMBER_WORDS = {
    w: n for n, ws in enumerate(
        ["", "one first", "two second", "three third", "four fourth", "five fifth", "six sixth",
         "seven seventh", "eight eighth", "nine ninth", "ten tenth", "eleven eleventh", "twelve twelfth",
         "thirteen thirteenth", "fourteen fourteenth", "fifteen fifteenth", "sixteen sixteenth",
         "seventeen seventeenth", "eighteen eighteenth", "nineteen nineteenth", "twenty twentieth"])
    for w in ws.split()
}
# Russian numeral stems (cardinal and ordinal), longest first so "пятнадцат" wins over "пят".
_RU_NUMBER_STEMS = sorted(
    {"одн": 1, "один": 1, "перв": 1, "дв": 2, "втор": 2, "три": 3, "трё": 3, "трет": 3, "четыр": 4,
     "четвёрт": 4, "четверт": 4, "пят": 5, "шест": 6, "сем": 7, "седьм": 7, "восем": 8, "восьм": 8,
     "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14,
     "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19,
     "двадцат": 20}.items(),
    key=lambda kv: -len(kv[0]),
)
MIN_RATIO_CHARS = 40  # shorter sentences have too noisy a length ratio


def check(inp: CheckInput) -> list[Finding]:
    """Source cross-checks over the alignment; nothing when no alignment or Russian is given."""
    if inp.ru is None or not inp.beads:
        return []
    en_by_id, ru_by_id = inp.segmentation.by_id, inp.ru.by_id
    beads = [([ru_by_id[i] for i in b.ru if i in ru_by_id], [en_by_id[i] for i in b.en if i in en_by_id])
             for b in inp.beads]
    out: list[Finding] = []
    out += _gaps(inp, beads)
    ratios = []
    for ru, en in beads:
        if not (ru and en):
            continue
        ru_text, en_text = " ".join(s.text for s in ru), " ".join(s.text for s in en)
        out += _numbers(inp, ru_text, en)
        if len(ru_text) >= MIN_RATIO_CHARS:
            ratios.append((math.log(len(en_text) / len(ru_text)), en))
    out += _lengths(inp, ratios)
    return out


def numbers_in(text: str) -> list[int | float]:
    """Numbers written with digits or Roman numerals ("1923–24" gives 1923 and 24)."""
    found: list[int | float] = []
    for m in _NUMBER.finditer(text):
        tok = m.group()
        if tok[0] in "IVXLCDM":
            value: int | float | None = roman_value(tok)
        else:
            value = float(tok.replace(",", ".")) if "." in tok or "," in tok else int(tok)
        if value is not None:
            found.append(value)
    return found


def _number_words(text: str, lang: str) -> set[int]:
    """Numbers written as words (only used to excuse a digit on the other side, never to flag)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if lang == "en":
        return {_EN_NUMBER_WORDS[w] for w in words if w in _EN_NUMBER_WORDS}
    return {next((n for stem, n in _RU_NUMBER_STEMS if w.startswith(stem)), 0) for w in words} - {0}


def _numbers(inp: CheckInput, ru_text: str, en: list[Segment]) -> list[Finding]:
    out = []
    en_text = " ".join(s.text for s in en)
    ru_nums, en_nums = numbers_in(ru_text), numbers_in(en_text)
    ru_all, en_all = set(ru_nums) | _number_words(ru_text, "ru"), set(en_nums) | _number_words(en_text, "en")
    for s in en:
        for m in _NUMBER.finditer(s.text):
            vals = numbers_in(m.group())
            if vals and vals[0] not in ru_all:
                out.append(inp.finding(s.start + m.start(), s.start + m.end(), None, "mistranslation",
                                       "source.number", f"{m.group()} is not in the Russian", 0.5))
    missing = [n for n in dict.fromkeys(ru_nums) if n not in en_all]
    if missing:
        s = en[0]
        out.append(inp.finding(s.start, s.end, None, "mistranslation", "source.number",
                               f"the Russian has {', '.join(map(str, missing))}; the English does not", 0.5))
    return out


def _gaps(inp: CheckInput, beads: list[tuple[list[Segment], list[Segment]]]) -> list[Finding]:
    """English with no source and Russian left untranslated inside the aligned region; one
    finding for an unaligned head or tail of the English."""
    both = [i for i, (ru, en) in enumerate(beads) if ru and en]
    if not both:
        return []
    first, last = both[0], both[-1]
    out = []
    tail = [s for _, en in beads[last + 1 :] for s in en]
    if tail:
        s = tail[0]
        out.append(inp.finding(s.start, s.end, None, "other", "source.unaligned-tail",
                               f"this and the next {len(tail) - 1} English sentences have no aligned Russian "
                               "(the Russian ends before them)", 0.2))
    head = [s for _, en in beads[:first] for s in en]
    if head:
        s = head[0]
        out.append(inp.finding(s.start, s.end, None, "other", "source.unaligned-head",
                               f"this and the next {len(head) - 1} English sentences have no aligned Russian", 0.2))
    prev_en: Segment | None = None
    pending_ru: list[Segment] = []
    for ru, en in beads[first : last + 1]:
        if ru and not en:
            pending_ru += ru
            continue
        if pending_ru and prev_en is not None:
            out.append(_untranslated(inp, prev_en, pending_ru))
        pending_ru = []
        if en and not ru:
            for s in en:
                out.append(inp.finding(s.start, s.end, None, "mistranslation", "source.no-source",
                                       "no Russian sentence corresponds to this one (an addition?)", 0.3))
        prev_en = en[-1] if en else prev_en
    return out


def _untranslated(inp: CheckInput, after: Segment, ru: Iterable[Segment]) -> Finding:
    ru = list(ru)
    head = ru[0].text if len(ru[0].text) < 80 else ru[0].text[:77] + "…"
    return inp.finding(after.start, after.end, None, "mistranslation", "source.untranslated",
                       f"{len(ru)} Russian sentence(s) after this one are not translated: «{head}»", 0.3)


def _lengths(inp: CheckInput, ratios: list[tuple[float, list[Segment]]]) -> list[Finding]:
    """Beads whose English/Russian length ratio is far from the document's own norm."""
    if len(ratios) < 10:
        return []
    values = [r for r, _ in ratios]
    med = statistics.median(values)
    mad = statistics.median(abs(v - med) for v in values) * 1.4826
    limit = max(4 * mad, math.log(1.8))
    out = []
    for r, en in ratios:
        if abs(r - med) > limit:
            factor = math.exp(r - med)
            how = f"{factor:.1f}x longer" if factor > 1 else f"{1 / factor:.1f}x shorter"
            s = en[0]
            out.append(inp.finding(s.start, s.end, None, "mistranslation", "source.length-ratio",
                                   f"the English is {how} than usual for its Russian here: omission or addition?",
                                   0.3))
    return out
