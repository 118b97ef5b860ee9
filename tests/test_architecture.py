"""The layering and hygiene rules of DESIGN.md §1, checked on the source with ast."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gateway"
LEAVES = {
    "gateway.settings",
    "gateway.settings_oots",
    "gateway.settings_api",
    "gateway.settings_verifier",
    "gateway.settings_status",
    "gateway.errors",
    "gateway.logs",
    "gateway",
}
MAX_MODULE_LINES = 400

# layer → layers it may import from (besides itself and the leaves)
ALLOWED = {
    "leaf": set(),
    "core": set(),
    "storage": {"core"},
    "flows": {"core", "storage"},
    "web": {"core", "storage", "flows"},
    "cli": {"core", "storage", "flows", "web"},
}


def modules() -> list[tuple[str, Path, ast.Module]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.append((".".join(parts), path, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def layer(module: str) -> str:
    if module in LEAVES:
        return "leaf"
    second = module.split(".")[1]
    if second in ("core", "storage", "flows", "web"):
        return second
    if second in ("cli", "__main__"):
        return "cli"
    raise AssertionError(f"{module} is outside the documented layers")


def imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


MODULES = modules()
IDS = [m[0] for m in MODULES]


@pytest.mark.parametrize(("name", "path", "tree"), MODULES, ids=IDS)
def test_imports_point_down_the_layers(name: str, path: Path, tree: ast.Module) -> None:
    own = layer(name)
    for target in imported(tree):
        if not target.startswith("gateway"):
            continue
        if target in LEAVES or target == "gateway":
            continue
        other = layer(target)
        assert other == own or other in ALLOWED[own], f"{name} ({own}) imports {target} ({other})"


def _imports_package(tree: ast.Module, package: str) -> bool:
    return any(t == package or t.startswith(package + ".") for t in imported(tree))


@pytest.mark.parametrize(("name", "path", "tree"), MODULES, ids=IDS)
def test_aiohttp_only_in_web(name: str, path: Path, tree: ast.Module) -> None:
    if _imports_package(tree, "aiohttp"):
        assert name.startswith("gateway.web"), f"{name} imports aiohttp"


@pytest.mark.parametrize(("name", "path", "tree"), MODULES, ids=IDS)
def test_sqlalchemy_only_in_storage(name: str, path: Path, tree: ast.Module) -> None:
    for package in ("sqlalchemy", "alembic"):
        if _imports_package(tree, package):
            assert name.startswith("gateway.storage"), f"{name} imports {package}"


@pytest.mark.parametrize(("name", "path", "tree"), MODULES, ids=IDS)
def test_only_settings_reads_the_environment(name: str, path: Path, tree: ast.Module) -> None:
    if name == "gateway.settings":
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"):
            pytest.fail(f"{name}:{node.lineno} reads the environment")


XML_PARSERS = {
    "fromstring",
    "parse",
    "XML",
    "XMLParser",
    "iterparse",
    "fromstringlist",
    "HTMLParser",
}


@pytest.mark.parametrize(("name", "path", "tree"), MODULES, ids=IDS)
def test_only_core_xml_parses_xml(name: str, path: Path, tree: ast.Module) -> None:
    if name == "gateway.core.xml":
        return
    for target in imported(tree):
        assert not target.startswith(("xml.etree", "xml.dom", "xml.sax")), f"{name} uses {target}"
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in XML_PARSERS
            and isinstance(node.value, ast.Name)
            and node.value.id == "etree"
        ):
            pytest.fail(f"{name}:{node.lineno} calls etree.{node.attr}; use gateway.core.xml")


@pytest.mark.parametrize(("name", "path", "tree"), MODULES, ids=IDS)
def test_module_has_one_line_docstring_and_stays_small(
    name: str, path: Path, tree: ast.Module
) -> None:
    doc = ast.get_docstring(tree)
    assert doc, f"{name} has no module docstring saying what it owns"
    assert len(doc.splitlines()[0]) <= 110
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines (limit {MAX_MODULE_LINES})"
