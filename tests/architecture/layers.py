"""The layering rules of issue 10, read from the source with ``ast`` (nothing is imported):

    pure ← models ← records ← actions ← selectors ← interfaces

- no import cycle among project modules, counting function-local imports;
- no ``from x import _name`` (or ``x._name``) of another module's private name;
- no Django (nor any non-pure project module) in a pure module;
- ``.state = …`` / ``.update(state=…)`` and PostEvent / Decision creation only in the actions package;
- no model write (``.save()``, ``.delete()``, ``objects.create/update/…``) in an interface module;
- function-local project imports counted, each with a comment saying it is lazy and why.

``Layout`` says which packages play which part, so the same checks run on the project and on the small
fixture package beside this file (tests/architecture/fixture) that holds one of each forbidden pattern.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

WRITE_METHODS = {"create", "update", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "delete"}
GUARDED_MODELS = {"PostEvent", "Decision"}


@dataclass(frozen=True)
class Layout:
    root: Path
    packages: tuple[str, ...]  # top-level project packages
    pure: tuple[str, ...]  # modules (or packages) that must not import Django
    actions: tuple[str, ...]  # the only place for state changes and PostEvent / Decision rows
    interfaces: tuple[str, ...]  # views, forms, urls: no model writes
    exclude: tuple[str, ...] = ("migrations",)


@dataclass
class Import:
    target: str  # the project module imported
    names: tuple[str, ...]
    line: int
    local: bool  # inside a function
    comment: str  # the comment on this line or the line above


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    lines: list[str]
    imports: list[Import] = field(default_factory=list)
    external: list[tuple[str, int]] = field(default_factory=list)  # (top-level package, line)


def _within(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def load(layout: Layout) -> dict[str, Module]:
    modules = {}
    for package in layout.packages:
        for path in sorted((layout.root / package).rglob("*.py")):
            rel = path.relative_to(layout.root).with_suffix("")
            if any(part in layout.exclude for part in rel.parts):
                continue
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            text = path.read_text(encoding="utf-8")
            modules[".".join(parts)] = Module(".".join(parts), path, ast.parse(text), text.splitlines())
    for module in modules.values():
        _read_imports(module, modules, layout)
    return modules


def _comment(module: Module, line: int) -> str:
    """The comment on the import's line and the comment block right above it."""
    here = module.lines[line - 1]
    said = [here.split("#", 1)[1].strip()] if "#" in here else []
    above = line - 2
    while above >= 0 and module.lines[above].strip().startswith("#"):
        said.insert(0, module.lines[above].strip()[1:].strip())
        above -= 1
    return " ".join(said)


def _resolve(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = module.path.name == "__init__.py"
    base = module.name.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _read_imports(module: Module, modules: dict[str, Module], layout: Layout) -> None:
    local_nodes = {id(n) for f in ast.walk(module.tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                   for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                _add(module, modules, layout, alias.name, (), node, id(node) in local_nodes)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules:  # "from package import module"
                    _add(module, modules, layout, sub, (), node, id(node) in local_nodes)
                else:
                    _add(module, modules, layout, base, (alias.name,), node, id(node) in local_nodes)


def _add(module, modules, layout, target, names, node, local) -> None:
    top = target.split(".")[0]
    if top not in layout.packages:
        module.external.append((top, node.lineno))
        return
    while target and target not in modules:  # "import a.b.c" where only a.b is a module of ours
        target = target.rpartition(".")[0]
    if target:
        module.imports.append(Import(target, names, node.lineno, local, _comment(module, node.lineno)))


# ---- the checks: each returns a list of "module:line: what" strings ----------------------------

def import_cycles(modules: dict[str, Module]) -> list[str]:
    """Strongly connected groups of modules (Tarjan), function-local imports included."""
    graph = {name: sorted({i.target for i in m.imports if i.target != name}) for name, m in modules.items()}
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):  # iterative Tarjan (deep import chains would overflow recursion)
        work = [(v, iter(graph[v]))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        while work:
            node, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(graph[w])))
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        group.append(w)
                        if w == node:
                            break
                    if len(group) > 1:
                        found.append(" → ".join(sorted(group)))

    for name in graph:
        if name not in index:
            visit(name)
    return found


def private_imports(modules: dict[str, Module]) -> list[str]:
    """``from x import _name`` of another module, or ``x._name`` on an imported project module."""
    found = []
    for m in modules.values():
        for i in m.imports:
            for name in i.names:
                if name.startswith("_") and not name.startswith("__") and i.target != m.name:
                    found.append(f"{m.name}:{i.line}: imports {i.target}.{name}")
        aliases = {}
        for node in ast.walk(m.tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if f"{_resolve(m, node)}.{alias.name}" in modules:
                        aliases[alias.asname or alias.name] = f"{_resolve(m, node)}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules and alias.asname:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(m.tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{m.name}:{node.lineno}: uses {aliases[node.value.id]}.{node.attr}")
    return found


def impure_imports(modules: dict[str, Module], layout: Layout) -> list[str]:
    """Django, or a project module that is not pure, imported by a pure module."""
    found = []
    for m in modules.values():
        if not _within(m.name, layout.pure):
            continue
        found += [f"{m.name}:{line}: imports {top}" for top, line in m.external if top == "django"]
        found += sorted({f"{m.name}:{i.line}: imports {i.target} (not pure)" for i in m.imports
                         if not _within(i.target, layout.pure)})
    return found


def _calls(tree):
    return (n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute))


