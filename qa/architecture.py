"""How matchmaker's parts depend on each other: cycles, deferred imports, package sizes.

    python -m qa.architecture                      (make architecture)
    python -m qa.architecture --ignore api,openapi  (as if those parts were gone)
    python -m qa.architecture --detail             (each import behind a cycle's edge)

A part is a top-level module or package of matchmaker (`profiles`, `brokering`, `web`…).
Every import statement counts, those deferred into a function too (grimp reads them
all): a deferred import is a cycle in disguise. Prints the groups of parts that import
each other (strongly connected components of the part graph) with the imports that tie
them, the deferred imports, and the modules per folder (issue 14: none over 15).
"""

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "matchmaker"
MAX_MODULES = 15


def part(module: str) -> str:
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


def part_graph(graph, ignore: frozenset[str] = frozenset()) -> dict[str, dict[str, list[str]]]:
    """part → part it imports → the module imports behind that edge (ignored parts left out)."""
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for importer in sorted(graph.modules):
        if part(importer) in ignore:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if part(imported) in ignore:
                continue
            if part(importer) != part(imported):
                edges[part(importer)][part(imported)].append(f"{importer} → {imported}")
    return edges


def cycles(parts: set[str], edges) -> list[list[str]]:
    """Groups of parts that reach each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges.get(node, {}):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(1000, 10 * len(parts)))
    for node in sorted(parts):
        if node not in index:
            visit(node)
    return found


def deferred_imports() -> list[str]:
    """Imports of matchmaker written inside a function, as file:line."""
    found = []
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                names = []
                if isinstance(node, ast.ImportFrom):
                    names = [("." * node.level) + (node.module or "")]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                if any(n.startswith((PACKAGE, ".")) for n in names):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return sorted(set(found))


def folder_sizes() -> dict[str, int]:
    """Python modules directly in each folder of the package."""
    folders = [ROOT / PACKAGE, *(p for p in (ROOT / PACKAGE).rglob("*") if p.is_dir())]
    return {
        str(folder.relative_to(ROOT)): len(list(folder.glob("*.py")))
        for folder in sorted(folders)
        if "__pycache__" not in folder.parts
    }


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m qa.architecture", description=__doc__)
    parser.add_argument(
        "--ignore",
        default="",
        metavar="PART,PART",
        help="leave these parts out of the cycle search, as if they were deleted",
    )
    parser.add_argument(
        "--detail", action="store_true", help="list the module imports behind each edge of a cycle"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    ignore = frozenset(name for name in args.ignore.split(",") if name)
    graph = grimp.build_graph(PACKAGE, include_external_packages=False)
    edges = part_graph(graph, ignore)
    groups = cycles({part(m) for m in graph.modules} - ignore, edges)
    ignored = f" (ignoring {', '.join(sorted(ignore))})" if ignore else ""
    print(f"import cycles among {PACKAGE}'s parts{ignored}: {len(groups)}")
    for group in groups:
        print(f"  {len(group)} parts: {', '.join(group)}")
        for a in group:
            for b in group:
                if b in edges.get(a, {}):
                    print(f"    {a} → {b}: {len(edges[a][b])} imports")
                    if args.detail:
                        for line in edges[a][b]:
                            print(f"      {line}")
    deferred = deferred_imports()
    print(f"imports of {PACKAGE} deferred into functions: {len(deferred)}")
    for where in deferred:
        print(f"  {where}")
    sizes = folder_sizes()
    over = {folder: n for folder, n in sizes.items() if n > MAX_MODULES}
    print(f"folders over {MAX_MODULES} modules: {len(over)}")
    for folder, n in over.items():
        print(f"  {folder}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
