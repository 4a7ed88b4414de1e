"""The scoring engine (grading_tools/scoring.py, score_runner.py) on small notebooks of our own.

One hostile notebook holds one exercise per mechanism, so the runner starts once for all of them:
each exercise's answer cell tries a trick, and its test cell must get exactly the verdict the
honest part of the work deserves.
"""

from __future__ import annotations

import pytest
from nbgrader_cells import cell, notebook

from grading_tools import scoring

SETUP = """\
import math
import threading

import numpy as np
import pandas as pd

from utils import data

listings = data.load("house_listings")
truth = data.load_truth("house_listings")
"""


# -- the plan and the filter (no process runs) ----------------------------------------------------
def test_plan_comes_from_metadata_only():
    book = notebook(
        cell("markdown", "# Title"),
        cell("readonly", "x = 1", "setup"),
        cell("scratch", "y = 2"),
        cell("answer", "def f():\n    return 1", "f-answer"),
        cell("test", "assert f() == 1", "f-test", points=2),
        cell("written", "Explain.", "essay"),
        cell("answer", "def g():\n    return 2", "g-answer"),
        cell("test", "assert g() == 2\n### BEGIN HIDDEN TESTS\nassert g() + 1 == 3\n### END HIDDEN TESTS\n", "g-test"),
    )
    cells, refused = scoring.plan_cells(book)
    assert [(c.kind, c.grade_id) for c in cells] == [
        ("instructor", "setup"),
        ("answer", "f-answer"),
        ("test", "f-test"),
        ("answer", "g-answer"),
        ("test", "g-test"),
    ] and refused == []
    assert cells[2].points == 2.0 and cells[4].has_hidden
    assert [(e.answer, e.tests) for e in scoring.exercises(cells)] == [
        ("f-answer", ["f-test"]),
        ("g-answer", ["g-test"]),
    ]


def test_forged_metadata_cannot_promote_a_cell():
    forged = cell("readonly", "import builtins; builtins.len = lambda x: 0", "my-own-setup")
    book = notebook(cell("readonly", "x = 1", "setup"), forged, cell("answer", "def f(): ...", "f-answer"))
    trusted = {"setup": "instructor", "f-answer": "answer"}
    cells, refused = scoring.plan_cells(book, trusted)
    assert [c.grade_id for c in cells] == ["setup", "f-answer"] and refused == ["my-own-setup"]


def test_strip_hidden_keeps_the_visible_part():
    source = '"""Doc."""\nassert 1\n### BEGIN HIDDEN TESTS\nassert 2\n### END HIDDEN TESTS\nassert 3\n'
    assert scoring.strip_hidden(source) == '"""Doc."""\nassert 1\nassert 3\n'


def test_filter_keeps_definitions_and_explains_every_omission():
    source = '''\
"""My answers."""
import numpy as np
from collections import Counter
LIMIT = 3
WORDS = {"st": "street", "ave": "avenue"}
PATTERN = re.compile(r"\\s+", re.I | re.M)
A, B = 1, 2
CACHE = dict()


def good(table: pd.DataFrame, k: float = 1.5, *, names: list[str] | None = None) -> pd.Series:
    return table


@functools.lru_cache
def cached(x):
    return x


def computed_default(x, rng=np.random.default_rng(0)):
    return x


def odd_annotation(x: print("hi")):
    return x


class Helper:
    """Doc."""
    SIZE = 2

    @staticmethod
    def make():
        return 1


class Sneaky(metaclass=type):
    pass


print(good(1))
total = LIMIT * 2
for i in range(3):
    pass
raise NotImplementedError()
'''
    filtered = scoring.filter_definitions(source)
    kept = [(k.kind, k.names) for k in filtered.kept]
    assert kept == [
        ("code", []),
        ("code", []),
        ("constant", ["LIMIT"]),
        ("constant", ["WORDS"]),
        ("constant", ["PATTERN"]),
        ("constant", ["A"]),
        ("constant", ["B"]),
        ("constant", ["CACHE"]),
        ("code", ["good"]),
        ("code", ["Helper"]),
    ], kept
    reasons = {o.line: o.reason for o in filtered.omitted}
    assert "decorator" in reasons[15]
    assert "default value" in reasons[20] and "None" in reasons[20]
    assert "not a type name" in reasons[24]
    assert "metaclass" in reasons[37]
    assert "call at the top level" in reasons[41] and "scratch cell" in reasons[41]
    assert "computed, not a constant" in reasons[42]
    assert "control flow" in reasons[43]
    assert "placeholder" in reasons[45]
    assert len(filtered.omitted) == 8


def test_a_syntax_error_is_reported_not_hidden():
    filtered = scoring.filter_definitions("def f(:\n    return 1\n")
    assert filtered.kept == [] and filtered.syntax_error and "syntax error" in filtered.omitted[0].reason


