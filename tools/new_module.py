"""Start a new module: its lesson and assignment sources, its README row, and the built notebooks.

    python3 tasks.py new-module 11-data-contracts "Data contracts between teams"

Writes ``sources/lessons/<id>.py`` and ``sources/assignments/<id>.py`` from templates that already
follow the course's conventions (CONTRIBUTING.md): the lesson skeleton with a claim-check cell,
and an assignment with one autograded exercise (answer cell, visible and hidden tests) and one
written answer with its rubric. It adds the module's row to the README's module map and runs the
build, so the new module passes the whole suite before a word of it is written. Then replace the
placeholder content, following CONTRIBUTING.md's "Add a module".
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_ID = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")

LESSON = """\
# %% [markdown]
# # {number} · {title}
#
# A short story: who has which data problem, and what it costs them. (Replace this paragraph.)
#
# **In this lesson you will:**
# - measure how often a placeholder problem occurs in a data set;
# - (three to six objectives, each one a thing the learner does and sees).

# %%
import numpy as np

from utils import data, plots

SEED = 0
plots.use_course_style()
apples = data.load("apple_grading")
apples.head()

# %% [markdown]
# ## 1. A first measurement
#
# Each section ends with something the learner runs and looks at: a table or a plot.

# %%
label_shares = apples["grade"].value_counts(normalize=True)
label_shares.round(3)

# %% tags=["claim-check"]
# Every number the prose states is computed above and checked here.
assert np.isclose(label_shares.sum(), 1.0), label_shares

# %% [markdown]
# ### Try it
#
# 1. A small open question the learner answers by changing the code above.

# %%
# Try it here.

# %% [markdown]
# ## Check your understanding
#
# 1. A question about the lesson's main idea.
# 2. A question about where the method does not pay.
# 3. A question that asks the learner to apply the idea elsewhere.
#
# <details><summary>Answers</summary>
#
# 1. The answer.
# 2. The answer.
# 3. The answer.
# </details>
#
# ## Summary
#
# - One line per idea the learner takes away.
#
# ## Going further
#
# - The library one-liner for what the lesson built by hand, and one or two real references.
# - Next: the exercise, [`exercises/{module}/{module}.ipynb`](../exercises/{module}/{module}.ipynb).
"""

ASSIGNMENT = '''\
# %% [markdown]
# # {number} · Exercise: {title}
#
# Replace each `raise NotImplementedError()` with your code, keep the names and arguments, and run
# the test cell below each function. Hidden tests run your functions on fresh inputs when you
# submit, so follow each contract exactly. Graded answer cells are scored from their definitions
# (functions, classes, imports and constants): put any other code in the free cells.

# %% deletable=false editable=false nbgrader={{"grade": false, "grade_id": "{module}-setup", "locked": true, "schema_version": 3, "solution": false, "task": false}}
import numpy as np
import pandas as pd

from utils import data

SEED = 0
apples = data.load("apple_grading")

# %% [markdown]
# ## Exercise 1: Compute the share of each label (2 points)
#
# Return a `pandas.Series` with one entry per label in `labels`, the share of rows that carry it
# (0 to 1), sorted from the largest share to the smallest, ties by label (A to Z). Missing labels
# are ignored.


# %% nbgrader={{"grade": false, "grade_id": "label-shares-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}}
def label_shares(labels: pd.Series) -> pd.Series:
    """Share of each label among the non-missing labels.

    Parameters
    ----------
    labels : pandas.Series, shape (n,)

    Returns
    -------
    pandas.Series
        Index: the labels; values: their shares (floats summing to 1).
    """
    ### BEGIN SOLUTION
    counts = labels.dropna().value_counts()
    shares = counts / counts.sum()
    order = sorted(shares.index, key=lambda label: (-shares[label], str(label)))
    return shares.loc[order].astype(float)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={{"grade": true, "grade_id": "label-shares-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}}
"""Visible test: label_shares on the apples (a Series of shares, largest first)."""
shares = label_shares(apples["grade"])
assert type(shares) is pd.Series, f"return a pandas Series, got {{type(shares).__name__}}"
assert np.isclose(shares.sum(), 1.0), f"shares of all labels add up to 1, got {{shares.sum():.3f}}"
assert list(shares) == sorted(shares, reverse=True), "sort from the largest share to the smallest"

# %% deletable=false editable=false nbgrader={{"grade": true, "grade_id": "label-shares-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}}
"""Hidden tests: label_shares with ties and missing labels."""
### BEGIN HIDDEN TESTS
_r = label_shares(pd.Series(["b", "a", None, "b", "a", "c"]))
assert list(_r.index) == ["a", "b", "c"], f"ties (a and b) go by label, A to Z; got {{list(_r.index)}}"
assert np.allclose(_r.to_numpy(dtype=float), [0.4, 0.4, 0.2]), f"missing labels are ignored; got {{_r.tolist()}}"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 2 (written): Explain what the shares mean for a model (2 points)
#
# In three or four sentences: which label is rarest, and what would you check before training?

# %% [markdown] nbgrader={{"grade": true, "grade_id": "{module}-written", "locked": false, "points": 2.0, "schema_version": 3, "solution": true, "task": false}}
# ### BEGIN SOLUTION
# *Rubric (2 points).*
# - 1 point: names the rarest label with its share, computed.
# - 1 point: a check that follows from it (per-class recall, a stratified split), with a reason.
# ### END SOLUTION
'''


WRONG_ANSWERS = """\
# Wrong and correct alternative answers for {module} (format: docs/wrong-answers.md).

