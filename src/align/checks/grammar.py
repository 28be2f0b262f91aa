"""Grammar from a checker shipped as a package: Harper (harper-py, Apache-2.0), offline, in process.

Harper has some 900 rules; most are style, formatting or technical-writing advice, and each
costs time (all of them take ~40 s on a 100,000-word book), so only `RULES` run: those that
catch the error kinds a translator's English shows — agreement ("he have", "we was"),
articles ("an book"), double degree ("more better"), mass nouns as plurals ("informations"),
double negation ("haven't got no"), its/it's, than/then, their/there, past participles ("has
went") — less those that fired more than twice on the DEV part of the clean published prose
(`bench/checks_eval.py`: TheirToTheyre, ToTwoToo, QuiteQuiet, SplitWords…) unless a filter
below quiets them. NounVerbConfusion is left out too: it costs a sixth of the time, and the
context check covers affect/effect. A lint becomes a finding, with Harper's first replacement
where it offers one (a flag otherwise), except where Harper misreads (verb agreement is kept
only on auxiliaries: "he don't", not "he struck"; nor after "his" or "hers" standing for a
plural: "His are mostly setters") and where older literary English is right:
"an" before h ("an historic"), and mass nouns in the plural unless English hardly writes that
plural ("informations", not "velvets and satins"). Harper's own spell checker is off: spelling
and names have their own checks. The chunks of a text are linted on THREADS threads. Two rules
Harper lacks, subject–verb agreement after nouns ("the peoples was") and double negation ("didn't
see nobody"), come from `align.checks.agreement` and `align.checks.negation`.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from harper import Dialect, Lint, Linter, SuggestionKind

from align.checks import agreement, negation
from align.checks.model import CheckInput, Finding, clear_of
from align.checks.spelling import zipf

RULES = (
    "AnA", "AnAnother", "AdjectiveDoubleDegree", "MassNouns", "CriteriaPhenomena", "RegularIrregulars",
    "PronounVerbAgreement", "PronounInflectionBe", "IAmAgreement", "ThereIsAgreement", "ThisTypeOfThing",
    "SimplePastToPastParticiple", "ModalOf", "HaveNegNoAny", "DoubleNegative", "ItsPossessive", "ItsContraction",
    "ThenThan", "TheirToThere", "ThereToTheir", "PrincipleToPrincipalRoleNoun",
)
# Possessive pronouns standing for a noun take its number: "His are mostly setters" (his dogs),
# "hers is"; Harper reads them as "he" and "she" are read.
_STANDALONE_POSSESSIVES = frozenset(("his", "hers"))
# The auxiliaries, where PronounVerbAgreement is right ("he don't", "he have"); on other verbs it
# reads past tenses as presents ("he struck", "she hid").
_AUXILIARIES = frozenset(
    "do don't does doesn't have haven't has hasn't is isn't are aren't was wasn't were weren't".split())
THREADS = 2
MASS_PLURAL_GAP = 2.0  # zipf: the singular 100x more frequent than the plural
CHUNK = 8_000  # characters of whole paragraphs per call: Harper is slower per call on short texts, and
# superlinear on long ones
MAX_SENTENCE = 2_000  # characters: a longer "sentence" is not prose and is not sent to Harper


@lru_cache(maxsize=THREADS)
def linter(worker: int = 0) -> Linter:
    """A British-English Harper linter with only `RULES` on, one per worker thread (a Linter is
    not thread-safe; building one loads the dictionary)."""
    lint = Linter(Dialect.BRITISH)
    lint.set_lint_config({rule: rule in RULES for rule in lint.get_default_lint_config()})
    return lint


def check(inp: CheckInput) -> list[Finding]:
    """Harper's lints of the chosen rules, over chunks of whole paragraphs shared among THREADS
    threads (Harper releases the GIL while it lints), and `agreement`'s and `negation`'s findings
    where Harper has none."""
    chunks = _chunks(inp)
    with ThreadPoolExecutor(THREADS) as pool:
        parts = pool.map(lambda k: _lint(inp, chunks[k::THREADS], linter(k)), range(THREADS))
        own = agreement.check(inp) + negation.check(inp)  # while Harper lints (it releases the GIL)
        found = [f for part in parts for f in part]
    found += clear_of(own, [(f.start, f.end) for f in found])
    return sorted(found, key=lambda f: (f.start, f.end))


def _lint(inp: CheckInput, chunks: list[tuple[int, int]], lint: Linter) -> list[Finding]:
    out: list[Finding] = []
    for start, end in chunks:
        for x in lint.lint(inp.text[start:end], language="plaintext"):
            f = _finding(inp, start, x)
            if f is not None:
                out.append(f)
    return out


_SKIP = (-1, -1)  # what `_pieces` yields for a sentence left unchecked


def _pieces(inp: CheckInput) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph, or of each sentence of a paragraph longer than CHUNK; a
    sentence longer than MAX_SENTENCE (no prose has one; a hostile or broken file may) is left
    unchecked, as Harper's time on one text grows faster than its length."""
    sentences = iter(inp.segmentation.sentences)
    for para in inp.segmentation.paragraphs:
        if para.end - para.start <= CHUNK:
            yield para.start, para.end
            continue
        for s in sentences:
            if s.start >= para.end:
                break
            if s.start < para.start:
                continue
            yield (s.start, s.end) if s.end - s.start <= MAX_SENTENCE else _SKIP