# -- one hostile notebook, run once ------------------------------------------------------------------
EXERCISES = {
    # name: (answer source, test source, deserves the point?)
    "honest": (
        "def mean_price(table):\n    return float(table['price_usd'].mean())\n",
        "assert math.isclose(mean_price(listings), listings['price_usd'].mean())\n"
        "### BEGIN HIDDEN TESTS\nassert mean_price(pd.DataFrame({'price_usd': [1, 3]})) == 2.0\n### END HIDDEN TESTS\n",
        True,
    ),
    "stub": (
        "def stub(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n",
        "assert stub(1) == 1",
        False,
    ),
    "patch-isclose": (
        "def off_by_one(x):\n    np.isclose = lambda *a, **k: True\n    math.isclose = lambda *a, **k: True\n    return x + 1\n",
        "assert np.isclose(off_by_one(1), 1) and math.isclose(off_by_one(1), 1), 'off by one'",
        False,
    ),
    "patch-equals": (
        "def frame():\n    pd.DataFrame.equals = lambda self, other: True\n    return pd.DataFrame({'a': [0]})\n",
        "assert frame().equals(pd.DataFrame({'a': [1]}))",
        False,
    ),
    "patch-truth": (
        "def count_rows(table):\n    data.load_truth = lambda name: table.iloc[:1]\n    return 1\n",
        "assert count_rows(listings) == len(data.load_truth('house_listings'))",
        False,
    ),
    "rebind-np": (
        "import pandas as np\ndef double(x):\n    return x * 2\n",
        "assert double(2) == 4 and np.__name__ == 'numpy'",
        True,
    ),
    "always-equal": (
        "class Anything:\n    def __eq__(self, other):\n        return True\n\ndef answer():\n    return Anything()\n",
        "assert answer() == 42",
        False,
    ),
    "always-equal-in-list": (
        "def answers():\n    class Anything(int):\n        def __eq__(self, other):\n            return True\n    return [Anything(0)]\n",
        "assert answers() == [42]",
        False,
    ),
    "own-equals": (
        "def table():\n    frame = pd.DataFrame({'a': [0]})\n    object.__setattr__(frame, 'equals', lambda other: True)\n    return frame\n",
        "assert table().equals(pd.DataFrame({'a': [1]}))",
        False,
    ),
    "thread": (
        "def busy():\n    def patch():\n        import time\n        while True:\n            np.isclose = lambda *a, **k: True\n            time.sleep(0.01)\n"
        "    threading.Thread(target=patch, daemon=True).start()\n    return 1\n",
        "assert np.isclose(busy(), 2)",
        False,
    ),
    "settrace": (
        "import sys\ndef skip_asserts():\n    sys.settrace(lambda *a: None)\n    return 0\n",
        "assert skip_asserts() == 1",
        False,
    ),
    "builtins": (
        "import builtins\ndef length_three():\n    builtins.len = lambda x: 3\n    return [1]\n",
        "assert len(length_three()) == 3",
        False,
    ),
    "generator": (
        "def evens(n):\n    return (i for i in range(0, n, 2))\n",
        "assert list(evens(5)) == [0, 2, 4]",
        False,
    ),
    "globals": (
        "def cheat():\n    global listings\n    listings = None\n    return 3\n",
        "assert cheat() == 3 and listings is not None",
        True,
    ),
    "endless": (
        "def forever():\n    while True:\n        try:\n            pass\n        except BaseException:\n            pass\n",
        "forever()",
        False,
    ),
    "exit": (
        "import os\ndef leave():\n    os._exit(0)\n",
        "leave()",
        False,
    ),
    "sleeping-child": (  # the test ends when its own process does, not when a child it left behind would
        "import os\nimport time\ndef five():\n    if os.fork() == 0:\n        time.sleep(60)\n        os._exit(0)\n    return 5\n",
        "assert five() == 5",
        True,
    ),
    "top-level-side-effect": (
        "np.isclose = lambda *a, **k: True\ndef two():\n    return 3\n",
        "assert np.isclose(two(), 2)",
        False,
    ),
    "print-number": (
        "def wrong():\n    print(1.0)\n    return 0\n",
        "print(3.0)\nassert wrong() == 1",
        False,
    ),
    "isolation-a": ("def nothing():\n    return None\n", "del listings\nimport numpy\nnumpy.mean = None", True),
    "isolation-b": (
        "",
        "assert 'listings' in globals() and numpy.mean is not None if 'numpy' in globals() else True",
        True,
    ),
}


