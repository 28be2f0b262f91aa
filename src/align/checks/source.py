"""Cross-checks against the aligned Russian: numbers, negation, names, gaps (additions, omissions), lengths.

Works bead by bead on a stored alignment (`align.alignment.store.load_alignment`); without
one it finds nothing. All findings are flags for a person to look at (no replacement):
a source mismatch says where to look, not what to write.

Names: each Russian proper name (and known abbreviation) of a bead is transliterated with
iuliia in several schemes, its case ending stripped (Путиловского → Putilov; `align.translit.
name_keys`), and compared by prefix with rapidfuzz to the English bead's capitalised words. Translators render names
freely (a pronoun, "Dolly" for Дарья Александровна), so a name is only "missing" when the
English bead has no unexplained capitalised word at all, and a near-miss spelling is only
flagged when the same Russian name is written otherwise, more often, elsewhere in the English.
The wrong person: a bead whose one unrendered Russian name stands beside one English name that
renders another Russian name elsewhere (`_swapped`; no word the text writes in lowercase more
often, no heading's capitals), at about the same place in the bead, unless the Russian usually
writes the two side by side or the English does more than once (one person's names: Анна
Аркадьевна, "Anna Karenina"), or the Russian writes the English name in lowercase in the bead (an
adjective: петербургского); and a name of several words rendered but for one, with another
person's name written beside the rendering in its place ("Levin Ivanovna": `_in_part`).

Numbers in digits, Roman numerals and words on either side (`align.checks.numerals`: двести,
"three hundred", "the fifth"), except in a bead where a price in Russian money became the
reader's («пятнадцать копеек»: "four pennyworth"); a number in English words is flagged only
when the Russian has a number the English lacks; not inside a translator's [note]. Negation, three
ways: in any bead, an English clause with the trace a dropped "not" leaves ("he did yet know",
"could help laughing", "had foreseen at all") where the Russian has a negation word at about the
same place; a bead whose Russian negates more clauses (a «не» before a verb, a negative pronoun;
less the idioms English renders with no negation word, пока не: until) than its English negates
anything (an English prefix negation, "unnatural", set against a Russian one, «неестественно»),
at the English auxiliary near a negated Russian clause where its "not" would
stand (a modal's own, не мог: could; else do-support, a perfect or a passive); and a Russian
negation with no negation of any form in its one English sentence, which keeps the auxiliary a
"not" would follow, unless the bead beside it has more English negations than Russian negation
words (the sentences were rebuilt). Lengths: a bead whose length ratio is far from the document's and a clause's worth
of characters off.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import iuliia
import lemminflect
from rapidfuzz.distance import Levenshtein

from align.checks import numerals
from align.checks.agreement import verb_form
from align.checks.false_friends import morph_tag as _morph_tag
from align.checks.false_friends import ru_known, ru_lemmas
from align.checks.model import WORD_RE, CheckInput, Finding
from align.checks.names import COMMON_ZIPF
from align.checks.spelling import zipf
from align.segment import Segment, Segmentation
from align.translit import MIN_STEM, Number, name_keys, numbers, roman_value, ru_stems, spelling_key

NEGATED_STEM_ZIPF = 3.0  # "unhappy", "hopeless": the stem a common word
PLACE_SLACK = 0.2  # a dropped "not" and the Russian negation stand at most this share of the bead apart
COUNT_SLACK = 0.1
MIN_RATIO_CHARS = 40  # shorter sentences have too noisy a length ratio
MIN_GAP_CHARS = 60  # a length mismatch worth a look: some ten words, a clause added or left out

NAME_MATCH = 0.7  # prefix similarity from which an English word counts as the name's rendering
SWAP_MIN_RENDERINGS = 3  # an English name is another's rendering when paired with it this often
SWAP_RARITY = 5  # a swap is a slip while its pairing is 5x rarer than the person's usual rendering
NAME_PLACE_SLACK = 0.25  # a name put for another stands at most this share of the bead from the Russian one
SAME_PERSON = 0.25  # two names are one person's when written side by side in a quarter of the rarer one's uses
NEAR_MISS = 0.8  # a rendering this close but not exact may be a misspelling (below: another word)
# Soviet party and state abbreviations with their usual English renderings: a closed table of
# the language pair (no package maps these to English, and transliteration yields only some of
# them: GPU, NEP). The English forms are those of the English Wikipedia article named in each
# comment (and of R. Conquest's and E. H. Carr's histories, which use the same).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ЦК": ("Central Committee", "CC"),  # Центральный комитет: "Central Committee of the CPSU"
    "ЦКК": ("Central Control Commission", "CCC"),  # "Central Control Commission"
    "ГПУ": ("GPU", "State Political"),  # Государственное политическое управление: "State Political Directorate"
    "ОГПУ": ("OGPU", "GPU", "State Political"),  # "Joint State Political Directorate"
    "НЭП": ("NEP", "New Economic Policy"),  # "New Economic Policy"
    "ПУР": ("PUR", "Political Directorate", "Political Administration"),  # "Main Political Directorate"
    "ЧК": ("Cheka", "Extraordinary Commission"),  # Чрезвычайная комиссия: "Cheka"
    "ВЧК": ("Cheka", "VChK", "Extraordinary Commission"),  # "Cheka" (All-Russian Extraordinary Commission)
    "НКВД": ("NKVD",),  # "NKVD" (People's Commissariat for Internal Affairs)
    "СССР": ("USSR", "Soviet"),  # "Soviet Union"
    "РСФСР": ("RSFSR", "Russian Federation", "Soviet"),  # "Russian Soviet Federative Socialist Republic"
    "РКП": ("RKP", "Russian Communist Party", "Party"),  # "Communist Party of the Soviet Union" (1918-25 name)
    "ВКП": ("VKP", "Communist Party", "Party"),  # the same, "All-Union Communist Party" (1925-52)
    "КПСС": ("CPSU", "Communist Party", "Party"),  # "Communist Party of the Soviet Union"
    "РККА": ("RKKA", "Red Army"),  # "Red Army" (Workers' and Peasants' Red Army)
    "ВСНХ": ("VSNKh", "VSNKH", "Supreme Economic Council", "Supreme Council of the National Economy"),  # "Supreme
    # Soviet of the National Economy"
    "ЦИК": ("TsIK", "Central Executive Committee"),  # "Central Executive Committee of the Soviet Union"
    "ВЦИК": ("VTsIK", "Central Executive Committee"),  # "All-Russian Central Executive Committee"
    "СНК": ("Sovnarkom", "Council of People's Commissars"),  # "Council of People's Commissars"
    "РСДРП": ("RSDLP", "RSDRP", "Social Democratic"),  # "Russian Social Democratic Labour Party"
    "США": ("USA", "United States", "America"),  # "United States"
}
_ABBREV = re.compile(r"[А-ЯЁ]{2,6}")
_POSSESSIVE = re.compile(r"['’]s$")
_OPENERS = set(".!?…:;«„\"“(")
# Translators replace a name by a pronoun at will; a name is "missing" only where none stands in.
_PRONOUNS = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself|they|them|their|theirs|themselves)\b",
                       re.IGNORECASE)


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
    texts = [(" ".join(s.text for s in ru), " ".join(s.text for s in en)) for ru, en in beads]
    for k, (ru, en) in enumerate(beads):
        if not (ru and en):
            continue
        ru_text, en_text = texts[k]
        if not _converted_price(ru_text, en_text):
            out += _numbers(inp, ru_text, en)
        out += _negation(inp, ru_text, en, texts[max(k - 1, 0) : k] + texts[k + 1 : k + 2])
        if len(ru_text) >= MIN_RATIO_CHARS:
            ratios.append((math.log(len(en_text) / len(ru_text)), len(en_text), en))
    out += _lengths(inp, ratios)
    out += _names(inp, inp.ru, beads)
    return out


def _standalone_numbers(text: str) -> list[Number]:
    """Numbers written with digits or Roman numerals, except inside words ("1920s", "5th")."""
    return [n for n in numbers(text) if not n.in_word]


# Money: Russian coins and notes, and the reader's money English translators convert prices into
# ("на пятнадцать копеек": "four pennyworth"); closed classes of words. A price kept in roubles
# and kopecks is still checked.
_RU_MONEY = re.compile(r"(?<![а-яё])(?:копе[ейя]\w*|коп\.|рубл\w*|руб\.|целков\w*|алтын\w*|гривенн?\w*|грош\w*"
                       r"|червон\w*|полтин\w*|двугривенн\w*|пятиалтынн\w*)", re.IGNORECASE)
_EN_OTHER_MONEY = re.compile(r"\b(?:\w*pence|\w*penny|pennies|pennyworth|shillings?|pounds?|guineas?|farthings?"
                             r"|sovereigns?|dollars?|cents?|francs?|sous?)\b", re.IGNORECASE)


def _converted_price(ru_text: str, en_text: str) -> bool:
    """A bead whose Russian names a price in Russian money and whose English names another money:
    its numbers were converted and rightly differ."""
    return bool(_RU_MONEY.search(ru_text)) and bool(_EN_OTHER_MONEY.search(en_text))


_NOTE = re.compile(r"\[[^\]]*\]")  # a translator's note in square brackets: it has no source
_LOWER_ROMAN = re.compile(r"\b[ivxlc]{2,}\b")


def _lowercase_roman(text: str) -> set[int]:
    """The values of lowercase Roman numerals ("chapter xxvii."), to match the Russian's; a word
    that reads as one ("mix") only adds a value nothing matches."""
    return {v for m in _LOWER_ROMAN.finditer(text) if (v := roman_value(m.group().upper())) is not None}


def _numbers(inp: CheckInput, ru_text: str, en: list[Segment]) -> list[Finding]:
    """Digits on one side only; and a number in English words (never "one" or "second" alone)
    that the Russian lacks while the Russian has a number the English lacks (двести / "three hundred")."""
    out = []
    en_text = " ".join(s.text for s in en)
    ru_nums = [n.value for n in _standalone_numbers(ru_text)]
    en_nums = [n.value for n in _standalone_numbers(en_text)]
    ru_all = set(ru_nums) | set(numerals.russian(ru_text))
    en_all = set(en_nums) | {n.value for n in numerals.english(en_text)} | _lowercase_roman(en_text)
    for s in en:
        notes = [m.span() for m in _NOTE.finditer(s.text)]
        for n in _standalone_numbers(s.text):
            if n.value not in ru_all and not any(a <= n.start < b for a, b in notes):
                out.append(inp.finding(s.start + n.start, s.start + n.end, None, "mistranslation",
                                       "source.number", f"{s.text[n.start : n.end]} is not in the Russian", 0.5))
    unmatched = sorted(v for v in ru_all - en_all if v > 1)
    if unmatched:
        for s in en:
            for w in numerals.english(s.text):
                if w.value not in ru_all and w.value > 1 and not w.ambiguous and not _heading(s.text, w):
                    out.append(inp.finding(s.start + w.start, s.start + w.end, None, "mistranslation",
                                           "source.number", f"'{s.text[w.start : w.end]}' ({w.value}) is not in "
                                           f"the Russian, which has {', '.join(map(str, unmatched))}", 0.5))
    missing = [n for n in dict.fromkeys(ru_nums) if n not in en_all]
    if missing:
        s = en[0]
        out.append(inp.finding(s.start, s.end, None, "mistranslation", "source.number",
                               f"the Russian has {', '.join(map(str, missing))}; the English does not", 0.5))
    return out


# Negation: «не» before a verb, «нет» not standing alone as "No!", and the negative pronouns and
# adverbs (a closed class of the language); less the constructions that negate nothing, or whose
# usual English has no negation word (as the grammars list them, e.g. T. Wade, "A Comprehensive
# Russian Grammar", on negation):
#   «чуть / едва (было) не упал»: almost fell; «не раз»: more than once; «не без»: not without (= with);
#   «не приехал ли», «Вы не устанете?»: a question; «чтобы / чтоб не»: lest, so as to keep from;
#   «Как не знать!»: an exclamation (of course); «Ничего, …» opening a sentence: never mind;
#   «нельзя было не видеть», «не мог не заметить»: two negations, one assertion (had to, could not help);
#   «или нет», «или не»: whether (or not); «не только»: not only … but also (an assertion);
#   «больше ничего», «ничего больше»: only, that's all; «пока (он) не пришёл»: until he came;
#   «не успел … как»: before, hardly, too late; «долго / давно (уже) не …»: it was long before / since.
# A negated gerund («не спуская глаз»: with eyes fixed) is left out: English renders it by a
# participle or "without" as often as by "not".
_RU_NEGATORS = re.compile(r"(?<![а-яё])(?:никто|никого|никому|никем|ничто|ничего|ничему|ничем|никак\w*|никогда"
                          r"|нигде|никуда|ниоткуда|нисколько|нельзя)(?![а-яё])", re.IGNORECASE)
_RU_NE = re.compile(r"(?<![а-яё])(?:не\s+([а-яё]+)|нет(?=\s+[а-яё]))", re.IGNORECASE)
_RU_IDIOMS = (r"(?<![а-яё])(?:(?:чуть|едва)(?:\s+было|\s+ли)?\s+не|не\s+раз|не\s+без|не\s+только"
              r"|(?:не|ни)\s+(?:[а-яё]+\s+){0,2}ли|^\W*ничего|чтобы?[^.!?]*"
              r"|(?:нельзя|не\s+мо[гж][а-яё]*)\s+(?:было\s+|будет\s+)?не\s+[а-яё]+|или\s+нет?"
              r"|(?:больше|более)\s+ничего|ничего\s+(?:больше|более)|пока\s+(?:[а-яё]+\s+){0,2}не"
              r"|не\s+успе[а-яё]*|(?:долго|давно)\s+(?:[а-яё]+\s+){0,4}не)(?![а-яё])")
_RU_NOT_NEGATION = re.compile(_RU_IDIOMS, re.IGNORECASE)
# and, for a sentence with no English negation at all, questions and exclamations too
# (a question starts where a sentence does: no match is tried mid-sentence, which kept the search linear)
_ASKED_PATTERN = r"(?:^|(?<=[.!?]))[^.!?]*[?!]"
_RU_NOT_NEGATION_NOR_ASKED = re.compile(_RU_IDIOMS + "|" + _ASKED_PATTERN, re.IGNORECASE)
_RU_VERB_TAGS = ("VERB", "INFN", "PRTF", "PRTS", "PRED", "ADJS")
# English: the negators and the words and phrases whose meaning carries a negation ("refused",
# "failed", "without", "far from", "but for", "in vain", "out of the question"); a prefixed or -less word counts when
# what remains is a common word ("unable").
_EN_NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|none|nowhere|neither|nor|cannot|without|hardly"
                          r"|scarcely|barely|nought|naught|refus\w*|fail\w*|lack\w*|den(?:y|ied|ies)|forb[ia]\w*"
                          r"|avoid\w*|prevent\w*|unless|ceas\w*|neglect\w*|ignor\w*|absen\w*|lest|far\s+from"
                          r"|but\s+for|in\s+vain|instead|rather\s+than|too\s+late|out\s+of\s+the\s+question|anything\s+but)\b"
                          r"|n[’']t\b",
                          re.IGNORECASE)
_EN_AFFIXED = re.compile(r"\b(?:un|in|im|il|ir|dis|non)([a-z]{3,})\b|\b([a-z]{3,})less\b", re.IGNORECASE)
# Where "not" would stand: an auxiliary or modal verb (a dropped "not" leaves one behind).
_EN_AUXILIARY = re.compile(r"\b(?:am|is|are|was|were|do|does|did|have|has|had|can|could|will|would|shall|should"
                           r"|may|might|must)\b", re.IGNORECASE)


def _ru_negations(text: str, verbs: tuple[str, ...] | None, asked: bool = False) -> list[re.Match[str]]:
    """The Russian negations of a verb (a word with one of the `verbs` tags; of any word when
    None) or of existence, less the constructions that negate nothing (and, with `asked`, less
    questions and exclamations), their places kept."""
    text = (_RU_NOT_NEGATION_NOR_ASKED if asked else _RU_NOT_NEGATION).sub(lambda m: " " * len(m.group()), text)
    found = [m for m in _RU_NE.finditer(text)
             if m.group(1) is None or verbs is None or any(t in _morph_tag(m.group(1)) for t in verbs)]
    return sorted(found + list(_RU_NEGATORS.finditer(text)), key=lambda m: m.start())


def _negates_ru(text: str) -> str | None:
    """The first Russian negation of a verb or of existence, as written; None when there is none."""
    found = _ru_negations(text, _RU_VERB_TAGS, asked=True)
    if not found:
        return None
    m = found[0]
    return " ".join(text[max(0, m.start() - 20) : m.end() + 20].split()[1:-1]) or m.group()


def _negates_en(text: str) -> bool:
    if _EN_NEGATION.search(text):
        return True
    return any(zipf((m.group(1) or m.group(2)).lower()) >= NEGATED_STEM_ZIPF for m in _EN_AFFIXED.finditer(text))


def _negation(inp: CheckInput, ru_text: str, en: list[Segment], beside: list[tuple[str, str]]) -> list[Finding]:
    """A negation in the Russian and none, in any form, in its English: an English sentence with
    the trace a dropped "not" leaves (`_dropped_not`: "he did yet know"), or a bead of one
    sentence with no negation at all which keeps the auxiliary a "not" would follow."""
    en_text = " ".join(s.text for s in en)
    if not _EN_AUXILIARY.search(en_text):
        return []
    # Where the Russian negates, as a share of its length; clause order mostly survives translation.
    # (any negation word: a trace is evidence enough, and «не мог не», «чтобы не» leave traces too)
    places = [m.start() / len(ru_text) for m in _RU_ANY_NEGATION.finditer(ru_text)]
    out = []
    for s in en:
        for trace in _dropped_not(s.text):
            if any(abs((s.start + trace[0] - en[0].start) / len(en_text) - p) <= PLACE_SLACK for p in places):
                out.append(inp.finding(s.start + trace[0], s.start + trace[1], None, "mistranslation",
                                       "source.negation", f"the Russian negates here; '{s.text[trace[0] : trace[1]]}' "
                                       "reads as if a 'not' were dropped", 0.5))
                break
    if out:
        return out
    out = _fewer_negations(inp, ru_text, en, en_text)
    if out or len(en) > 1 or _negates_en(en_text):
        return out  # (a bead of several English sentences is often rebuilt freely)
    where = _negates_ru(ru_text)
    if where is None or any(len(_EN_NOT.findall(e)) > len(_RU_ANY_NEGATION.findall(r)) for r, e in beside):
        return []  # (or the negation went into the English of the bead beside it: sentences rebuilt)
    return [inp.finding(en[0].start, en[-1].end, None, "mistranslation", "source.negation",
                        f"the Russian negates («…{where}…»); the English has no negation", 0.4)]


# Negative concord: «никто ничего не знал» is one negation; negations of one clause (no
# punctuation or conjunction between, a few words apart) count once.
_RU_CLAUSE_BREAK = re.compile(r"[,;:!?.()–—-]|(?<![а-яё])(?:и|а|но|или|что|чтобы|как|когда|если|котор[а-яё]+)"
                              r"(?![а-яё])", re.IGNORECASE)
_ASKED = re.compile(_ASKED_PATTERN)
_EN_NOT = re.compile(r"\b(?:not|never|no|nothing|nobody|none|neither|nor|cannot)\b|n[’']t\b", re.IGNORECASE)
_RU_ANY_NEGATION = re.compile(r"(?<![а-яё])(?:не|нет|ни[а-яё]*|нельзя)(?![а-яё])", re.IGNORECASE)
_BARE_AUXILIARY = re.compile(r"\b(?P<aux>am|is|are|was|were|do|does|did|have|has|had|can|could|will|would|shall"
                             r"|should|must|ought)\s+(?:(?:even|yet|quite|ever|always|really|then|now|also|still"
                             r"|(?!hardly|scarcely|barely)\w+ly)\s+)?(?P<verb>[a-z]+)\b(?<!\bnot)", re.IGNORECASE)
# Which English auxiliaries a negated Russian modal's "not" follows (не мог: could not; не был:
# was not, had no; не должен: must not); any other verb's "not" follows do-support, a perfect or a
# passive (не знал: did not know, had not known, не сказано: was not said).
_BE = frozenset({"am", "is", "are", "was", "were", "have", "has", "had", "will", "would", "shall"})
_CAN = frozenset({"can", "could"})
_MUST = frozenset({"must", "should", "ought"})
_RU_MODALS: dict[str, frozenset[str]] = {"мочь": _CAN, "смочь": _CAN, "нельзя": _CAN | _MUST, "быть": _BE,
                                         "нет": _BE, "должный": _MUST, "надо": _MUST, "нужно": _MUST}
_DO = frozenset({"do", "does", "did"})
_PERFECT_OR_PASSIVE = frozenset({"have", "has", "had", "am", "is", "are", "was", "were"})


@dataclass(frozen=True)
class _Negated:
    """One negated Russian clause: its place (a share of the bead's length), the auxiliaries a
    modal's "not" follows there, and whether a plain verb is negated (do-support, perfect, passive)."""

    place: float
    modal: frozenset[str]
    verb: bool


def _ru_negated(text: str) -> list[_Negated]:
    """The clauses where the Russian negates a verb or existence (questions and exclamations left
    out); the negations of one clause count once."""
    clauses: list[list[re.Match[str]]] = []
    last_end = -1
    for m in _ru_negations(text, _RU_VERB_TAGS, asked=True):
        between = text[last_end : m.start()]
        if last_end < 0 or _RU_CLAUSE_BREAK.search(between) or len(between.split()) > 4:
            clauses.append([])
        clauses[-1].append(m)
        last_end = m.end()
    out = []
    for found in clauses:
        modal: frozenset[str] = frozenset()
        verb = False
        for m in found:
            word = m.group(1) if m.re is _RU_NE else None  # «не знал»; else «нет», «никто», «нельзя»
            auxiliaries = [_RU_MODALS[lemma] for lemma in ru_lemmas(word or m.group()) if lemma in _RU_MODALS]
            modal |= auxiliaries[0] if auxiliaries else frozenset()
            verb |= bool(word) and not auxiliaries
        out.append(_Negated(found[0].start() / len(text), modal, verb))
    return out


def _en_negation_count(text: str) -> tuple[int, int]:
    """How often the English negates, in any form (questions and exclamations left out), and how
    often of those by a prefix or suffix ("unable", "hopeless")."""
    text = _ASKED.sub(lambda m: " " * len(m.group()), text)
    affixed = sum(zipf((m.group(1) or m.group(2)).lower()) >= NEGATED_STEM_ZIPF for m in _EN_AFFIXED.finditer(text))
    return len(_EN_NEGATION.findall(text)) + affixed, affixed


_RU_NE_WORD = re.compile(r"(?<![а-яё])не([а-яё]{4,})", re.IGNORECASE)


def _ru_prefixed_count(text: str) -> int:
    """How many Russian words are negated by their prefix «не» (неестественно, недоволен): a word
    whose remainder is a word too (questions and exclamations left out)."""
    text = _ASKED.sub(lambda m: " " * len(m.group()), text)
    return sum(ru_known(m.group(1)) for m in _RU_NE_WORD.finditer(text))


def _takes_not(aux: str, verb: str, negated: _Negated) -> bool:
    """Whether "aux verb" is where the "not" of a negated Russian clause would stand: after a
    modal's own auxiliary, or a plain verb's do-support, perfect or passive."""
    aux = aux.lower()
    if aux in negated.modal:
        return True
    if not negated.verb:
        return False
    if aux in _DO:
        return _plain_verb(verb)
    return aux in _PERFECT_OR_PASSIVE and verb_form(verb, "VBN")


def _fewer_negations(inp: CheckInput, ru_text: str, en: list[Segment], en_text: str) -> list[Finding]:
    """A bead whose Russian negates more clauses than its English negates anything: the English
    auxiliary, with no negation after it in its clause, nearest (within COUNT_SLACK) a negated
    Russian clause whose "not" would stand after it (`_takes_not`)."""
    en_count, affixed = _en_negation_count(en_text)
    if affixed:  # "unnatural" for «неестественно» renders no negation the count sees
        en_count -= min(affixed, _ru_prefixed_count(ru_text))
    if len(_RU_ANY_NEGATION.findall(ru_text)) <= en_count:
        return []  # (a quick bound: a negated clause has a negation word)
    negated = _ru_negated(ru_text)
    if len(negated) <= en_count:
        return []
    best: tuple[float, int, int] | None = None
    for s in en:
        offset = s.start - en[0].start
        for m in _BARE_AUXILIARY.finditer(_ASKED.sub(lambda m: " " * len(m.group()), s.text)):
            before = " ".join(_CLAUSE_BREAK.split(s.text[: m.start()])[-1].split()[-3:])
            if _EN_NOT.search(before + " " + _CLAUSE_BREAK.split(s.text[m.end() :])[0]) or _negates_en(m["verb"]):
                continue  # negated otherwise: "would not have", "nobody can", "cost him no trouble", "is impossible"
            where = (offset + m.start()) / len(en_text)
            for n in negated:
                gap = abs(where - n.place)
                if gap <= COUNT_SLACK and (best is None or gap < best[0]) and _takes_not(m["aux"], m["verb"], n):
                    best = (gap, s.start + m.start(), s.start + m.end())
    if best is None:
        return []
    _, start, end = best
    return [inp.finding(start, end, None, "mistranslation", "source.negation",
                        f"the Russian negates {len(negated)} clause{'s' * (len(negated) > 1)} here, the English "
                        f"{en_count}: "
                        f"'{inp.text[start:end]}' may have lost a 'not'", 0.4)]


# What a dropped "not" leaves in an English sentence: do-support with a plain verb in a statement
# ("he did yet know", "she did approve"), an auxiliary before "yet" ("I have yet congratulated"),
# "could help laughing", and the words English uses only under a negation ("in the least",
# "at all": negative-polarity items), with the word before them, where the "not" stood.
_DO_VERB = re.compile(r"\b(?:do|does|did)\s+(?:(?:yet|quite|even|really|at\s+all|in\s+the\s+least|\w+ly)\s+)?"
                      r"([a-z]+)\b")
_TRACES = re.compile(r"\b(?:am|is|are|was|were|have|has|had)\s+yet\s+(?!to\b)[a-z]+"
                     r"|\b(?:can|could)\s+help\s+[a-z]+ing\b"
                     r"|(?:\b(?!if\b)[a-z]+['’]?[a-z]*\s+|(?<!\bif\s)\b)(?P<npi>in\s+the\s+least|at\s+all)\b"
                     r"(?!\s+(?:events|costs|times|hours|points|sides|ages|seasons)\b)")
_CLAUSE_BREAK = re.compile(r"[,;:–—()]")
_QUESTION_OPENERS = re.compile(r"\b(?:what|why|how|where|when|who|whom|which|whose|so|as|than|nor|neither|if)\s+$",
                               re.IGNORECASE)


def _plain_verb(word: str) -> bool:
    """A verb's plain form and no adjective or adverb ("do better")."""
    lemmas = lemminflect.getAllLemmas(word)
    return word in lemmas.get("VERB", ()) and not {"ADJ", "ADV"} & lemmas.keys()


def _dropped_not(sentence: str) -> list[tuple[int, int]]:
    """The spans of the traces of a dropped "not" in an English sentence: those with no negation
    before them in their clause (a question inverts, so one ending in "?" has none)."""
    if sentence.rstrip(" ’'\"”»)").endswith("?"):
        return []
    traces = [m for m in _DO_VERB.finditer(sentence)
              if not (_QUESTION_OPENERS.search(sentence[: m.start()])  # "so did she", "what did he say"
                      or not _CLAUSE_BREAK.split(sentence[: m.start()])[-1].strip())  # "Levin, do let us!"
              and _plain_verb(m.group(1))]
    traces += _TRACES.finditer(sentence)
    out = []
    for m in sorted(traces, key=lambda m: m.start()):
        npi = bool(m.groupdict().get("npi"))
        end = m.start("npi") if npi else m.start()
        clause = _CLAUSE_BREAK.split(sentence[:end])[-1]
        if _negates_en(clause):
            continue
        auxiliaries = list(_EN_AUXILIARY.finditer(clause)) if npi else []
        # a polarity item's "not" stood after the clause's auxiliary ("had [not] foreseen at all")
        start = end - len(clause) + auxiliaries[-1].start() if auxiliaries else m.start()
        out.append((min(start, m.start()), m.end()))
    return out


def _heading(text: str, w: numerals.Spelt) -> bool:
    """A number word in capitals: a heading ("PART TWO"), which the alignment may pair loosely."""
    return text[w.start : w.end].isupper()


def _gaps(inp: CheckInput, beads: list[tuple[list[Segment], list[Segment]]]) -> list[Finding]:
    """English with no source and Russian left untranslated inside the aligned region; one
    finding for an unaligned head or tail of the English; one for each gap between aligned beads
    where English and Russian are both left unaligned (a loose or wrong translation the aligner
    would not pair, or a number written otherwise: "1844" beside «1884»)."""
    both = [i for i, (ru, en) in enumerate(beads) if ru and en]
    if not both:
        return []
    first, last = both[0], both[-1]
    out = _end(inp, beads[last + 1 :], "source.unaligned-tail", " (the Russian ends before them)")
    out += _end(inp, beads[:first], "source.unaligned-head", "")
    prev_en: Segment | None = None
    gap_en: list[Segment] = []
    gap_ru: list[Segment] = []
    for ru, en in beads[first : last + 1]:
        if ru and en:
            out += _gap(inp, prev_en, gap_en, gap_ru)
            gap_en, gap_ru, prev_en = [], [], en[-1]
        else:
            gap_en += en
            gap_ru += ru
    return out


def _end(inp: CheckInput, beads: list[tuple[list[Segment], list[Segment]]], rule: str, alone: str) -> list[Finding]:
    """One finding for the English before the first aligned bead or after the last, at its first
    sentence, naming the Russian left there too (else saying `alone`)."""
    en = [s for _, side in beads for s in side]
    ru = [s for side, _ in beads for s in side]
    if not en:
        return []
    message = _unaligned(en) + (_beside(en, ru) if ru else alone)
    return [inp.finding(en[0].start, en[0].end, None, "other", rule, message, 0.2)]


def _gap(inp: CheckInput, after: Segment | None, en: list[Segment], ru: list[Segment]) -> list[Finding]:
    """The findings of one gap between aligned beads: with English and Russian both in it, one
    at its first English sentence; else each English sentence as an addition, or the Russian as
    untranslated after the English sentence before the gap."""
    if en and ru:
        return [inp.finding(en[0].start, en[0].end, None, "mistranslation", "source.unmatched",
                            _unaligned(en) + _beside(en, ru), 0.4)]
    if ru and after is not None:
        return [_untranslated(inp, after, ru)]
    return [inp.finding(s.start, s.end, None, "mistranslation", "source.no-source",
                        "no Russian sentence corresponds to this one (an addition?)", 0.3) for s in en]


def _unaligned(en: list[Segment]) -> str:
    if len(en) == 1:
        return "this English sentence has no aligned Russian"
    if len(en) == 2:
        return "this and the next English sentence have no aligned Russian"
    return f"this and the next {len(en) - 1} English sentences have no aligned Russian"


def _beside(en: list[Segment], ru: list[Segment]) -> str:
    """', nor has the Russian beside it («…»)', the numbers each side has that the other lacks, and
    what that may be."""
    what = "has the Russian sentence" if len(ru) == 1 else f"have the {len(ru)} Russian sentences"
    text = f", nor {what} beside {'it' if len(en) == 1 else 'them'} («{_quote(ru[0].text)}»)"
    en_numbers, ru_numbers = ({n.value for s in side for n in _standalone_numbers(s.text)} for side in (en, ru))
    if en_numbers - ru_numbers and ru_numbers - en_numbers:
        text += f"; the English has {_listed(en_numbers - ru_numbers)} where the Russian has " \
                f"{_listed(ru_numbers - en_numbers)}"
    return text + ": a loose or wrong translation?"


def _listed(values: set[int | float]) -> str:
    return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in sorted(values))


