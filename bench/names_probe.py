"""Names check on misspellings of famous names written by hand, outside the injected evaluation.

    .venv/bin/python bench/names_probe.py

`align.checks.evaluate` injects name variants made by the same rules the check's distance
knows; this probe is a second, independent look: 35 misspellings of names English books
write (slips, older or French renderings, web-common misspellings), written down before the
slip work of the names check, plus 5 names spelt right (no finding expected). It HAS since been
looked at: the Russian-confirmed round read its misses (Nietsche, Wittgenstien, Lenine, Bukharine)
to choose what to relax, so it is a tuning probe now; `bench/names_probe_heldout.py` is the
held-out one. Each stands alone in a plain sentence, so only what English knows can decide.
Accepted older forms (Tolstoi, Gorki, Leibnitz, Rachmaninov) are in the list: a miss there
is no harm. Prints each case and the count caught with the expected form.
"""

from __future__ import annotations

from align.checks import check_text
from align.segment import segment_text

# (as written, the usual English form); equal = spelt right
CASES = (
    ("Spinosa", "Spinoza"), ("Nietsche", "Nietzsche"), ("Shakespear", "Shakespeare"), ("Tolstoi", "Tolstoy"),
    ("Tchaikovski", "Tchaikovsky"), ("Chekov", "Chekhov"), ("Dostoievski", "Dostoevsky"), ("Pushkine", "Pushkin"),
    ("Lenine", "Lenin"), ("Trotski", "Trotsky"), ("Bukharine", "Bukharin"), ("Plekhanoff", "Plekhanov"),
    ("Lunacharski", "Lunacharsky"), ("Dzerjinsky", "Dzerzhinsky"), ("Voltair", "Voltaire"),
    ("Robespier", "Robespierre"), ("Napolean", "Napoleon"), ("Hegell", "Hegel"), ("Einstien", "Einstein"),
    ("Freud", "Freud"), ("Goethe", "Goethe"), ("Rachmaninov", "Rachmaninoff"), ("Stravinski", "Stravinsky"),
    ("Mayakovski", "Mayakovsky"), ("Gorki", "Gorky"), ("Turgeniev", "Turgenev"), ("Bakunine", "Bakunin"),
    ("Kropotkine", "Kropotkin"), ("Macchiavelli", "Machiavelli"), ("Shopenhauer", "Schopenhauer"),
    ("Descarte", "Descartes"), ("Dickins", "Dickens"), ("Beethoven", "Beethoven"), ("Mozzart", "Mozart"),
    ("Michaelangelo", "Michelangelo"), ("Copernicus", "Copernicus"), ("Galileo", "Galileo"),
    ("Leibnitz", "Leibniz"), ("Wittgenstien", "Wittgenstein"), ("Kierkegard", "Kierkegaard"),
)


def main() -> None:
    found: dict[str, list[str | None]] = {}
    for written, _ in CASES:
        text = f"In the evening we spoke at length about {written} and his work."
        for f in check_text(text, segment_text(text, "probe", "en"), checks=["names", "spelling", "context"]):
            found.setdefault(f.original, []).append(f.replacement)
    caught = alarms = 0
    for written, usual in CASES:
        got = found.get(written, [])
        if written == usual:
            alarms += bool(got)
        else:
            caught += usual in got
        print(f"{written:15s} {usual:15s} {', '.join(str(g) for g in got) or '-'}")
    wrong = sum(w != u for w, u in CASES)
    print(f"\ncaught with the usual form: {caught} of {wrong}; "
          f"findings on names spelt right: {alarms} of {len(CASES) - wrong}")


if __name__ == "__main__":
    main()
