"""Names and transliteration: one name spelled two ways, unconventional spellings of
well-known names, and lowercase words derived from names.

Conventional forms come from a small curated table, not from iuliia: the names that
matter in these memoirs (Spinoza, Robespierre, Engels) reached Russian from other
languages, and even Russian names have English forms no scheme produces (Trotsky, not
Trotskiy; iuliia's WIKIPEDIA scheme gives "Robespyer" for Робеспьер). The table holds
forms found in English reference works; a word whose spelling key (`align.translit.
spelling_key`: Trotskii and Trotsky share one) is one or two edits away from a form's key,
and not itself an English word, is proposed the table form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extractOne

from align.checks.model import CheckInput, Finding
from align.checks.spelling import is_word, zipf
from align.translit import spelling_key

CONVENTIONAL = (
    # philosophers, writers, revolutionaries outside Russia
    "Spinoza", "Robespierre", "Danton", "Friedrich", "Engels", "Hegel", "Feuerbach", "Proudhon",
    "Blanqui", "Blanquism", "Kautsky", "Lassalle", "Bernstein", "Luxemburg", "Liebknecht",
    "Nietzsche", "Schopenhauer", "Voltaire", "Rousseau", "Descartes", "Napoleon", "Bonaparte",
    "Cromwell", "Mussolini", "Achilles",
    # Russian and Soviet names in their usual English form
    "Trotsky", "Bronstein", "Zinoviev", "Kamenev", "Bukharin", "Preobrazhensky", "Plekhanov",
    "Martov", "Zasulich", "Sverdlov", "Dzerzhinsky", "Lunacharsky", "Kropotkin", "Bakunin",
    "Herzen", "Chernyshevsky", "Dostoevsky", "Tolstoy", "Tchaikovsky", "Chekhov", "Turgenev",
    "Beloborodov", "Voroshilov", "Molotov",
    # institutions and movements
    "Comintern", "Politburo", "Sovnarkom", "Komsomol", "Thermidor", "Petrograd", "Kronstadt",
    "Marxist", "Marxists", "Marxism", "Leninist", "Leninists", "Leninism", "Stalinist",
    "Stalinists", "Stalinism", "Trotskyist", "Trotskyists", "Trotskyism", "Bolshevik",
    "Bolsheviks", "Bolshevism", "Menshevik", "Mensheviks", "Menshevism", "Narodnik", "Narodniks",
)
_TABLE_LOWER = {c.lower(): c for c in CONVENTIONAL}
_POSSESSIVE = re.compile(r"['’]s$")
_DERIVED_SUFFIXES = ("ist", "ists", "ism", "ian", "ians", "ite", "ites")
COMMON_ZIPF = 3.0  # a word this frequent in English is an English word, not a misspelt name
# (replacement or None to only flag, category, rule, message, confidence), keyed by the word
_Proposal = tuple[str | None, str, str, str, float]


def check(inp: CheckInput) -> list[Finding]:
    """Conventional forms, consistency of names within the text, capitalisation of derived words."""
    proposals: dict[str, _Proposal] = {}
    proposals.update(_conventional(inp))
    for k, v in _variants(inp).items():
        proposals.setdefault(k, v)
    for k, v in _derived(inp).items():
        proposals.setdefault(k, v)
    out = []
    for w in inp.words:
        base = _POSSESSIVE.sub("", w.text)
        if base in proposals:
            repl, category, rule, msg, conf = proposals[base]
            out.append(inp.finding(w.start, w.start + len(base), repl, category, rule, msg, conf))
    return out


def _bases(words: Iterable[str]) -> set[str]:
    """The words without a possessive 's."""
    return {_POSSESSIVE.sub("", w) for w in words}


def _conventional(inp: CheckInput) -> dict[str, _Proposal]:
    found: dict[str, _Proposal] = {}
    table_keys = {spelling_key(k): form for k, form in _TABLE_LOWER.items()}
    for word in _bases(inp.word_counts):
        low = word.lower()
        if low in _TABLE_LOWER:
            form = _TABLE_LOWER[low]
            if word.islower():
                found[word] = (form, "other", "names.capitalisation", f"'{form}' is written with a capital", 0.8)
            continue
        if len(word) < 6 or zipf(low) >= COMMON_ZIPF:
            continue
        if word.islower() and is_word(word):
            continue
        limit = 1 if len(word) < 9 else 2
        key = spelling_key(low)
        hit = extractOne(key, list(table_keys), scorer=Levenshtein.distance, score_cutoff=limit)
        if hit is None or key[0] != hit[0][0]:
            continue
        form = table_keys[hit[0]]
        if low[:-2] == form.lower()[:-2]:  # only the ending differs: which word was meant is unclear
            found[word] = (None, "transliteration", "names.conventional-form",
                           f"not an English word; a form of '{form[:-2]}…' ({form}?)", 0.5)
            continue
        found[word] = (form, "transliteration", "names.conventional-form",
                       f"the usual English form is '{form}'", 0.8)
    return found


def _variants(inp: CheckInput) -> dict[str, _Proposal]:
    """Capitalised names that share a spelling key or differ by one letter: propose the
    glossary form, else the dominant form (flag only when neither dominates)."""
    names = [n for n in _bases(inp.capitalised)
             if len(n) >= 5 and not n.isupper() and zipf(n.lower()) < COMMON_ZIPF]  # not headings
    glossary = {g for g in inp.glossary_words if g[:1].isupper()}
    groups: dict[str, set[str]] = defaultdict(set)
    for n in [*names, *glossary]:
        groups[spelling_key(n)].add(n)
    by_first: dict[str, list[str]] = defaultdict(list)
    for n in names:
        by_first[n[:2]].append(n)
    for group in by_first.values():  # one substitution or transposition apart, same length
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if len(a) == len(b) >= 6 and Levenshtein.distance(a, b, weights=(1, 1, 2)) <= 1:
                    groups[spelling_key(a)] |= groups.pop(spelling_key(b), {b}) | {a, b}
    found: dict[str, _Proposal] = {}
    best: str | None
    for forms in groups.values():
        if len(forms) < 2:
            continue
        preferred = [f for f in forms if f in glossary]
        ranked = sorted(forms, key=lambda f: inp.word_counts[f], reverse=True)
        if preferred:
            best, conf, why = preferred[0], 0.8, "the glossary form"
        elif inp.word_counts[ranked[0]] >= 2 * inp.word_counts[ranked[1]]:
            best, conf, why = ranked[0], 0.6, f"the form used {inp.word_counts[ranked[0]]} times"
        else:
            best = None
        for f in forms:
            if f == best or f in glossary:
                continue
            if best is None:
                found[f] = (None, "consistency", "names.variant",
                            f"'{f}' is also written {' / '.join(sorted(forms - {f}))}", 0.4)
            else:
                found[f] = (best, "consistency", "names.variant", f"'{f}' is elsewhere '{best}' ({why})", conf)
    return found


def _derived(inp: CheckInput) -> dict[str, _Proposal]:
    """'marxist' where the text names Marx: words derived from a name take its capital."""
    stems = {n.lower(): n for n, c in inp.capitalised.items() if c >= 2 and zipf(n.lower()) < COMMON_ZIPF}
    found: dict[str, _Proposal] = {}
    for word in inp.word_counts:
        if not word.islower():
            continue
        for suffix in _DERIVED_SUFFIXES:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and stem in stems:
                form = stems[stem] + suffix
                found[word] = (form, "other", "names.capitalisation",
                               f"derived from '{stems[stem]}', so capitalised", 0.7)
                break
    return found
