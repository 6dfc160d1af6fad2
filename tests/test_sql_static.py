"""No SQL built from strings at run time: every module under ``src/newsdesk`` is parsed with ``ast``
and each call that takes raw SQL is checked.

Calls checked: ``X.execute(...)`` and ``X.exec_driver_sql(...)`` (SQLAlchemy connections, DB-API
cursors, Alembic's ``op``), and SQLAlchemy's ``text(...)`` and ``literal_column(...)`` (imported by
name, or as ``sqlalchemy.text`` / ``sa.text``). An argument is "built at run time" when it is, or
is a local variable assigned from, an f-string with a placeholder, ``%`` formatting, ``+``
concatenation involving anything but string literals, ``.format(...)`` or ``"sep".join(...)``.
SQLAlchemy expressions (``select(...)``, ``insert(...)``) and string literals pass; values go in
as bound parameters.

The only exception is a name listed in ``ALLOWED`` below (module path -> names of module-level
constants): such a name may be interpolated into SQL, because it holds an identifier newsdesk
defines itself, never text from a request, a file or a feed. Each entry needs a comment saying why.
Today no module needs one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "newsdesk"
RAW_SQL_METHODS = {"execute", "exec_driver_sql"}
RAW_SQL_FUNCTIONS = {"text", "literal_column"}
SQLALCHEMY_MODULES = {"sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression"}

# module path (relative to src/newsdesk) -> module-level constants that may be interpolated into SQL.
ALLOWED: dict[str, set[str]] = {}


def _sql_function_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(names bound to sqlalchemy's text/literal_column, names bound to the sqlalchemy module)."""
    functions, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in SQLALCHEMY_MODULES:
            functions.update(a.asname or a.name for a in node.names if a.name in RAW_SQL_FUNCTIONS)
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name in SQLALCHEMY_MODULES)
    return functions, modules