def _chunks(inp: CheckInput) -> list[tuple[int, int]]:
    """(start, end) of runs of whole paragraphs (or sentences, see `_pieces`) of about CHUNK characters."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for p_start, p_end in _pieces(inp):
        if (p_start, p_end) == _SKIP:  # the chunk ends before a skipped sentence
            if start is not None:
                out.append((start, end))
            start = None
            continue
        start = p_start if start is None else start
        end = p_end
        if end - start >= CHUNK:
            out.append((start, end))
            start = None
    if start is not None:
        out.append((start, end))
    return out


def _bare_plural(original: str, singular: str | None) -> bool:
    """A lowercase plural English hardly writes of a noun it writes far more often in the singular
    ("informations"), not "a tenderness" or "velvets and satins", which literary English allows."""
    return (singular is not None and original.islower() and " " not in original
            and zipf(singular) - zipf(original) >= MASS_PLURAL_GAP)


def _word_before(text: str, at: int) -> str:
    """The word just before offset `at` (lowercase; '' when none), with only spaces between."""
    before = text[max(0, at - 20) : at]
    word = before.rstrip(" ").rsplit(" ", 1)[-1]
    return word.lower() if word.isalpha() and before.endswith(" ") else ""


def _finding(inp: CheckInput, offset: int, lint: Lint) -> Finding | None:
    """The finding a lint of a chunk starting at `offset` makes, or None where Harper misreads or
    older literary English is right (see the module docstring). Each of the lint's properties is
    read once: harper-py builds a new Python object on every read."""
    span, message = lint.span, lint.message
    start, end = offset + span.start, offset + span.end
    original = inp.text[start:end]
    replacement = next((s.replacement_text for s in lint.suggestions if s.kind == SuggestionKind.REPLACE), None)
    if "mass noun" in message and not _bare_plural(original, replacement):
        return None
    if "agree in grammatical number with the pronoun" in message and \
            original.lower().replace("’", "'") not in _AUXILIARIES:
        return None  # Harper reads past tenses as presents ("he struck", "she hid")
    if "agree with its subject" in message and _word_before(inp.text, start) in _STANDALONE_POSSESSIVES:
        return None  # "His are mostly setters": the pronoun stands for a plural noun
    if original.lower() == "an" and inp.text[end : end + 2].strip().lower().startswith("h"):
        return None  # "an historic", "an honourable": older and British usage
    return inp.finding(start, end, replacement, "grammar", f"grammar.{lint.lint_kind.lower()}", message,
                       0.6 if replacement else 0.4)
