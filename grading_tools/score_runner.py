"""The scoring process: ``python -I -m grading_tools.score_runner`` reads a job on stdin.

Started by :func:`grading_tools.scoring.run_runner` (in the grading sandbox when grading). It
writes one JSON event per line to its stdout; everything the notebook's code prints goes
elsewhere (set-up output to /dev/null, each test's output to its own pipe, capped).

How it keeps student code from fooling the tests (see also grading_tools/scoring.py):

- instructor cells and tests run in one namespace (``__main__``); the answers' definitions run
  in another (``__student__``), which receives copies of the instructor's data, so a student
  function that rebinds or edits a global changes only its own copy; instructor names that start
  with ``_`` (a simulated reviewer's ground truth, say) are not copied at all;
- every student function the tests can reach is wrapped: after each call (whether it returns or
  raises) :class:`Guard` puts back what the tests trust, as it was before student code first
  ran: the attribute dicts of the libraries and ``utils`` modules loaded by then (numpy, pandas,
  scipy, sklearn, math, ``builtins``, ...), the methods of their classes (``pd.DataFrame.equals``
  ...), the code of their Python functions, ``sys.modules`` entries, ``sys.path``, the standard
  streams, signal handlers and timers, trace and profile hooks, ``gc`` callbacks, ``os.environ``,
  the working folder, and the instructor's names; it refuses a return value (or an exception)
  whose type was made by student code, a generator, an object that carries its own copy of one of
  its class's methods, and a call that leaves a thread running;
- an audit hook installed before any student code refuses new audit hooks (which could not be
  removed) and ``sys.settrace``/``sys.setprofile`` calls from student code;
- each test runs in a child forked for it, so nothing it (or code it calls) leaves behind reaches
  another test; the child reports how the test ended and the parent decides the verdict.

What an in-process guard cannot stop (code that shares the process can always reach memory with
``ctypes``, frames or ``gc``): docs/instructor-guide.md lists it, and the grade report flags
answer cells that use those mechanisms (``grading_tools.flags``).
"""

from __future__ import annotations

import builtins
import copy
import functools
import gc
import io
import json
import linecache
import operator
import os
import select
import signal
import sys
import threading
import time
import traceback
import types
from itertools import chain, islice

from grading_tools.scoring import PlanCell, filter_definitions, strip_hidden, tree_memory_mb

STUDENT_MODULE = "__student__"
STANDARD_MODULES = frozenset(
    {
        "builtins",
        "sys",
        "os",
        "math",
        "cmath",
        "operator",
        "functools",
        "itertools",
        "collections",
        "re",
        "json",
        "statistics",
        "numbers",
        "decimal",
        "fractions",
        "datetime",
        "random",
        "string",
        "copy",
        "warnings",
        "pathlib",
        "types",
        "tempfile",
    }
)
LIBRARIES = ("numpy", "pandas", "scipy", "sklearn", "statsmodels", "cleanlab", "matplotlib")
IMPLEMENTATION_MODULES = (
    # where the comparisons the tests rely on are implemented (np.isclose, assert_allclose, ==, equals, isna)
    "numpy._core.numeric",
    "numpy._core.fromnumeric",
    "numpy._core.multiarray",
    "numpy.testing",
    "numpy.testing._private.utils",
    "pandas.testing",
    "pandas._testing",
    "pandas._testing.asserters",
    "pandas.core.frame",
    "pandas.core.series",
    "pandas.core.generic",
    "pandas.core.base",
    "pandas.core.arraylike",
    "pandas.core.ops",
    "pandas.core.ops.array_ops",
    "pandas.core.ops.common",
    "pandas.core.indexes.base",
    "pandas.core.dtypes.missing",
    "pandas.core.dtypes.common",
    "pandas.core.dtypes.dtypes",
    "pandas.core.computation.expressions",
    "pandas.api.types",
)
HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made by Python code (static C types cannot be patched)
MISSING = object()
_CODE, _DEFAULTS, _KWDEFAULTS = (operator.attrgetter(f"__{name}__") for name in ("code", "defaults", "kwdefaults"))
ELEMENT_BUDGET = 200_000  # elements of a returned value checked for student-made types
ANSWER_NAME = "<answer {}>"
CELL_NAME = "<{}>"


class GradingRefusal(AssertionError):
    """A test fails because the answer did something scoring does not accept (the message says what)."""


class CellTimeout(BaseException):
    """A read-only cell ran over its time limit."""


def _display(*objects, **kwargs):
    """IPython's display(), as a no-op: nothing is shown while scoring."""
    return None


def _emit_to(fd: int):
    def emit(**event):
        data = (json.dumps(event, default=str) + "\n").encode()
        while data:
            written = os.write(fd, data)
            data = data[written:]

    return emit


def _watched_module(name: str, extra: set[str]) -> bool:
    """Modules whose attributes the guard restores: what the tests use, not every library internal.

    Checking every loaded module after every call would cost tens of milliseconds per call; these
    are the standard modules tests use, the libraries' top-level packages, the modules where their
    comparisons are implemented, every ``utils`` module, and every module the notebook's read-only
    and test cells import or reach by attribute (``np.testing``, ``scipy.stats``, ...).
    """
    return (
        name in STANDARD_MODULES
        or name in LIBRARIES
        or name in IMPLEMENTATION_MODULES
        or name == "utils"
        or name.startswith("utils.")
        or name in extra
    )


