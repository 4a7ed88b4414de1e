# %% [markdown]
# # 10 · Exercise: Data and scores you can trust
#
# Replace each `raise NotImplementedError()` with your code, keep the names and arguments, and run
# the test cell below each function. Hidden tests run your functions on fresh inputs when you
# submit, so follow each contract exactly. Graded answer cells are scored from their definitions
# (functions, classes, imports and constants): put any other code in the free cells.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "10-trustworthy-data-setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
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


# %% nbgrader={"grade": false, "grade_id": "label-shares-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
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


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "label-shares-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: label_shares on the apples (a Series of shares, largest first)."""
shares = label_shares(apples["grade"])
assert type(shares) is pd.Series, f"return a pandas Series, got {type(shares).__name__}"
assert np.isclose(shares.sum(), 1.0), f"shares of all labels add up to 1, got {shares.sum():.3f}"
assert list(shares) == sorted(shares, reverse=True), "sort from the largest share to the smallest"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "label-shares-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: label_shares with ties and missing labels."""
### BEGIN HIDDEN TESTS
_r = label_shares(pd.Series(["b", "a", None, "b", "a", "c"]))
assert list(_r.index) == ["a", "b", "c"], f"ties (a and b) go by label, A to Z; got {list(_r.index)}"
assert np.allclose(_r.to_numpy(dtype=float), [0.4, 0.4, 0.2]), f"missing labels are ignored; got {_r.tolist()}"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 2 (written): Explain what the shares mean for a model (2 points)
#
# In three or four sentences: which label is rarest, and what would you check before training?

# %% [markdown] nbgrader={"grade": true, "grade_id": "10-trustworthy-data-written", "locked": false, "points": 2.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (2 points).*
# - 1 point: names the rarest label with its share, computed.
# - 1 point: a check that follows from it (per-class recall, a stratified split), with a reason.
# ### END SOLUTION