def _quote(text: str) -> str:
    return text if len(text) < 80 else text[:77] + "…"


def _untranslated(inp: CheckInput, after: Segment, ru: Iterable[Segment]) -> Finding:
    ru = list(ru)
    return inp.finding(after.start, after.end, None, "mistranslation", "source.untranslated",
                       f"{len(ru)} Russian sentence(s) after this one are not translated: «{_quote(ru[0].text)}»", 0.3)


def _lengths(inp: CheckInput, ratios: list[tuple[float, int, list[Segment]]]) -> list[Finding]:
    """Beads whose English/Russian length ratio is far from the document's own norm, by at least
    a clause's worth of characters (MIN_GAP_CHARS): a short sentence's ratio swings widely on a
    word or two."""
    if len(ratios) < 10:
        return []
    values = [r for r, _, _ in ratios]
    med = statistics.median(values)
    mad = statistics.median(abs(v - med) for v in values) * 1.4826
    limit = max(4 * mad, math.log(1.8))
    out = []
    for r, en_len, en in ratios:
        gap = en_len - en_len * math.exp(med - r)  # the English length less the length expected of its Russian
        if abs(r - med) > limit and abs(gap) >= MIN_GAP_CHARS:
            factor = math.exp(r - med)
            how = f"{factor:.1f}x longer" if factor > 1 else f"{1 / factor:.1f}x shorter"
            s = en[0]
            out.append(inp.finding(s.start, s.end, None, "mistranslation", "source.length-ratio",
                                   f"the English is {how} than usual for its Russian here: omission or addition?",
                                   0.3))
    return out


