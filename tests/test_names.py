"""One meaning per public name: no public name is defined in two fplib modules (importing a name from its one
home is fine: that is the same object, not a second definition)."""
import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def defined_names(statements) -> list[str]:
    """The public names these top-level statements define: functions, classes, assigned names (not imports)."""
    names = []
    for node in statements:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
        elif isinstance(node, (ast.If, ast.Try)):  # definitions under a top-level if or try
            names += defined_names(node.body + node.orelse + getattr(node, "finalbody", [])
                                   + [s for handler in getattr(node, "handlers", []) for s in handler.body])
    return [name for name in names if not name.startswith("_")]


def test_the_walk_finds_each_kind_of_definition():
    source = "import numpy as np\nfrom x import y\nA, B = 1, 2\nC: int = 3\ndef f(): pass\nclass K: pass\n" \
             "if True:\n    def g(): pass\n_private = 4\n"
    assert sorted(defined_names(ast.parse(source).body)) == ["A", "B", "C", "K", "f", "g"]


def test_no_public_name_is_defined_in_two_fplib_modules():
    homes = defaultdict(list)
    for path in sorted((ROOT / "fplib").rglob("*.py")):
        for name in set(defined_names(ast.parse(path.read_text()).body)):
            homes[name].append(path.relative_to(ROOT).as_posix())
    twins = {name: paths for name, paths in homes.items() if len(paths) > 1}
    assert not twins, f"public names defined in more than one module (one name, one meaning): {twins}"
