"""Every pinned dependency is imported by rasd (nothing installed for nothing), and every
third-party module rasd imports is a pinned dependency."""
import ast
import importlib.metadata as md
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _imported_top_modules() -> set[str]:
    found = set()
    for path in (ROOT / "rasd").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"rasd", "__future__"}


def _pinned() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    return dict(d.split("==") for d in deps)


def test_every_dependency_is_pinned_and_imported():
    modules = _imported_top_modules()
    by_dist = {}
    for module, dists in md.packages_distributions().items():
        for d in dists:
            by_dist.setdefault(d.lower().replace("_", "-"), set()).add(module)
    unused = [d for d in _pinned() if not (by_dist.get(d.lower(), set()) & modules)]
    assert unused == [], f"pinned but never imported: {unused}"


def test_every_imported_module_comes_from_a_pinned_dependency():
    pinned = {d.lower() for d in _pinned()}
    optional = {"sklearn", "scipy", "torch",      # training only (`train` extra), imported lazily
                "pyarrow", "networkx",            # the `export` extra, imported by the formats that need them
                "fastapi", "starlette", "jinja2", "markupsafe", "uvicorn",   # the `serve` extra (rasd/serve/)
                "psycopg", "ray"}                 # the `postgres` and `ray` extras (rasd/store/postgres.py, rasd/scale/ray.py)
    providers = md.packages_distributions()
    missing = [m for m in _imported_top_modules() - optional
               if not {p.lower().replace("_", "-") for p in providers.get(m, [])} & pinned]
    assert missing == [], f"imported but not a pinned dependency: {missing}"
