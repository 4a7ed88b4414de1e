"""Flag answer cells that touch the kernel's or the grader's machinery, for a human look.

The scoring engine neutralises the common ways to fool the tests (see grading_tools/score_runner.py),
but code that shares a process with the tests can always reach further (``ctypes``, frames, ``gc``).
No honest answer in this course needs any of the names below, so the grade report lists every answer
cell that uses one, with the line, and the instructor reads it. A flag is not a verdict: it does not
change a score.
"""

from __future__ import annotations

import ast
import re

# name or attribute -> why it is worth a look
MACHINERY = {
    "get_ipython": "reaches the IPython kernel",
    "input_transformers_cleanup": "IPython input transformers (rewrite later cells)",
    "input_transformers_post": "IPython input transformers (rewrite later cells)",
    "ast_transformers": "IPython AST transformers (rewrite later cells)",
    "run_cell": "IPython's cell runner",
    "displayhook": "the display hook (what a cell's value prints as)",
    "excepthook": "the exception hook",
    "builtins": "Python's builtins",
    "__builtins__": "Python's builtins",
    "modules": "sys.modules (which module an import returns)",
    "meta_path": "the import system",
    "path_hooks": "the import system",
    "settrace": "a trace hook (runs code on every line of the tests)",
    "setprofile": "a profile hook (runs code on every call of the tests)",
    "addaudithook": "an audit hook",
    "_getframe": "the call stack (the test that calls it)",
    "f_back": "the call stack (the test that calls it)",
    "f_globals": "the caller's variables",
    "f_locals": "the caller's variables",
    "__globals__": "a function's globals",
    "__code__": "a function's code",
    "__class__": "an object's class (assigned)",
    "_exit": "os._exit (ends the process without a result)",
    "fork": "a new process",
    "kill": "signals other processes",
    "setitimer": "timers that fire during the tests",
    "signal": "signal handlers",
    "Thread": "threads (code running beside the tests)",
    "start_new_thread": "threads (code running beside the tests)",
    "callbacks": "gc callbacks (run during the tests)",
    "finalize": "finalizers (run during the tests)",
    "__del__": "a finalizer (runs during the tests)",
    "__eq__": "defines equality (an object equal to anything?)",
    "__ne__": "defines inequality",
    "__bool__": "defines truth (an object that is always true?)",
    "__hash__": "defines hashing",
    "__instancecheck__": "fools isinstance",
    "__subclasshook__": "fools issubclass",
    "__getattribute__": "intercepts every attribute",
    "__getattr__": "intercepts attributes",
}
MODULES = {
    "ctypes": "raw memory access",
    "gc": "the garbage collector (every object in the process)",
    "inspect": "frames and source of the tests",
    "threading": "threads",
    "_thread": "threads",
    "signal": "signals and timers",
    "importlib": "the import system",
    "builtins": "Python's builtins",
    "IPython": "the kernel",
    "sys": None,  # common and harmless alone: flagged through the attributes above
    "multiprocessing": "other processes",
    "subprocess": "other processes",
    "socket": "the network",
    "pickle": None,
}
TRUSTED_OBJECTS = {"np", "numpy", "pd", "pandas", "math", "utils", "data", "scipy", "sklearn", "stats", "re"}
TEXT_PATTERNS = (
    (re.compile(r"/proc/self"), "reads /proc/self (the process's file descriptors or memory)"),
    (re.compile(r"gradebook|solutions/|autograded|release_directory|source_directory"), "names grading folders"),
)


def machinery_flags(source: str) -> list[str]:
    """'line N: what (why)' for each use of the machinery in one cell's source."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found: dict[tuple[int, str], str] = {}

    def flag(node: ast.AST, what: str, why: str) -> None:
        found.setdefault((getattr(node, "lineno", 0), what), why)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names]
            module = node.module if isinstance(node, ast.ImportFrom) else None
            for name in [module, *names] if module else names:
                top = (name or "").split(".")[0]
                if MODULES.get(top):
                    flag(node, f"import {top}", MODULES[top])
            for alias in node.names if isinstance(node, ast.ImportFrom) else []:
                if alias.name in MACHINERY:
                    flag(node, alias.name, MACHINERY[alias.name])
        elif isinstance(node, ast.Attribute) and node.attr in MACHINERY:
            flag(node, node.attr, MACHINERY[node.attr])
        elif isinstance(node, ast.Name) and node.id in MACHINERY and node.id not in ("signal",):
            flag(node, node.id, MACHINERY[node.id])
        elif isinstance(node, ast.FunctionDef) and node.name in MACHINERY and node.name.startswith("__"):
            flag(node, f"def {node.name}", MACHINERY[node.name])
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for target in targets:
                root = target
                while isinstance(root, ast.Attribute | ast.Subscript):
                    root = root.value
                if isinstance(target, ast.Attribute | ast.Subscript) and isinstance(root, ast.Name):
                    if root.id in TRUSTED_OBJECTS:
                        flag(node, f"assigns {ast.unparse(target)}", "changes a library or the course's `utils`")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr"):
            if node.args and isinstance(node.args[0], ast.Name | ast.Attribute):
                root = node.args[0]
                while isinstance(root, ast.Attribute):
                    root = root.value
                if isinstance(root, ast.Name) and (root.id in TRUSTED_OBJECTS or root.id in ("sys", "builtins")):
                    flag(node, f"{node.func.id}({ast.unparse(node.args[0])}, ...)", "changes a library")
            elif node.args:
                flag(node, f"{node.func.id}(...)", "sets attributes by name")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("exec", "eval", "compile")
        ):
            flag(node, node.func.id, "runs code built at run time")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("globals", "vars"):
            flag(node, f"{node.func.id}()", "reaches a namespace as a dictionary")
    for number, line in enumerate(source.splitlines(), start=1):
        for pattern, why in TEXT_PATTERNS:
            if pattern.search(line):
                found.setdefault((number, pattern.pattern.split("|")[0]), why)
    return [f"line {line}: {what} ({why})" for (line, what), why in sorted(found.items())]