@dataclass(frozen=True)
class _Name:
    """A run of Russian proper-name words ("Лев Давидович") or an abbreviation ("ЦК")."""

    words: tuple[str, ...]
    abbreviation: bool


def _similarity(ru_word: str, en_word: str) -> float:
    """How well an English word renders a Russian name: the best prefix similarity of a key."""
    en = spelling_key(en_word)
    best = 0.0
    for key in name_keys(ru_word):
        best = max(best, Levenshtein.normalized_similarity(key, en))
        if len(key) >= MIN_STEM:
            best = max(best, Levenshtein.normalized_similarity(key, en[: len(key)]))
    return best


def _ru_names(ru: Segmentation) -> dict[str, list[_Name]]:
    """Proper names of each Russian sentence: capitalised words not opening a sentence, quote or
    line of dialogue (those count only when the word is seen mid-sentence elsewhere), and never
    words the text also writes in lowercase; consecutive name words form one name."""
    lower = {m.group() for m in WORD_RE.finditer(ru.text) if m.group().islower()}
    found: list[tuple[str, list[tuple[str, int, int, bool]]]] = []
    mid: set[str] = set()
    for s in ru.sentences:
        words = []
        for m in WORD_RE.finditer(s.text):
            w = m.group()
            if not ("А" <= w[0] <= "Я" or w[0] == "Ё") or w.lower() in lower:
                continue
            before = s.text[: m.start()].rstrip()
            hyphenated = s.text[m.start() - 1 : m.start()] in ("-", "–")  # Иваново-Вознесенского
            initial = not before or before[-1] in _OPENERS or (before[-1] in "-–—" and not hyphenated)
            if not initial:
                mid.add(min(ru_stems(w), key=len))
            words.append((w, m.start(), m.end(), initial))
        found.append((s.id, words))
    out: dict[str, list[_Name]] = {}
    for sid, words in found:
        names: list[_Name] = []
        prev_end: int | None = None  # end of the previous word when it was part of a name
        text = ru.by_id[sid].text
        for w, start, end, initial in words:
            abbreviation = bool(_ABBREV.fullmatch(w))
            if initial and min(ru_stems(w), key=len) not in mid and w not in ABBREVIATIONS:
                prev_end = None
            elif abbreviation or not w[1:].islower():
                if abbreviation and (w in ABBREVIATIONS or len(w) <= 4):
                    names.append(_Name((w,), True))
                prev_end = None
            else:
                if prev_end is not None and not text[prev_end:start].strip():
                    names[-1] = _Name((*names[-1].words, w), False)
                else:
                    names.append(_Name((w,), False))
                prev_end = end
        out[sid] = names
    return out