def _chain(node) -> list[str]:
    """The names along an attribute/call chain: Post.objects.filter(...).update → [Post, objects, filter, update]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names[::-1]
        else:
            return names[::-1]


def _guarded_names(module: Module) -> set[str]:
    """Local names bound to the PostEvent / Decision models (imported from a models module)."""
    names = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom) and "models" in _resolve(module, node).split("."):
            names |= {a.asname or a.name for a in node.names if a.name in GUARDED_MODELS}
    return names


def writes_outside_actions(modules: dict[str, Module], layout: Layout) -> list[str]:
    """A post's state assigned, or a PostEvent / Decision row created, outside the actions package."""
    found = []
    for m in modules.values():
        if _within(m.name, layout.actions):
            continue
        guarded = _guarded_names(m)
        for node in ast.walk(m.tree):
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
            for t in targets:
                for sub in ast.walk(t):
                    if isinstance(sub, ast.Attribute) and sub.attr == "state" and isinstance(sub.ctx, ast.Store):
                        found.append(f"{m.name}:{node.lineno}: assigns .state")
        for call in _calls(m.tree):
            chain = _chain(call)
            if call.func.attr in {"update", "bulk_update"} and any(k.arg == "state" for k in call.keywords) \
                    and "objects" in chain:
                found.append(f"{m.name}:{call.lineno}: updates state")
            if chain and chain[0] in guarded and call.func.attr in {"create", "bulk_create", "get_or_create",
                                                                            "update_or_create"}:
                found.append(f"{m.name}:{call.lineno}: creates a {chain[0]}")
        for node in ast.walk(m.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in guarded:
                found.append(f"{m.name}:{node.lineno}: builds a {node.func.id}")
    return found


def model_writes_in_interfaces(modules: dict[str, Module], layout: Layout) -> list[str]:
    """``x.save()`` / ``x.delete()``, or a queryset's create/update/delete, in an interface module."""
    found = []
    for m in modules.values():
        if not _within(m.name, layout.interfaces):
            continue
        for call in _calls(m.tree):
            method, chain = call.func.attr, _chain(call)
            if method in {"save", "delete"} and not (method == "save" and chain[:1] == ["super"]):
                found.append(f"{m.name}:{call.lineno}: .{method}()")
            elif method in WRITE_METHODS and "objects" in chain:
                found.append(f"{m.name}:{call.lineno}: objects….{method}()")
    return found


def local_imports(modules: dict[str, Module]) -> list[Import]:
    """Function-local imports of project modules, with the module name in ``names``' place."""
    return [Import(i.target, (m.name,), i.line, True, i.comment)
            for m in modules.values() for i in m.imports if i.local]


def unjustified(imports: list[Import]) -> list[Import]:
    """Local imports whose comment does not say they are lazy (loading something heavy on first use)."""
    return [i for i in imports if "lazy" not in i.comment.lower()]
