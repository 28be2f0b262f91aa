"""`--only N,N`: the numbers a listing printed (a dry run's occurrences, a comparison's differences), read back."""

from __future__ import annotations

from align.errors import InputError


def picked(only: str, count: int, what: str) -> list[int]:
    """The 1-based numbers in `only` ("1,4,7"), sorted, once each; InputError for one that is not a number or not
    one of the `count` `what` the listing numbered."""
    numbers = set()
    for token in only.split(","):
        if not token.strip().isdecimal():
            raise InputError(f"--only takes the listing's numbers, like 1,4,7; {token.strip()!r} is not one")
        n = int(token)
        if not 1 <= n <= count:
            raise InputError(f"--only {n}: the listing numbers the {what} 1 to {count}" if count
                             else f"--only {n}: there are no {what} to pick")
        numbers.add(n)
    return sorted(numbers)