def _abbreviation_rendered(abbr: str, en_text: str) -> bool:
    forms = [*ABBREVIATIONS.get(abbr, ()), iuliia.WIKIPEDIA.translate(abbr).upper()]
    return any(re.search(rf"\b{re.escape(f)}\b", en_text, re.IGNORECASE if " " in f else 0) for f in forms)


def _name_like(inp: CheckInput, word: str, en_lower: set[str]) -> bool:
    """Whether a sentence-initial English word is a name: written capitalised mid-sentence
    elsewhere, or neither written in lowercase nor a common English word ("Yesterday")."""
    return inp.capitalised[word] > 0 or (word.lower() not in en_lower and zipf(word.lower()) < COMMON_ZIPF)


def _lowercase_in(en_name: str, ru: list[Segment]) -> bool:
    """Whether a lowercase word of the Russian renders the English name closely (not «боли» for Dolly)."""
    return any(_similarity(w, en_name) >= NEAR_MISS for s in ru for w in WORD_RE.findall(s.text)
               if w.islower() and len(w) >= MIN_STEM)


def _people(ru_names: dict[str, list[_Name]]) -> dict[str, set[str]]:
    """For each name word's group, the groups of the words it is usually written beside in the
    Russian (Васенька Весловский, Анна Аркадьевна: in at least SAME_PERSON of the rarer one's
    uses): one person's names, and not two people's who share a surname now and then (Кити Левина)."""
    uses: Counter[str] = Counter()
    beside: Counter[tuple[str, str]] = Counter()
    for names in ru_names.values():
        for name in names:
            groups = {min(name_keys(w), key=len) for w in name.words}
            uses.update(groups)
            beside.update((a, b) for a in groups for b in groups if a != b)
    out: dict[str, set[str]] = defaultdict(set)
    for (a, b), n in beside.items():
        if n >= SAME_PERSON * min(uses[a], uses[b]):
            out[a].add(b)
    return out


