"""Every use of Whoosh's private internals lives in one module.

`search/backends/whoosh/internals.py` holds everything of Whoosh below its
public API, so an upgrade of Whoosh has one module to check. This test keeps
it so: it parses the project's modules and fails on any use, anywhere else, of
a name that Whoosh keeps private:

- an import of a private name from a Whoosh module (`from whoosh.x import _y`),
  or a private attribute of something imported from Whoosh (`w3._y`);
- an attribute named as one of Whoosh's private functions, methods, class
  attributes or instance attributes (`self._added`, `super()._flush_segment()`,
  `ix._segments()`, `getattr(reader, "_terms")`), whatever the object: a
  subclass of a Whoosh class reaches them through `self`, and an object's type
  is not known statically;
- a method or class attribute of that name (an override Whoosh calls);
- a private keyword argument of a Whoosh function (`_lk=False`).

The set of private names is read from the installed Whoosh's source, so the
rule is mechanical: a private attribute of our own that happens to share a
name with one of Whoosh's must be named otherwise. The tests under `tests/` are
not checked: the differential tests compare internals.py with Whoosh's own
reader and writer and may look at Whoosh's internals themselves.
"""

from __future__ import annotations

import ast
import warnings
from functools import cache
from pathlib import Path

import pytest
import whoosh

ROOT = Path(__file__).resolve().parents[2]
INTERNALS = "search/backends/whoosh/internals.py"
NOT_CHECKED = {"tests"}  # top-level folders left out (see the docstring)
# Private attributes of other libraries that happen to share a name with one
# of Whoosh's: (module, name) -> whose it is. Not ours to rename.
OTHER_LIBRARIES = {
    ("newsarchive/cache.py", "_dir"): "Django's FileBasedCache (its folder)",
}


def _private(name: str | None) -> bool:
    return (
        bool(name)
        and name.startswith("_")
        and name != "_"
        and not (name.startswith("__") and name.endswith("__"))
    )


@cache
def whoosh_privates() -> tuple[frozenset[str], frozenset[str]]:
    """Return the private names Whoosh defines (functions, methods, class
    attributes, attributes set on self) and its private parameter names."""
    names: set[str] = set()
    params: set[str] = set()
    for path in Path(whoosh.__file__).parent.rglob("*.py"):
        with warnings.catch_warnings():  # Whoosh's invalid escape sequences
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            tree = ast.parse(path.read_bytes(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if _private(node.name):
                    names.add(node.name)
                a = node.args
                for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs]:
                    if _private(arg.arg):
                        params.add(arg.arg)
            elif isinstance(node, ast.ClassDef):
                if _private(node.name):
                    names.add(node.name)
                for item in node.body:
                    targets = []
                    if isinstance(item, ast.Assign):
                        targets = item.targets
                    elif isinstance(item, ast.AnnAssign | ast.AugAssign):
                        targets = [item.target]
                    for target in targets:
                        for leaf in ast.walk(target):
                            if isinstance(leaf, ast.Name) and _private(leaf.id):
                                names.add(leaf.id)
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store | ast.Del)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
                and _private(node.attr)
            ):
                names.add(node.attr)
    return frozenset(names), frozenset(params)


def _whoosh_bindings(tree: ast.AST) -> set[str]:
    """Return the names a module binds to modules or objects of Whoosh."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "whoosh" or alias.name.startswith("whoosh."):
                    bound.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and not node.level:
            module = node.module or ""
            if module == "whoosh" or module.startswith("whoosh."):
                bound.update(a.asname or a.name for a in node.names)
    return bound


def _root(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def violations(source: str, path: str) -> list[tuple[str, int, str, str]]:
    """Return (path, line, name, what) for each use of Whoosh's privates."""
    names, params = whoosh_privates()
    tree = ast.parse(source, path)
    bound = _whoosh_bindings(tree)
    found = []

    def hit(node, name, what):
        found.append((path, node.lineno, name, what))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "whoosh":
                    for part in filter(_private, parts):
                        hit(node, part, "imports a private Whoosh module")
        elif isinstance(node, ast.ImportFrom) and not node.level:
            parts = (node.module or "").split(".")
            if parts[0] == "whoosh":
                for part in filter(_private, parts):
                    hit(node, part, "imports from a private Whoosh module")
                for alias in node.names:
                    if _private(alias.name):
                        hit(node, alias.name, "imports a private name of Whoosh")
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            if node.attr in names:
                hit(node, node.attr, "uses a private attribute of Whoosh")
            elif _root(node.value) in bound:
                hit(node, node.attr, "uses a private attribute of a Whoosh object")
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if (
                    isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                    and item.name in names
                ):
                    hit(item, item.name, "defines a method named as Whoosh's")
                targets = []
                if isinstance(item, ast.Assign):
                    targets = item.targets
                elif isinstance(item, ast.AnnAssign):
                    targets = [item.target]
                for target in targets:
                    for leaf in ast.walk(target):
                        if isinstance(leaf, ast.Name) and leaf.id in names:
                            hit(item, leaf.id, "defines a class attribute of Whoosh's")
        elif isinstance(node, ast.Call):
            if (
                isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in names
            ):
                hit(
                    node,
                    node.args[1].value,
                    f"uses a private attribute of Whoosh via {node.func.id}",
                )
            for keyword in node.keywords:
                if keyword.arg in params:
                    hit(keyword, keyword.arg, "passes a private argument of Whoosh")
    return found


