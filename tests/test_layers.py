"""The library's layers: no module imports a module of a higher layer.

A newcomer reads the tree bottom up: foundations, then the two subsystems (alignment,
corrections), then what builds on both (checks, HTML, exports), then the CLI. This test
reads every `import` of src/align with `ast` and fails on an import that points upwards,
so the layering stays a fact rather than a hope.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "align"
# Top-level modules and packages of align, lowest first; a module may import its own layer and below.
LAYERS: list[set[str]] = [
    {"errors", "translit", "hygiene", "signing"},
    {"project", "jsonlog", "safe_io"},
    {"schema"},
    {"document", "users"},
    {"accounts"},
    {"segment", "formats", "glossary"},
    {"alignment", "corrections", "remarks"},
    {"checks", "overview", "editions"},
    {"render"},
    {"export"},
    {"cli", "__main__"},
]
LAYER = {name: k for k, names in enumerate(LAYERS) for name in names}


def _top(module: str) -> str | None:
    """`align.corrections.review` -> 'corrections'; the package itself (align) -> None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "align" else None


def _is_module(name: str) -> bool:
    return (SRC / name).is_dir() or (SRC / f"{name}.py").is_file()


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level align module) of every import of an align module in `path`."""
    found: list[tuple[int, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "align":  # from align import document, __version__
                found += [(node.lineno, a.name) for a in node.names]
            else:
                found.append((node.lineno, _top(node.module)))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, _top(a.name)) for a in node.names]
    return [(line, t) for line, t in found if t and _is_module(t)]


MODULES = sorted(p for p in SRC.rglob("*.py") if p.name != "__init__.py" or p.parent != SRC)


def test_every_module_is_in_a_layer() -> None:
    tops = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in MODULES}
    assert tops <= set(LAYER), f"add these to LAYERS: {sorted(tops - set(LAYER))}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_import_points_to_a_higher_layer(path: Path) -> None:
    own = path.relative_to(SRC).parts[0].removesuffix(".py")
    upward = [f"line {line}: {target}" for line, target in _imports(path) if LAYER[target] > LAYER[own]]
    assert not upward, f"{path.relative_to(SRC)} (layer of {own}) imports a higher layer: {upward}"