@dataclass(frozen=True)
class _Suspect:
    """A bead with Russian names it does not render and English names that render none of its
    own: `people`, each with its offset in the text."""

    unrendered: list[_Name]
    people: list[tuple[str, int]]
    groups: set[str]  # the name groups of all the bead's Russian names
    ru: list[Segment]
    en_start: int
    en_length: int

    def about_where(self, name: _Name, en_at: int) -> bool:
        """Whether an English word at `en_at` stands about where the Russian name does in the bead
        (within NAME_PLACE_SLACK of its length): a name put for another keeps its place."""
        ru_text = " ".join(s.text for s in self.ru)
        return abs(ru_text.find(name.words[0]) / len(ru_text) - (en_at - self.en_start) / self.en_length) \
            <= NAME_PLACE_SLACK


def _side_by_side(inp: CheckInput) -> dict[str, list[tuple[str, int]]]:
    """For each capitalised English word, the capitalised words written one space before or after
    it ("Anna Karenina"), with the offset of its own occurrence."""
    words = inp.words
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for a, b in zip(words, words[1:], strict=False):
        if a.text[0].isupper() and b.text[0].isupper() and inp.text[a.end : b.start] == " " \
                and not _POSSESSIVE.search(a.text):  # ("Mikhaylovna's Levin": two people)
            out[a.text].append((b.text, a.start))
            out[b.text].append((a.text, b.start))
    return out