@pytest.fixture(scope="module")
def hostile_result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submission")
    (folder / "numpy.py").write_text("raise SystemExit('a student numpy.py was imported')\n")
    cells = [cell("markdown", "# Hostile"), cell("readonly", SETUP, "setup"), cell("scratch", "np.isclose = None")]
    for name, (answer, test, _) in EXERCISES.items():
        cells += [cell("answer", answer, f"{name}-answer"), cell("test", test, f"{name}-test")]
    limits = scoring.RunnerLimits(test_timeout=8)
    return scoring.score_notebook(notebook(*cells), cwd=folder, limits=limits)


def test_each_trick_gets_exactly_what_the_honest_part_deserves(hostile_result):
    assert hostile_result.stopped is None, hostile_result.log
    wrong = {
        name: (hostile_result.verdicts[f"{name}-test"].passed, hostile_result.verdicts[f"{name}-test"].message)
        for name, (_, _, deserved) in EXERCISES.items()
        if hostile_result.verdicts[f"{name}-test"].passed is not deserved
    }
    assert not wrong, wrong
    assert hostile_result.instructor_errors == {}, "the set-up ran (and no student numpy.py shadowed numpy)"


def test_refusals_say_why(hostile_result):
    message = {name: hostile_result.verdicts[f"{name}-test"].message for name in EXERCISES}
    assert "class made by your own code" in message["always-equal"]
    assert "class made by your own code" in message["always-equal-in-list"]
    assert "carries its own `equals`" in message["own-equals"]
    assert "thread" in message["thread"]
    assert "generator" in message["generator"]
    assert "not allowed" in message["settrace"]
    assert "time limit" in message["endless"]
    assert "ended before the test finished" in message["exit"]
    assert hostile_result.verdicts["print-number-test"].stdout.startswith("3.0")
    assert hostile_result.verdicts["sleeping-child-test"].seconds < 4, "a leftover child must not hold the test"


def test_answer_reports_tell_the_learner_what_was_left_out(hostile_result):
    side_effect = hostile_result.answers["top-level-side-effect-answer"]
    assert [o.line for o in side_effect.omitted] == [1] and "not run" in side_effect.omitted[0].reason
    assert any("`np`" in note for note in hostile_result.answers["rebind-np-answer"].notes)
    assert hostile_result.answers["stub-answer"].omitted == []
    assert hostile_result.score == sum(1 for name, (_, _, deserved) in EXERCISES.items() if deserved), (
        "one point per honest test"
    )


def test_visible_only_removes_hidden_tests(tmp_path):
    book = notebook(
        cell("answer", "def f():\n    return 1\n", "f-answer"),
        cell("test", "assert f() == 1\n### BEGIN HIDDEN TESTS\nassert f() == 2\n### END HIDDEN TESTS\n", "f-test"),
    )
    full = scoring.score_notebook(book, cwd=tmp_path)
    visible = scoring.score_notebook(book, cwd=tmp_path, visible_only=True)
    assert not full.verdicts["f-test"].passed and visible.verdicts["f-test"].passed


def test_candidates_run_against_their_exercise_only(tmp_path):
    book = notebook(
        cell("readonly", "BASE = 10", "setup"),
        cell("answer", "def f(x):\n    return x + BASE\n", "f-answer"),
        cell("test", "assert f(1) == 11", "f-visible"),
        cell("test", "### BEGIN HIDDEN TESTS\nassert f(-1) == 9\n### END HIDDEN TESTS\n", "f-hidden"),
        cell("answer", "def g(x):\n    return f(x) * 2\n", "g-answer"),
        cell("test", "assert g(0) == 20", "g-test"),
    )
    candidates = [
        scoring.Candidate("hard-coded", "f-answer", "def f(x):\n    return 11\n"),
        scoring.Candidate("abs", "f-answer", "def f(x):\n    return abs(x) + BASE\n"),
        scoring.Candidate("other", "g-answer", "def g(x):\n    return 20 + x * 0\n"),
        scoring.Candidate("crash", "g-answer", "def g(x):\n    import os\n    os._exit(1)\n"),
    ]
    results = {(r.answer, r.key): r for r in scoring.score_candidates(book, candidates, cwd=tmp_path)}
    assert set(results) == {(c.answer, c.key) for c in candidates} | {
        ("f-answer", "__reference__"),
        ("g-answer", "__reference__"),
    }
    assert results[("f-answer", "__reference__")].passed_full and results[("g-answer", "__reference__")].passed_full
    hard = results[("f-answer", "hard-coded")]
    assert hard.passed_visible and not hard.passed_full and set(hard.full) == {"f-visible", "f-hidden"}
    assert not results[("f-answer", "abs")].passed_full and results[("f-answer", "abs")].passed_visible
    assert results[("g-answer", "other")].passed_full, "g builds on the reference f"
    crash = results[("g-answer", "crash")]
    assert not crash.passed_full and "ended before" in crash.full["g-test"].message