# -- the guard ------------------------------------------------------------------------------
class Guard:
    """Snapshot what the tests trust; put it back after every call into student code."""

    def __init__(self, trusted: dict, student: dict, extra_modules: set[str]):
        self.trusted, self.student = trusted, student
        self.extra_modules = extra_modules
        self.depth = 0
        self.alarm_deadline: float | None = None
        self.student_names: set[str] = set()
        self.student_types: set[type] = set()
        self.safe_types: set[type] = set()
        self.modules: dict[str, types.ModuleType] = {}
        self.module_state: dict[str, tuple[dict, list, list]] = {}
        self.class_state: dict[type, tuple[list, list, dict]] = {}
        self.function_state: list[tuple[types.FunctionType, object, object, object]] = []
        self._seen_functions: set[int] = set()
        self.names: dict[str, tuple[object, type]] = {}
        self.other: dict[str, object] = {}

    # -- snapshot --------------------------------------------------------------------------
    def snapshot(self) -> None:
        """Record the current state as trusted (called before student code and after instructor cells)."""
        self.modules = dict(sys.modules)
        for name, module in list(sys.modules.items()):
            if name in self.module_state or not isinstance(module, types.ModuleType):
                continue
            if not _watched_module(name, self.extra_modules):
                continue
            namespace = module.__dict__
            self.module_state[name] = (namespace, list(namespace), list(namespace.values()))
            for value in list(namespace.values()):
                self._track(value, depth=0)
        self._pack()
        self.names = self.current_names()
        gc.freeze()  # what exists now is never collected: forked children do not copy it by scanning it
        self.other = {
            "path": list(sys.path),
            "meta_path": list(sys.meta_path),
            "path_hooks": list(sys.path_hooks),
            "streams": (sys.stdin, sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__),
            "environ": dict(os.environ),
            "cwd": os.getcwd(),
            "gc_callbacks": list(gc.callbacks),
            "signals": {sig: signal.getsignal(sig) for sig in _catchable_signals()},
            "recursion": sys.getrecursionlimit(),
        }

    def _track(self, value, depth: int) -> None:
        if isinstance(value, types.FunctionType):
            if id(value) not in self._seen_functions:
                self._seen_functions.add(id(value))
                self.function_state.append((value, value.__code__, value.__defaults__, value.__kwdefaults__))
        elif isinstance(value, type) and value.__flags__ & HEAPTYPE and value not in self.class_state:
            if value.__module__ == STUDENT_MODULE:
                return
            for klass in value.__mro__:
                if klass.__flags__ & HEAPTYPE and klass not in self.class_state and klass is not object:
                    namespace = dict(klass.__dict__)
                    self.class_state[klass] = (list(namespace), list(namespace.values()), namespace)
                    for member in namespace.values():
                        inner = getattr(member, "__func__", None) or getattr(member, "fget", None) or member
                        if isinstance(inner, types.FunctionType):
                            self._track(inner, depth + 1)

    def _pack(self) -> None:
        """Flat copies of everything watched, so that the usual case (nothing changed) is a few C loops."""
        self._dicts = [namespace for namespace, _, _ in self.module_state.values()]
        self._lengths = list(map(len, self._dicts))
        self._values = list(chain.from_iterable(map(dict.values, self._dicts)))
        self._proxies = [klass.__dict__ for klass in self.class_state]
        self._proxy_lengths = list(map(len, self._proxies))
        self._proxy_values = list(chain.from_iterable(proxy.values() for proxy in self._proxies))
        self._functions = [state[0] for state in self.function_state]
        self._codes = [state[1] for state in self.function_state]
        self._defaults = [state[2] for state in self.function_state]
        self._kwdefaults = [state[3] for state in self.function_state]
        self._module_items = list(self.modules.items())

    def _unchanged(self) -> bool:
        return (
            list(map(len, self._dicts)) == self._lengths
            and all(map(operator.is_, chain.from_iterable(map(dict.values, self._dicts)), self._values))
            and list(map(len, self._proxies)) == self._proxy_lengths
            and all(map(operator.is_, chain.from_iterable(p.values() for p in self._proxies), self._proxy_values))
            and (not _FUNCTION_CHANGED[0] or self._functions_unchanged())
        )

    def _functions_unchanged(self) -> bool:
        """Only when the audit hook saw a function's code or defaults set (Python audits those)."""
        _FUNCTION_CHANGED[0] = False
        return (
            all(map(operator.is_, map(_CODE, self._functions), self._codes))
            and all(map(operator.is_, map(_DEFAULTS, self._functions), self._defaults))
            and all(map(operator.is_, map(_KWDEFAULTS, self._functions), self._kwdefaults))
        )

    def current_names(self) -> dict[str, tuple[object, type]]:
        return {key: (value, type(value)) for key, value in self.trusted.items() if key not in self.student_names}

    # -- restore -----------------------------------------------------------------------------
    def restore(self, names: dict | None = None) -> list[str]:
        """Put back every trusted thing that changed; return short descriptions of what was put back.

        ``names`` is the instructor namespace as it was when the call began (default: at the last snapshot).
        """
        changed: list[str] = []
        sys.settrace(None)
        sys.setprofile(None)
        threading.settrace(None) if hasattr(threading, "settrace") else None
        threading.setprofile(None) if hasattr(threading, "setprofile") else None
        modules = sys.modules
        if not all(map(operator.is_, islice(modules.values(), len(self.modules)), self.modules.values())):
            for name, module in self._module_items:
                if modules.get(name) is not module:
                    modules[name] = module
                    changed.append(f"sys.modules[{name!r}]")
        if not self._unchanged():
            changed += self._restore_watched()
        changed += self._restore_names(names)
        changed += self._restore_process_state()
        return changed

    def _restore_watched(self) -> list[str]:
        changed = []
        for name, (namespace, keys, values) in self.module_state.items():
            if len(namespace) == len(keys) and all(map(operator.is_, namespace.values(), values)):
                continue
            changed += self._restore_namespace(name, namespace, keys, values)
        for klass, (keys, values, saved) in self.class_state.items():
            current = klass.__dict__
            if len(current) == len(keys) and all(map(operator.is_, current.values(), values)):
                continue
            changed += self._restore_class(klass, saved)
        for function, code, defaults, kwdefaults in self.function_state:
            if function.__code__ is not code:
                function.__code__ = code
                changed.append(f"{function.__qualname__}.__code__")
            if function.__defaults__ is not defaults:
                function.__defaults__ = defaults
                changed.append(f"{function.__qualname__}.__defaults__")
            if function.__kwdefaults__ is not kwdefaults:
                function.__kwdefaults__ = kwdefaults
        self._pack()
        return changed

    def _restore_names(self, names: dict | None) -> list[str]:
        changed = []
        trusted = self.trusted
        names = self.names if names is None else names
        for key, (value, klass) in names.items():
            if trusted.get(key, MISSING) is not value:
                trusted[key] = value
                changed.append(f"the name {key}")
            elif type(value) is not klass:
                try:
                    value.__class__ = klass
                except TypeError:
                    pass
                changed.append(f"the class of {key}")
        for key in [key for key in trusted if key not in names and key not in self.student_names]:
            del trusted[key]
            changed.append(f"the name {key} (added)")
        return changed

    def _restore_namespace(self, name: str, namespace: dict, keys: list, values: list) -> list[str]:
        changed = []
        saved = dict(zip(keys, values))
        for key in list(namespace):
            if key in saved:
                continue
            value = namespace[key]
            submodule = isinstance(value, types.ModuleType) and sys.modules.get(f"{name}.{key}") is value
            if submodule or key == "__warningregistry__":
                continue  # an import of a submodule, or the warnings registry: not a patch
            del namespace[key]
            changed.append(f"{name}.{key} (added)")
        for key, value in saved.items():
            if namespace.get(key, MISSING) is not value:
                namespace[key] = value
                changed.append(f"{name}.{key}")
        self.module_state[name] = (namespace, list(namespace), list(namespace.values()))
        return changed

    def _restore_class(self, klass: type, saved: dict) -> list[str]:
        changed = []
        for key in [key for key in list(klass.__dict__) if key not in saved]:
            try:
                delattr(klass, key)
                changed.append(f"{klass.__qualname__}.{key} (added)")
            except (AttributeError, TypeError):
                pass
        for key, value in saved.items():
            if klass.__dict__.get(key, MISSING) is not value and key not in ("__dict__", "__weakref__"):
                try:
                    setattr(klass, key, value)
                    changed.append(f"{klass.__qualname__}.{key}")
                except (AttributeError, TypeError):
                    pass
        namespace = dict(klass.__dict__)
        self.class_state[klass] = (list(namespace), list(namespace.values()), namespace)
        return changed

    def _restore_process_state(self) -> list[str]:
        changed = []
        other = self.other
        for attribute in ("path", "meta_path", "path_hooks"):
            current = getattr(sys, attribute)
            if not isinstance(current, list) or current != other[attribute]:
                setattr(sys, attribute, list(other[attribute]))
                changed.append(f"sys.{attribute}")
        stdin, stdout, stderr, dunder_out, dunder_err = other["streams"]
        if (sys.stdin, sys.stdout, sys.stderr) != (stdin, stdout, stderr):
            sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
            changed.append("sys.stdout/stderr")
        if dict(os.environ) != other["environ"]:
            os.environ.clear()
            os.environ.update(other["environ"])
            changed.append("os.environ")
        try:
            if os.getcwd() != other["cwd"]:
                os.chdir(other["cwd"])
                changed.append("the working folder")
        except OSError:
            os.chdir(other["cwd"])
        if gc.callbacks != other["gc_callbacks"]:
            gc.callbacks[:] = other["gc_callbacks"]
            changed.append("gc.callbacks")
        if not gc.isenabled():
            gc.enable()
        for sig, handler in other["signals"].items():
            try:
                if signal.getsignal(sig) is not handler:
                    signal.signal(sig, handler)
                    changed.append(f"the handler of {signal.Signals(sig).name}")
            except (OSError, ValueError, TypeError):
                pass
        for timer in (signal.ITIMER_VIRTUAL, signal.ITIMER_PROF):
            if signal.getitimer(timer) != (0.0, 0.0):
                signal.setitimer(timer, 0)
                changed.append("a timer")
        if self.alarm_deadline is None:
            if signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0):
                signal.setitimer(signal.ITIMER_REAL, 0)
                changed.append("a timer")
        else:
            signal.setitimer(signal.ITIMER_REAL, max(self.alarm_deadline - time.monotonic(), 0.001))
        if sys.getrecursionlimit() != other["recursion"]:
            sys.setrecursionlimit(other["recursion"])
        return changed

    # -- calls into student code -------------------------------------------------------------
    def wrap(self, function, name: str):
        """A stand-in for a student function that restores the trusted state after each call."""
        if getattr(function, "__grading_guarded__", False):
            return function

        @functools.wraps(function)
        def guarded(*args, **kwargs):
            return self.call(function, name, args, kwargs)

        guarded.__grading_guarded__ = True
        return guarded

    def call(self, function, name: str, args, kwargs):
        if self.depth:
            return function(*args, **kwargs)  # student code calling back into student code
        threads = set(sys._current_frames())
        names = self.current_names()
        self.depth += 1
        _IN_STUDENT[0] = True
        try:
            result = function(*args, **kwargs)
        except BaseException as error:  # noqa: B036 (anything student code raises is checked, then re-raised)
            _IN_STUDENT[0] = False
            self.depth -= 1
            self.restore(names)
            self._check_threads(name, threads)
            if isinstance(error, GradingRefusal | CellTimeout):
                raise
            if self.is_student_type(type(error)):
                raise GradingRefusal(
                    f"`{name}` raised an exception of a class defined by your own code "
                    f"({type(error).__name__}); raise a built-in exception (ValueError, KeyError, ...) instead"
                ) from None
            raise
        _IN_STUDENT[0] = False
        self.depth -= 1
        self.restore(names)
        self._check_threads(name, threads)
        return self.check_result(result, name)

    def _check_threads(self, name: str, before: set[int]) -> None:
        left = set(sys._current_frames()) - before
        if left:
            raise GradingRefusal(
                f"`{name}` left {len(left)} thread(s) running after it returned; "
                "finish (join) every thread you start before returning"
            )

    # -- return values -------------------------------------------------------------------------
    def is_student_type(self, klass: type) -> bool:
        if klass in self.safe_types:
            return False
        if klass in self.student_types:
            return True
        verdict = self._student_made(klass)
        (self.student_types if verdict else self.safe_types).add(klass)
        return verdict

    def _student_made(self, klass: type) -> bool:
        if not klass.__flags__ & HEAPTYPE:
            return False
        for part in klass.__mro__:
            if part is object or not part.__flags__ & HEAPTYPE:
                continue
            if part.__module__ == STUDENT_MODULE:
                return True
            for member in part.__dict__.values():
                inner = getattr(member, "__func__", None) or getattr(member, "fget", None) or member
                if isinstance(inner, types.FunctionType) and inner.__globals__ is self.student:
                    return True
        module = sys.modules.get(klass.__module__)
        if module is None or klass.__module__ == "__main__":
            return klass.__module__ != "__main__" or self.trusted.get(klass.__qualname__) is not klass
        found = module
        for part in klass.__qualname__.split("."):
            found = getattr(found, part, None)
            if found is None:
                return True  # not importable by its name: made on the fly (type(...) in a function)
        return found is not klass

    def check_result(self, value, name: str):
        """Refuse what a test must not compare (see the module docstring); wrap returned student functions."""
        if isinstance(value, types.FunctionType) and value.__globals__ is self.student:
            return self.wrap(value, f"the function returned by {name}")
        budget = [ELEMENT_BUDGET]
        problem = self._find_problem(value, 0, budget)
        if problem:
            raise GradingRefusal(
                f"`{name}` returned {problem}; return plain values (numbers, strings, lists, dicts, "
                "NumPy arrays, pandas objects) built from library types"
            )
        return value

    def _find_problem(self, value, depth: int, budget: list[int]) -> str | None:  # noqa: C901 (one walk)
        budget[0] -= 1
        if budget[0] < 0 or depth > 6:
            return None
        klass = type(value)
        if value is None or klass in (int, float, str, bool, bytes, complex):
            return None
        if self.is_student_type(klass):
            return f"an object of a class made by your own code ({klass.__name__})"
        if isinstance(value, types.GeneratorType | types.CoroutineType | types.AsyncGeneratorType):
            return "a generator; return a list (or another concrete container) instead"
        if isinstance(value, types.FunctionType | types.MethodType):
            inner = getattr(value, "__func__", value)
            if getattr(inner, "__globals__", None) is self.student:
                return "a function of your own inside a container; return plain values"
            return None
        attributes = getattr(value, "__dict__", None)
        if isinstance(attributes, dict) and not isinstance(value, type | types.ModuleType):
            for key in list(attributes)[:200]:
                if callable(getattr(klass, key, None)) and not isinstance(getattr(klass, key), type):
                    return f"an object that carries its own `{key}` (replacing its class's method)"
                problem = self._find_problem(attributes[key], depth + 1, budget) if key in ("_attrs", "attrs") else None
                if problem:
                    return problem
        if isinstance(value, list | tuple | set | frozenset):
            for item in value:
                problem = self._find_problem(item, depth + 1, budget)
                if problem:
                    return problem
        elif isinstance(value, dict):
            for key, item in value.items():
                problem = self._find_problem(key, depth + 1, budget) or self._find_problem(item, depth + 1, budget)
                if problem:
                    return problem
        else:
            return self._find_in_arrays(value, depth, budget)
        return None

    def _find_in_arrays(self, value, depth: int, budget: list[int]) -> str | None:
        numpy = sys.modules.get("numpy")
        pandas = sys.modules.get("pandas")
        if numpy is not None and isinstance(value, numpy.ndarray):
            if str(value.dtype) == "object":
                for item in value.ravel()[: max(budget[0], 0)]:
                    problem = self._find_problem(item, depth + 1, budget)
                    if problem:
                        return problem
            return None
        if pandas is None:
            return None
        if isinstance(value, pandas.DataFrame):
            plain = ("int", "uint", "float", "bool", "datetime64", "timedelta64", "complex")
            columns = [i for i, dtype in enumerate(value.dtypes) if not str(dtype).startswith(plain)]
            parts = [value.index, value.columns] + [value.iloc[:, i] for i in columns]
        elif isinstance(value, pandas.Series):
            parts = [value.index, value]
        elif isinstance(value, pandas.MultiIndex):
            parts = list(value.levels)
        elif isinstance(value, pandas.Index):
            parts = [value]
        else:
            return None
        for part in parts:
            for made in (type(getattr(part, "array", None)), type(getattr(part, "dtype", None))):
                if self.is_student_type(made):
                    return f"a pandas object holding a type made by your own code ({made.__name__})"
            if isinstance(part, pandas.MultiIndex):
                problem = self._find_in_arrays(part, depth + 1, budget)
                if problem:
                    return problem
                continue
            if str(getattr(part, "dtype", "")) == "object":
                for item in part.array[: max(budget[0], 0)]:
                    problem = self._find_problem(item, depth + 1, budget)
                    if problem:
                        return problem
        return None