def _swapped(inp: CheckInput, suspects: list[_Suspect], renderings: dict[str, Counter[str]],
             people: dict[str, set[str]]) -> list[Finding]:
    """The wrong person: a bead's one English name that renders another Russian name elsewhere
    (at least SWAP_MIN_RENDERINGS times, and none of this bead's), once the names that are each
    other's usual rendering are set aside (a second «Долли» and a second "Dolly"), where the one
    unrendered Russian name left is written otherwise elsewhere, stands about where the English one
    does, is not written in lowercase in the bead (an adjective, «петербургского», or a word,
    «Ласки»), and neither the Russian nor the English writes the two names side by side as one
    person's (Анна Аркадьевна; "Anna Karenina"). A pairing seen often, next to how often that person
    is written their usual way, is the translator's way with that person ("Oblonsky" for «Степан
    Аркадьич»), not a slip."""
    rendering_of: dict[str, set[str]] = defaultdict(set)
    for group, forms in renderings.items():
        for form, n in forms.items():
            if n >= SWAP_MIN_RENDERINGS:
                rendering_of[form].add(group)
    side_by_side = _side_by_side(inp)
    pairs: Counter[tuple[str, str]] = Counter()
    candidates = []
    for suspect in suspects:
        unrendered, spare = list(suspect.unrendered), [p for p in suspect.people if p[0] in rendering_of]
        for name in suspect.unrendered:
            rendering = next((p for p in spare for w in name.words
                              if renderings[min(name_keys(w), key=len)][p[0]] >= SWAP_MIN_RENDERINGS), None)
            if rendering is not None:
                unrendered.remove(name)
                spare.remove(rendering)
        if len(unrendered) != 1 or len(spare) != 1:
            continue  # one name for one other: a substitution
        (form, start), name = spare[0], unrendered[0]
        if _lowercase_in(form, suspect.ru) or not suspect.about_where(name, start):
            continue
        known = {min(name_keys(w), key=len) for w in name.words}
        known = {g for g in known if any(n >= SWAP_MIN_RENDERINGS for n in renderings[g].values())}
        same_person = {p for g in known for p in people.get(g, ())}
        # (nor does the English write the two side by side more than once, "Anna Karenina", "Alexis
        # Vronsky"; once may be two people's names, Kitty Levin's)
        keys = tuple(spelling_key(r) for g in known for r, n in renderings[g].items() if n >= SWAP_MIN_RENDERINGS)
        if known and not rendering_of[form] & (suspect.groups | same_person) \
                and sum(spelling_key(w).startswith(keys) for w, at in side_by_side[form] if at != start) < 2:
            for g in known:
                pairs[(form, g)] += 1
            candidates.append((form, start, known, unrendered))
    out: list[Finding] = []
    for form, start, known, unrendered in candidates:
        if any(pairs[(form, g)] * SWAP_RARITY > renderings[g].most_common(1)[0][1] for g in known) \
                or any(f.start == start for f in out):
            continue
        ru = " ".join(unrendered[0].words)
        usual = renderings[next(iter(known))].most_common(1)[0][0]
        out.append(inp.finding(start, start + len(form), None, "mistranslation", "source.name-swap",
                               f"'{form}' is another person elsewhere; the Russian here has «{ru}» "
                               f"(written '{usual}' elsewhere): the wrong person?", 0.5))
    return out