def project_modules() -> list[str]:
    """Return the project's Python modules, relative to the checkout."""
    out = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        top = rel.parts[0]
        if len(rel.parts) > 1 and (top.startswith(".") or top in NOT_CHECKED):
            continue
        if any(p.startswith(".") or p == "__pycache__" for p in rel.parts[:-1]):
            continue
        out.append(rel.as_posix())
    return sorted(out)


def test_whoosh_private_names_are_read_from_its_source():
    names, params = whoosh_privates()
    # A few we know Whoosh 2.7 to have: its writer's hooks and state, an
    # index's segment list, a reader's term table, the writer's lock flag.
    for name in ("_finalize_segment", "_flush_segment", "_commit_toc"):
        assert name in names
    for name in ("_check_state", "_added", "_segments", "_terms", "_read_toc"):
        assert name in names
    assert "_lk" in params
    assert not {"__init__", "_"} & names


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from whoosh.codec.whoosh3 import _lenfield\n", ["_lenfield"]),
        ("from whoosh.util import _private_mod\n", ["_private_mod"]),
        ("import whoosh._mod.x\n", ["_mod"]),
        (
            "from whoosh.codec import whoosh3 as w3\nw3._something_else\n",
            ["_something_else"],
        ),
        ("import whoosh.index\nwhoosh.index._DEF_INDEX_NAME\n", ["_DEF_INDEX_NAME"]),
        ("def f(ix):\n    return ix._segments()\n", ["_segments"]),
        (
            "class W(SegmentWriter):\n"
            "    def add(self):\n"
            "        self._check_state()\n"
            "        self._added = True\n",
            ["_check_state", "_added"],
        ),
        (
            "class W(SegmentWriter):\n"
            "    def _flush_segment(self):\n"
            "        return super()._flush_segment()\n",
            ["_flush_segment", "_flush_segment"],
        ),
        ("class P:\n    _terms = None\n", ["_terms"]),
        ("def f(r):\n    return getattr(r, '_terms', None)\n", ["_terms"]),
        ("w = BulkWriter(ix, _lk=False)\n", ["_lk"]),
        # Not Whoosh's: our own private names and Whoosh's public API.
        ("class P:\n    def _pack_posting(self):\n        self._our_own = 1\n", []),
        ("from whoosh.index import TOC, clean_files\nTOC.read\n", []),
        ("from .internals import index_segments\nindex_segments(ix)\n", []),
    ],
)
def test_the_check_finds_each_kind_of_use(source, expected):
    assert sorted(v[2] for v in violations(source, "example.py")) == sorted(expected)


def test_the_check_reads_the_project():
    modules = project_modules()
    assert INTERNALS in modules
    assert "search/backends/whoosh/bulk.py" in modules
    assert "manage.py" in modules
    assert not [m for m in modules if m.startswith("tests/")]
    # internals.py itself is full of them: the check sees what it exempts.
    assert violations((ROOT / INTERNALS).read_text("utf-8"), INTERNALS)


def _outside_internals() -> list[tuple[str, int, str, str]]:
    found = []
    for module in project_modules():
        if module != INTERNALS:
            found += violations((ROOT / module).read_text("utf-8"), module)
    return found


def test_each_other_library_exception_is_still_needed():
    found = {(path, name) for path, _line, name, _what in _outside_internals()}
    assert set(OTHER_LIBRARIES) <= found


def test_whoosh_internals_are_used_only_in_internals_py():
    found = [v for v in _outside_internals() if (v[0], v[2]) not in OTHER_LIBRARIES]
    assert not found, (
        "Whoosh's private internals used outside "
        f"{INTERNALS}; move each use into it (behind a public name):\n"
        + "\n".join(f"  {p}:{line}: {name} ({what})" for p, line, name, what in found)
    )