[[entry]]
answer = "label-shares-answer"
kind = "wrong"
description = "counts instead of shares"
source = '''
def label_shares(labels: pd.Series) -> pd.Series:
    return labels.value_counts().astype(float)
'''

[[entry]]
answer = "label-shares-answer"
kind = "wrong"
description = "missing labels counted in the denominator"
source = '''
def label_shares(labels: pd.Series) -> pd.Series:
    counts = labels.dropna().value_counts()
    shares = counts / len(labels)
    return shares.loc[sorted(shares.index, key=lambda label: (-shares[label], str(label)))]
'''

[[entry]]
answer = "label-shares-answer"
kind = "wrong"
description = "ties left in the order value_counts gives them"
source = '''
def label_shares(labels: pd.Series) -> pd.Series:
    return labels.value_counts(normalize=True)
'''

[[entry]]
answer = "label-shares-answer"
kind = "wrong"
description = "sorted by label instead of by share"
source = '''
def label_shares(labels: pd.Series) -> pd.Series:
    return labels.value_counts(normalize=True).sort_index()
'''

[[entry]]
answer = "label-shares-answer"
kind = "correct"
description = "a groupby and a two-key sort"
source = '''
def label_shares(labels: pd.Series) -> pd.Series:
    known = labels.dropna()
    table = known.groupby(known).size().rename("n").reset_index()
    table.columns = ["label", "n"]
    table = table.sort_values(["n", "label"], ascending=[False, True])
    return pd.Series(table["n"].to_numpy() / len(known), index=table["label"].to_numpy())
'''
"""


def readme_with_row(readme: str, module: str, title: str) -> str:
    """The README with a module-map row for ``module`` after the table's last row."""
    section_start = readme.index("## Module map")
    table_end = readme.index("\n\n", readme.index("|---", section_start))
    row = f"\n| [{module}](course/{module}.ipynb) | {title} | (what the learner will be able to do) |"
    return readme[:table_end] + row + readme[table_end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="the module's id: two digits, a hyphen, a kebab-case slug (11-data-contracts)")
    parser.add_argument("title", help="the module's title, e.g. 'Data contracts between teams'")
    args = parser.parse_args(argv)
    if not MODULE_ID.match(args.module):
        print(
            f"{args.module!r} is not a module id: use two digits, a hyphen and a kebab-case slug, e.g. 11-data-contracts"
        )
        return 2
    lesson = ROOT / "sources" / "lessons" / f"{args.module}.py"
    assignment = ROOT / "sources" / "assignments" / f"{args.module}.py"
    taken = [path.stem for path in (ROOT / "sources" / "lessons").glob(f"{args.module[:2]}-*.py")]
    if taken:
        print(f"module number {args.module[:2]} is taken by {taken[0]}: pick the next free number")
        return 2
    fields = {"number": args.module[:2], "title": args.title, "module": args.module}
    lesson.write_text(LESSON.format(**fields), encoding="utf-8")
    assignment.write_text(ASSIGNMENT.format(**fields), encoding="utf-8")
    (ROOT / "tests" / "wrong_answers" / f"{args.module}.toml").write_text(
        WRONG_ANSWERS.format(**fields), encoding="utf-8"
    )
    readme = ROOT / "README.md"
    readme.write_text(readme_with_row(readme.read_text(encoding="utf-8"), args.module, args.title), encoding="utf-8")
    print(
        f"wrote {lesson.relative_to(ROOT)}, {assignment.relative_to(ROOT)}, tests/wrong_answers/{args.module}.toml and a README row"
    )
    return subprocess.run([sys.executable, str(ROOT / "tools" / "build_notebooks.py")], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