def _takes_raw_sql(call: ast.Call, functions: set[str], modules: set[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in functions
    if isinstance(func, ast.Attribute):
        if func.attr in RAW_SQL_METHODS:
            return True
        if func.attr in RAW_SQL_FUNCTIONS:
            return ast.unparse(func.value) in modules
    return False


def _string_method(func: ast.AST) -> bool:
    """``"...".format`` / ``x.format``, and ``"sep".join`` (not SQLAlchemy's ``select(...).join``)."""
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr == "format":
        return True
    return func.attr == "join" and isinstance(func.value, ast.Constant) and isinstance(func.value.value, str)


class _Checker:
    """Finds run-time-built SQL arguments in one module."""

    def __init__(self, allowed: set[str]) -> None:
        self.allowed = allowed

    def _static(self, node: ast.AST) -> bool:
        """A string literal, an allow-listed constant, or ``+`` of such."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            return node.id in self.allowed
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._static(node.left) and self._static(node.right)
        return False

    def built(self, node: ast.AST, assigned: dict[str, list[ast.AST]], depth: int = 0) -> str | None:
        """Why ``node`` is SQL built at run time, or None."""
        if isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
            if any(not self._static(p) for p in parts):
                return "an f-string"
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            if not (isinstance(node.left, ast.Constant) and self._static(node.right)):
                return "% formatting"
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            if not self._static(node):
                return "+ concatenation"
        elif isinstance(node, ast.Call) and _string_method(node.func):
            values = [*node.args, *(k.value for k in node.keywords)]
            if not all(self._static(v) for v in values):
                return f"str.{node.func.attr}()"
        elif isinstance(node, ast.Name) and depth < 3:
            for value in assigned.get(node.id, []):
                why = self.built(value, assigned, depth + 1)
                if why:
                    return f"{why} (through the variable {node.id})"
        return None


def _assignments(scope: ast.AST) -> dict[str, list[ast.AST]]:
    """Local name -> the expressions assigned to it in ``scope`` (plain, annotated and augmented)."""
    found: dict[str, list[ast.AST]] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name) and node.value:
            value = node.value if isinstance(node, ast.AnnAssign) else ast.BinOp(node.target, node.op, node.value)
            found.setdefault(node.target.id, []).append(value)
    return found


def offenders(source: str, name: str = "<module>", allowed: set[str] | None = None) -> list[str]:
    """``file:line: call(...) gets SQL built from strings (how)`` for each offending call in ``source``."""
    tree = ast.parse(source, filename=name)
    functions, modules = _sql_function_names(tree)
    checker = _Checker(allowed or set())
    scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))]
    found = set()
    for scope in scopes:
        assigned = _assignments(scope)
        for call in ast.walk(scope):
            if not (isinstance(call, ast.Call) and _takes_raw_sql(call, functions, modules)):
                continue
            for arg in [*call.args, *(k.value for k in call.keywords)]:
                why = checker.built(arg, assigned)
                if why:
                    found.add(f"{name}:{call.lineno}: {ast.unparse(call.func)}(...) gets SQL built from strings ({why})")
    return sorted(found)


def modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_the_allow_list_names_real_constants():
    for module, names in ALLOWED.items():
        tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
        constants = {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        assert names <= constants, f"{module}: {sorted(names - constants)} are not module-level constants"


def test_no_module_builds_sql_from_strings():
    assert len(modules()) > 50  # the walk really found the package
    found = []
    for path in modules():
        relative = path.relative_to(SRC).as_posix()
        found += offenders(path.read_text(encoding="utf-8"), relative, ALLOWED.get(relative))
    assert not found, ("SQL built from strings; use SQLAlchemy expressions with bound parameters "
                       "(or allow a constant identifier in ALLOWED, with a reason):\n" + "\n".join(found))


PLANTED = {
    "f-string": 'def f(conn, name):\n    conn.execute(f"SELECT * FROM articles WHERE title = \'{name}\'")\n',
    "percent": 'def f(cur, name):\n    cur.execute("SELECT * FROM t WHERE a = \'%s\'" % name)\n',
    "concatenation": 'def f(conn, name):\n    conn.exec_driver_sql("DELETE FROM t WHERE a = " + name)\n',
    "format": 'from sqlalchemy import text\ndef f(conn, n):\n    conn.execute(text("SELECT {}".format(n)))\n',
    "variable": 'import sqlalchemy as sa\ndef f(conn, n):\n    q = f"SELECT {n}"\n    conn.execute(sa.text(q))\n',
    "augmented": 'def f(conn, n):\n    q = "SELECT 1"\n    q += n\n    conn.execute(q)\n',
    "join": 'def f(conn, cols):\n    conn.execute(" ".join(["SELECT", cols]))\n',
    "literal_column": 'from sqlalchemy import literal_column as lc\ndef f(n):\n    return lc(f"\'{n}\'")\n',
}


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_planted_string_sql_is_caught(kind):
    found = offenders(PLANTED[kind], "planted.py")
    assert len(found) == 1 and found[0].startswith("planted.py:"), found


def test_literals_expressions_and_allowed_constants_pass():
    clean = (
        'from sqlalchemy import select, text\nTABLE = "articles"\n'
        'def f(conn, cur, title):\n'
        '    cur.execute("PRAGMA journal_mode=WAL")\n'
        '    conn.execute(text("SELECT 1 WHERE a = :a"), {"a": title})\n'
        '    conn.execute(select(1).where(x == title))\n'
        '    conn.execute("CREATE TABLE x " + "(id INTEGER)")\n'
        '    for statement in ["A", "B"]:\n'
        '        conn.execute(statement)\n'
        '    conn.execute(f"DROP TABLE {TABLE}")\n'
    )
    assert offenders(clean, "clean.py", {"TABLE"}) == []
    assert len(offenders(clean, "clean.py")) == 1  # TABLE not allowed: the f-string is caught
