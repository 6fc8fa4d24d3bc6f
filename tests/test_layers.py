"""The architecture, checked: each subpackage of ``cxmap`` imports only from the layers below it
(the order ``cxmap/__init__.py`` documents), and only ``cxmap.ui`` imports Streamlit."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cxmap"

# Lowest first.  A module may import its own layer and any layer before it.
LAYERS = ("domain", "files", "storage", "compute", "view", "ui", "cli", "__main__")


def layer_of(module: str) -> str:
    """``cxmap.files.reader`` -> ``files``; ``cxmap.cli`` -> ``cli``."""
    return module.split(".")[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, here: str) -> list[tuple[int, str]]:
    """Every module a file (the module ``here``) imports, absolute, with its line."""
    package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from cxmap import files` imports the subpackage `cxmap.files`
            if target == "cxmap":
                found += [(node.lineno, f"cxmap.{alias.name}") for alias in node.names]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_every_subpackage_is_a_known_layer():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages <= set(LAYERS), f"a new subpackage needs its place in LAYERS: {packages}"
    for name in packages:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text()))
        assert doc, f"cxmap/{name}/__init__.py must say what it owns and what it may import"


def violations(path: Path, here: str) -> list[str]:
    own = LAYERS.index(layer_of(here))
    wrong = []
    for line, target in imports_of(path, here):
        root = target.split(".")[0]
        if root == "streamlit" and layer_of(here) != "ui":
            wrong.append(f"line {line}: imports Streamlit outside cxmap.ui")
        if root == "cxmap" and target != "cxmap":
            if LAYERS.index(layer_of(target)) > own:
                wrong.append(f"line {line}: {layer_of(here)} imports the higher layer {target}")
    return wrong


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_imports_only_lower_layers(path):
    here = module_name(path)
    if here != "cxmap":
        assert not violations(path, here), f"{path.name}: " + "; ".join(violations(path, here))


def test_the_checker_sees_a_violation(tmp_path):
    """The rule is not vacuous: a domain module importing storage (absolute or relative) or
    Streamlit is caught; a files module importing the domain is not."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from cxmap.storage import store\nimport streamlit as st\nfrom ..view import i18n\n"
    )
    assert violations(probe, "cxmap.domain.probe") == [
        "line 1: domain imports the higher layer cxmap.storage",
        "line 2: imports Streamlit outside cxmap.ui",
        "line 3: domain imports the higher layer cxmap.view",
    ]
    probe.write_text("from cxmap.domain.model import JourneyMap\nfrom . import cells\n")
    assert violations(probe, "cxmap.files.probe") == []