def _in_part(inp: CheckInput, words: list[tuple[int, str]], rendered: dict[int, int],
             en_words: list[tuple[str, int, bool]], people: list[tuple[str, int]],
             ) -> list[tuple[_Name, tuple[str, int]]]:
    """The Russian names of several words rendered but for one word, each with the English name
    written beside the rendering where that word would stand ("Levin Ivanovna" for «Лидия Ивановна»)."""
    person_at = {start: (e, start) for e, start in people}
    out = []
    for n in {n for n, _ in words}:
        mine = [a for a, (m, _) in enumerate(words) if m == n]
        left = [a for a in mine if a not in rendered]
        if len(mine) < 2 or len(left) != 1:
            continue
        a = left[0]
        for r in mine:
            b = rendered.get(r, -2) + (1 if a > r else -1)  # the English word on the Russian word's side
            if 0 <= b < len(en_words) and en_words[b][1] in person_at:
                first, second = sorted((en_words[b][1], en_words[rendered[r]][1]))
                if len(inp.text[first:second].split()) == 1:  # one space apart ("Levin Ivanovna", "Levin's")
                    out.append((_Name((words[a][1],), False), person_at[en_words[b][1]]))
                    break
    return out


def _names(inp: CheckInput, ru_seg: Segmentation, beads: list[tuple[list[Segment], list[Segment]]]) -> list[Finding]:
    """Russian names with no rendering in their English bead, and renderings that are near
    misses differing from the dominant English form of the same Russian name."""
    ru_names = _ru_names(ru_seg)
    en_lower = {w for w in inp.word_counts if w.islower()}
    texts = [" ".join(s.text for s in en) for _, en in beads]
    missing: list[tuple[tuple[int, int], _Name, float]] = []  # (start, end) in the English, name, confidence
    renderings: dict[str, Counter[str]] = defaultdict(Counter)
    exact: set[str] = set()  # English forms that are a scheme's transliteration of some name
    near: list[tuple[str, str, str, int]] = []  # group, Russian word, English form, its offset
    # beads with a Russian name unrendered beside an unexplained English one: (unrendered, spare, groups)
    suspects: list[_Suspect] = []
    for k, (ru, en) in enumerate(beads):
        names = [n for s in ru for n in ru_names.get(s.id, [])]
        if not (names and en):
            continue
        en_words = [(_POSSESSIVE.sub("", m.group()), s.start + m.start(), not s.text[: m.start()].strip(" \"“‘'(«-–—"))
                    for s in en for m in WORD_RE.finditer(s.text) if m.group()[0].isupper()]
        words = [(n, w) for n, name in enumerate(names) if not name.abbreviation for w in name.words]
        # Pair Russian and English words one to one, best pairs first.
        pairs = sorted(((_similarity(w, e[0]), a, b) for a, (_, w) in enumerate(words)
                        for b, e in enumerate(en_words)), reverse=True)
        rendered: dict[int, int] = {}  # indices into words: into en_words
        used: set[int] = set()  # indices into en_words
        for score, a, b in pairs:
            if score < NAME_MATCH:
                break
            if b in used or words[a][1] in {words[x][1] for x in rendered}:
                continue
            rendered[a] = b
            used.add(b)
            form, start, _ = en_words[b]
            group = min(name_keys(words[a][1]), key=len)
            renderings[group][form] += 1
            if score == 1.0:
                exact.add(form)
            elif score >= NEAR_MISS and form.lower() not in en_lower:  # not "Quite" for Кити
                near.append((group, words[a][1], form, start))
        done = {words[a][0] for a in rendered}
        unrendered = [name for n, name in enumerate(names) if not name.abbreviation and n not in done]
        en_text = texts[k]
        # An unexplained English name ("Dolly" for Дарья Александровна) may render what is unmatched.
        spare = [(e, start) for i, (e, start, initial) in enumerate(en_words)
                 if i not in used and e != "I" and (not initial or _name_like(inp, e, en_lower))]

        for name in names:
            if name.abbreviation and not _abbreviation_rendered(name.words[0], en_text):
                if name.words[0] in ABBREVIATIONS:  # a known abbreviation is never a pronoun
                    # an unexplained acronym ("GPM" for ГПУ) is the likely garbled rendering
                    at = next(((st, st + len(e)) for e, st in spare if e.isupper() and len(e) > 1),
                              (en[0].start, en[0].end))
                    missing.append((at, name, 0.5))
                else:
                    unrendered.append(name)
        # (a word the text writes in lowercase more often than capitalised mid-sentence, or a
        # heading's capitals, is no name here: "‘How…", "NEXT MORNING")
        people = [(e, st) for e, st in spare if not e.isupper() and inp.word_counts[e.lower()] <= inp.capitalised[e]]
        groups = {min(name_keys(w), key=len) for name in names for w in name.words}
        if unrendered and people:
            suspects.append(_Suspect(unrendered, people, groups, ru, en[0].start, len(en_text)))
        suspects += [_Suspect([name], [person], groups, ru, en[0].start, len(en_text))
                     for name, person in _in_part(inp, words, rendered, en_words, people)]
        if not unrendered or spare or _PRONOUNS.search(en_text):
            continue
        # The name may sit one bead off when the translator rebuilt the sentences.
        nearby = [w for t in texts[max(k - 1, 0) : k + 2] for w in WORD_RE.findall(t) if w[0].isupper()]
        missing += [((en[0].start, en[0].end), name, 0.3) for name in unrendered
                    if not any(_similarity(w, e) >= NAME_MATCH for w in name.words for e in nearby)]
    out = []
    for (start, end), name, confidence in missing:
        ru_form = " ".join(name.words)
        hint = "" if name.abbreviation else f" ({' '.join(iuliia.WIKIPEDIA.translate(w) for w in name.words)})"
        known = f" (usually {' / '.join(ABBREVIATIONS[ru_form])})" if ru_form in ABBREVIATIONS else ""
        out.append(inp.finding(start, end, None, "mistranslation", "source.name-missing",
                               f"the Russian has «{ru_form}»{hint}{known}; the English has no "
                               "recognisable rendering of it", confidence))
    out += _swapped(inp, suspects, renderings, _people(ru_names))
    for group, ru_word, form, start in near:
        best, n = renderings[group].most_common(1)[0]
        if (form not in exact and spelling_key(best) != spelling_key(form) and not form.startswith(best)
                and n >= 2 * renderings[group][form]):  # "Russian" beside "Russia" is no variant
            out.append(inp.finding(start, start + len(form), None, "transliteration", "source.name-variant",
                                   f"«{ru_word}» is written '{best}' {n} times elsewhere", 0.4))
    return out
