"""The native module's stubs (`_plaudit.pyi`) name exactly what the compiled module has."""
import ast
import pathlib

from plaudit import _plaudit

STUBS = pathlib.Path(_plaudit.__file__).with_name("_plaudit.pyi")


def stubbed():
    tree = ast.parse(STUBS.read_text())
    names, members = set(), {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
            members[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
        elif isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names, members


def test_stubs_match_the_compiled_module():
    names, members = stubbed()
    public = {n for n in dir(_plaudit) if not n.startswith("_")} | {"__version__"}
    assert names == public
    for cls, methods in members.items():
        native = getattr(_plaudit, cls)
        have = {n for n in dir(native) if not n.startswith("_")}
        stubbed_public = {m for m in methods if not m.startswith("_")}
        assert stubbed_public == have, cls
        for m in methods:
            assert hasattr(native, m), f"{cls}.{m}"