def _catchable_signals() -> list[int]:
    found = []
    for sig in signal.valid_signals():
        if sig in (signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            signal.getsignal(sig)
        except (ValueError, OSError):
            continue
        found.append(sig)
    return found


# -- the audit hook -------------------------------------------------------------------------
_IN_STUDENT = [False]
_FUNCTION_CHANGED = [False]
_FUNCTION_ATTRIBUTES = {"__code__", "__defaults__", "__kwdefaults__"}
_BLOCKED_ALWAYS = {"sys.addaudithook"}
_BLOCKED_IN_STUDENT = {"sys.settrace", "sys.setprofile", "sys._setprofileallthreads", "sys._settraceallthreads"}


def _audit(event: str, args) -> None:
    if event == "object.__setattr__" and len(args) > 1 and args[1] in _FUNCTION_ATTRIBUTES:
        _FUNCTION_CHANGED[0] = True
        return
    if event in _BLOCKED_ALWAYS:
        raise RuntimeError(f"{event} is not allowed while grading")
    if _IN_STUDENT[0] and event in _BLOCKED_IN_STUDENT:
        raise RuntimeError(f"{event} is not allowed in answer code while grading")


# -- the runner -------------------------------------------------------------------------------
class Runner:
    def __init__(self, job: dict, emit):
        self.job = job
        self.emit = emit
        self.cells = [PlanCell(**cell) for cell in job["cells"]]
        self.test_timeout = float(job.get("test_timeout", 60))
        self.cell_timeout = float(job.get("cell_timeout", 60))
        self.output_limit = int(job.get("output_limit", 20_000))
        self.memory_mb = float(job.get("memory_mb", 1536))
        trusted_module = types.ModuleType("__main__")
        student_module = types.ModuleType(STUDENT_MODULE)
        sys.modules["__main__"] = trusted_module
        sys.modules[STUDENT_MODULE] = student_module
        self.trusted, self.student = trusted_module.__dict__, student_module.__dict__
        self.trusted["__builtins__"] = builtins
        self.student["__builtins__"] = builtins
        self.instructor_names: set[str] = set()
        self.guard = Guard(self.trusted, self.student, self._imported_by_instructor())
        self.snapshotted = False

    def _imported_by_instructor(self) -> set[str]:
        """Modules the read-only and test cells import; also collects their dotted names (``np.testing.x``)."""
        import ast

        names, self.chains = set(), set()
        for cell in self.cells:
            if cell.kind == "answer":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        parts = alias.name.split(".")
                        names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    parts = node.module.split(".")
                    names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
                    names.update(f"{node.module}.{alias.name}" for alias in node.names)
                elif isinstance(node, ast.Attribute):
                    chain_parts = []
                    part = node
                    while isinstance(part, ast.Attribute):
                        chain_parts.append(part.attr)
                        part = part.value
                    if isinstance(part, ast.Name):
                        self.chains.add((part.id, *reversed(chain_parts)))
        return names

    def _reachable_modules(self) -> None:
        """Add the modules the instructor's code reaches by attribute (``np.testing``) to the watched set."""
        for first, *rest in self.chains:
            value = self.trusted.get(first)
            for part in rest:
                if isinstance(value, types.ModuleType):
                    self.guard.extra_modules.add(value.__name__)
                value = getattr(value, part, None) if isinstance(value, types.ModuleType) else None
                if value is None:
                    break
            if isinstance(value, types.ModuleType):
                self.guard.extra_modules.add(value.__name__)

    def _preimport_test_modules(self) -> None:
        """Import what instructor and test cells import, before student code can plant a fake module."""
        import importlib

        for name in sorted(self.guard.extra_modules):
            try:
                importlib.import_module(name)
            except Exception:  # the cell itself will report it when it runs
                pass

    # -- cells ----------------------------------------------------------------------------------
    def _compile(self, source: str, filename: str):
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        return compile(source, filename, "exec", dont_inherit=True)

    def ensure_snapshot(self) -> None:
        if not self.snapshotted:
            self._preimport_test_modules()
            self._reachable_modules()
            self.guard.snapshot()
            self.snapshotted = True

    def run_instructor(self, cell: PlanCell) -> None:
        before = dict(self.trusted)
        error = None
        try:
            code = self._compile(cell.source, CELL_NAME.format(cell.grade_id))
            self._with_alarm(lambda: exec(code, self.trusted), self.cell_timeout)
        except CellTimeout:
            error = f"ran over its time limit of {self.cell_timeout:.0f} s"
        except BaseException as caught:  # noqa: B036 (a read-only cell's error is reported, grading goes on)
            error = _describe(caught)["message"]
        changed = [k for k, v in self.trusted.items() if before.get(k, MISSING) is not v and not k.startswith("__")]
        self.instructor_names.update(changed)
        for key in changed:
            # names starting with "_" stay the instructor's (e.g. a simulated reviewer's ground truth);
            # the instructor's functions that use them still can, their globals are the instructor's
            if key not in self.guard.student_names and not key.startswith("_"):
                self.student[key] = _safe_copy(self.trusted[key])
        if self.snapshotted:
            self.guard.student_names.difference_update(changed)
            self._reachable_modules()
            self.guard.snapshot()
        self.emit(event="cell", id=cell.grade_id, kind="instructor", error=error)

    def _with_alarm(self, action, seconds: float):
        def alarm(signum, frame):
            raise CellTimeout()

        previous = signal.signal(signal.SIGALRM, alarm)
        self.guard.alarm_deadline = time.monotonic() + seconds
        if self.snapshotted:
            self.guard.other["signals"][signal.SIGALRM] = alarm
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return action()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.guard.alarm_deadline = None
            signal.signal(signal.SIGALRM, previous)
            if self.snapshotted:
                self.guard.other["signals"][signal.SIGALRM] = previous

    def run_answer(self, cell: PlanCell, source: str, *, tag: dict | None = None) -> None:
        """Run an answer cell's definitions in the student namespace; export them to the tests."""
        self.ensure_snapshot()
        filtered = filter_definitions(source)
        filename = ANSWER_NAME.format(cell.grade_id)
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        lines = source.splitlines(True)
        errors, notes = [], []
        import ast

        for statement in filtered.kept:
            before = dict(self.student)
            if statement.kind == "constant":
                try:
                    value = _build_constant(statement.value)
                except Exception as error:  # an odd literal (re.compile of a bad pattern, ...)
                    errors.append(f"line {statement.line}: {type(error).__name__}: {error}")
                    continue
                for name in statement.names:
                    self.student[name] = copy.deepcopy(value)
            else:
                text = "".join(lines[statement.line - 1 : statement.end_line])
                padded = "\n" * (statement.line - 1) + text
                try:
                    tree = ast.parse(padded, filename)
                    code = compile(tree, filename, "exec", dont_inherit=True)
                    _IN_STUDENT[0] = True
                    self.guard.depth += 1
                    try:
                        self._with_alarm(lambda code=code: exec(code, self.student), self.cell_timeout)
                    finally:
                        self.guard.depth -= 1
                        _IN_STUDENT[0] = False
                        self.guard.restore()
                except CellTimeout:
                    errors.append(f"line {statement.line}: ran over the time limit while being defined")
                except BaseException as error:  # noqa: B036 (an import that fails is reported, the rest still runs)
                    errors.append(f"line {statement.line}: {type(error).__name__}: {error}")
            bound = [k for k, v in self.student.items() if before.get(k, MISSING) is not v and not k.startswith("__")]
            for name in bound:
                self._export(name, notes)
        event = dict(
            event="answer",
            id=cell.grade_id,
            omitted=[{"line": o.line, "code": o.code, "reason": o.reason} for o in filtered.omitted],
            errors=errors,
            notes=notes,
        )
        self.emit(**event, **(tag or {}))

    def _export(self, name: str, notes: list[str]) -> None:
        value = self.student[name]
        if name in self.instructor_names:
            if self.trusted.get(name) is not value:
                notes.append(
                    f"`{name}` is also defined by the notebook's read-only cells; the tests use the notebook's "
                    f"`{name}`, your functions see yours"
                )
            return
        if isinstance(value, types.FunctionType):
            exported = self.guard.wrap(value, name)
        elif isinstance(value, type) and value.__module__ == STUDENT_MODULE:
            self.guard.student_types.add(value)
            for key, member in list(value.__dict__.items()):
                if isinstance(member, types.FunctionType):
                    setattr(value, key, self.guard.wrap(member, f"{name}.{key}"))
            exported = value
        elif isinstance(value, types.ModuleType | type) or callable(value):
            exported = value
        else:
            exported = _safe_copy(value)
        self.trusted[name] = exported
        self.guard.student_names.add(name)
        self.guard.names.pop(name, None)

    # -- tests ------------------------------------------------------------------------------------
    def run_test(self, cell: PlanCell, source: str, variant: str) -> dict:
        """Run one test cell in a forked child; the verdict is decided here, from what the child reports."""
        self.ensure_snapshot()
        verdict_read, verdict_write = os.pipe()
        output_read, output_write = os.pipe()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: run the test, report how it ended, exit
            try:
                os.setpgid(0, 0)
                os.close(verdict_read)
                os.close(output_read)
                os.dup2(output_write, 1)
                os.dup2(output_write, 2)
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
                self.guard.other["signals"][signal.SIGALRM] = signal.SIG_DFL
                self.guard.alarm_deadline = None
                self.guard.restore()
                outcome = {"passed": False, "ename": "Error", "message": "the test did not finish"}
                try:
                    code = self._compile(source, CELL_NAME.format(cell.grade_id))
                    exec(code, self.trusted)
                    outcome = {"passed": True}
                except BaseException as error:  # noqa: B036 (every way a test can end is a verdict)
                    outcome = _describe(error)
                for stream in (sys.stdout, sys.stderr):
                    try:
                        stream.flush()
                    except Exception:  # a closed or replaced stream: nothing to flush
                        pass
                data = json.dumps(outcome, default=str).encode()
                while data:
                    data = data[os.write(verdict_write, data) :]
            finally:
                os._exit(0)
        os.close(verdict_write)
        os.close(output_write)
        verdict, output, truncated = b"", b"", False
        open_fds = {verdict_read, output_read}
        deadline = start + self.test_timeout
        timed_out = over_memory = False
        next_check = time.monotonic() + 0.25
        status = None  # the exit status of the test's own process, once it has ended
        while open_fds:
            now = time.monotonic()
            remaining = deadline - now
            if remaining <= 0:
                timed_out = True
                break
            if status is None:
                done, code = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = code
            if now >= next_check:
                next_check = now + 0.25
                if tree_memory_mb(os.getpid()) > self.memory_mb:  # the runner, this test and what it started
                    over_memory = True
                    break
            ready, _, _ = select.select(list(open_fds), [], [], min(remaining, 0.25 if status is None else 0.05))
            if status is not None and not ready:
                # The test's process has ended and all it wrote is read. Processes its code started inherit
                # both pipes and would keep the test "running" until its time limit; they are killed below.
                break
            for fd in ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    open_fds.discard(fd)
                elif fd == verdict_read:
                    verdict += chunk
                elif len(output) < self.output_limit:
                    output += chunk
                else:
                    truncated = True
        if timed_out or over_memory:
            _kill(pid)
        if status is None:
            _, status = os.waitpid(pid, 0)
        try:
            os.killpg(pid, signal.SIGKILL)  # anything the test's code left running
        except (ProcessLookupError, PermissionError):
            pass
        os.close(verdict_read)
        os.close(output_read)
        seconds = time.monotonic() - start
        text = output[: self.output_limit].decode(errors="replace") + ("\n[output trimmed]\n" if truncated else "")
        if timed_out:
            result = {
                "passed": False,
                "ename": "TimeoutError",
                "message": f"the test ran over its time limit of {self.test_timeout:.0f} s (an endless loop?)",
            }
        elif over_memory:
            result = {
                "passed": False,
                "ename": "MemoryLimit",
                "message": f"the test and the code it called used more than {self.memory_mb:.0f} MiB of memory "
                "and were stopped (memory limit)",
            }
        else:
            try:
                result = json.loads(verdict) if verdict else None
            except ValueError:
                result = None
            if result is None or not isinstance(result, dict):
                how = (
                    f"signal {os.WTERMSIG(status)}"
                    if os.WIFSIGNALED(status)
                    else f"exit status {os.WEXITSTATUS(status)}"
                )
                result = {
                    "passed": False,
                    "ename": "TestDied",
                    "message": f"the test's process ended before the test finished ({how}): os._exit, a crash or "
                    "memory exhausted in the code it called",
                }
            elif result.get("passed") and os.WIFSIGNALED(status):
                result = {"passed": False, "ename": "TestDied", "message": "the test's process was killed"}
        result = {key: result.get(key) for key in ("passed", "ename", "message", "traceback") if key in result}
        result["passed"] = result.get("passed") is True
        return dict(result, stdout=text, seconds=round(seconds, 3), variant=variant)

    # -- the walk ---------------------------------------------------------------------------------
    def run(self) -> None:
        mode = self.job.get("mode", "grade")
        candidates: dict[str, list[dict]] = {}
        for candidate in self.job.get("candidates") or []:
            candidates.setdefault(candidate["answer"], []).append(candidate)
        for position, cell in enumerate(self.cells):
            if cell.kind == "instructor":
                self.run_instructor(cell)
            elif cell.kind == "answer":
                for candidate in candidates.get(cell.grade_id, []):
                    self.run_candidate(position, candidate)
                self.run_answer(cell, cell.source)
            elif cell.kind == "test" and mode == "grade":
                self.emit(event="test", id=cell.grade_id, **self.run_test(cell, cell.source, "full"))
        self.emit(event="done")

    def run_candidate(self, position: int, candidate: dict) -> None:
        """Fork; in the child, use the candidate's source for this answer cell and run its exercise."""
        self.ensure_snapshot()
        tag = {"answer": candidate["answer"], "candidate": candidate["key"]}
        cells = []
        for cell in self.cells[position + 1 :]:
            if cell.kind == "answer":
                break
            cells.append(cell)
        budget = (
            30
            + self.cell_timeout * sum(c.kind == "instructor" for c in cells)
            + (2 * self.test_timeout + 5) * sum(c.kind == "test" for c in cells)
        )
        pid = os.fork()
        if pid == 0:
            try:
                os.setpgid(0, 0)
                self.run_answer(self.cells[position], candidate["source"], tag=tag)
                for cell in cells:
                    if cell.kind == "instructor":
                        self.run_instructor(cell)
                        continue
                    full = self.run_test(cell, cell.source, "full")
                    self.emit(event="test", id=cell.grade_id, **full, **tag)
                    visible_source = strip_hidden(cell.source)
                    if visible_source == cell.source:
                        visible = dict(full, variant="visible")
                    else:
                        visible = self.run_test(cell, visible_source, "visible")
                    self.emit(event="test", id=cell.grade_id, **visible, **tag)
            except BaseException as error:  # noqa: B036
                self.emit(event="candidate-stopped", why=_describe(error)["message"], **tag)
            finally:
                os._exit(0)
        deadline = time.monotonic() + budget
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                _kill(pid)
                os.waitpid(pid, 0)
                self.emit(event="candidate-stopped", why=f"ran over its budget of {budget:.0f} s", **tag)
                break
            time.sleep(0.02)


def _kill(pid: int) -> None:
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except (ProcessLookupError, PermissionError):
            pass


def _safe_copy(value):
    """A copy of an instructor's value for the student namespace (modules, functions and classes are shared)."""
    if isinstance(value, types.ModuleType | type | types.FunctionType | types.BuiltinFunctionType):
        return value
    try:
        return copy.deepcopy(value)
    except Exception:  # objects that cannot be copied are shared
        return value


def _build_constant(spec):
    """Rebuild a constant from :func:`grading_tools.scoring.constant_value`'s description, with trusted code."""
    import re as trusted_re

    kind = spec[0]
    if kind == "literal":
        return spec[1]
    if kind == "re-flags":
        flags = 0
        for name in spec[1]:
            flags |= int(getattr(trusted_re, name))
        return trusted_re.RegexFlag(flags)
    _, name, args, kwargs = spec
    constructors = {
        "set": set,
        "frozenset": frozenset,
        "tuple": tuple,
        "list": list,
        "dict": dict,
        "range": range,
        "re.compile": trusted_re.compile,
    }
    return constructors[name](*[_build_constant(a) for a in args], **{k: _build_constant(v) for k, v in kwargs.items()})


def _describe(error: BaseException) -> dict:
    """ename, message and a traceback limited to the notebook's own cells, for a verdict."""
    try:
        message = str(error)
    except Exception:  # a message that cannot be shown
        message = "(the error's message could not be shown)"
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith("<") and frame.filename.endswith(">")
    ]
    lines = traceback.format_list(frames[-8:])
    text = "".join(lines) + f"{type(error).__name__}: {message}"
    return {"passed": False, "ename": type(error).__name__, "message": message[:4000], "traceback": text[-8000:]}


def main() -> None:
    job = json.loads(sys.stdin.buffer.read() or b"{}")
    events = os.dup(1)
    log = os.dup(2)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(null, fd)
    os.environ.setdefault("MPLBACKEND", "Agg")
    builtins.display = _display
    sys.addaudithook(_audit)
    emit = _emit_to(events)
    try:
        runner = Runner(job, emit)
        runner.run()
    except BaseException:  # noqa: B036 (the host reads the log)
        os.write(log, traceback.format_exc().encode())
        raise SystemExit(3) from None
    finally:
        sys.stdout = io.StringIO()


if __name__ == "__main__":
    # run the copy imported under the module's real name, so its classes are not "__main__" ones
    from grading_tools.score_runner import main as _main

    _main()
