# %% [markdown]
# # 03 · Exercise: agreement, consensus and a guideline
#
# You will implement the lesson's agreement measures **by hand** (the tests compare them with
# scikit-learn and statsmodels on fresh random data), a majority vote with a stated tie-break, and
# the routing rule of a two-tier workflow. Then you write the guideline entry for the hardest border
# in the support tickets. Replace each `raise NotImplementedError()` with your code, keep the names
# and arguments, and run the test cell below each function. Hidden tests run your functions on
# fresh inputs when you submit, so follow each contract exactly. Do not call the library versions
# (`sklearn.metrics.cohen_kappa_score`, `statsmodels`' `fleiss_kappa`, `utils.agreement`) inside
# your functions; use them outside to check your work.
#
# Answer cells are scored from their **definitions** only (functions, classes, imports and
# constants): code at the top level of an answer cell, such as a test call or a print, is not run
# when grading. Try things in your own cells.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import pandas as pd

from utils import agreement, data

SEED = 0
tickets = data.load("support_tickets")
labels = data.load("support_ticket_labels")
ratings = agreement.to_wide(labels, item="ticket_id")  # 400 tickets x 4 annotators (ana, ben, cara, dev)
gold = data.load("support_tickets_gold").set_index("ticket_id")["gold_label"]
ratings.head()


# %% [markdown]
# ## Exercise 1: Compute percent agreement (2 points)
#
# The share of items on which two annotators gave the same label. The inputs are aligned by
# position (ignore any index). Raise a `ValueError` if they have different lengths.


# %% nbgrader={"grade": false, "grade_id": "percent-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def percent_agreement(a, b) -> float:
    """Share of items with the same label from both annotators.

    Parameters
    ----------
    a, b : sequence, shape (n,)
        Two annotators' labels for the same items, in the same order.

    Returns
    -------
    float in [0, 1]

    Raises
    ------
    ValueError
        If a and b have different lengths.
    """
    ### BEGIN SOLUTION
    first, second = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    if len(first) != len(second):
        raise ValueError(f"a has {len(first)} labels and b has {len(second)}: they must label the same items.")
    return float(np.mean(first == second))
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "percent-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: percent agreement of ana and ben on the tickets."""
pa = percent_agreement(ratings["ana"], ratings["ben"])
assert abs(pa - 0.8025) < 1e-9, f"ana and ben give the same label to 321 of 400 tickets (0.8025); got {pa}"
assert percent_agreement(["x", "y"], ["x", "x"]) == 0.5
shuffled = percent_agreement(pd.Series(["x", "y", "z"], index=[2, 1, 0]), pd.Series(["x", "y", "z"]))
assert shuffled == 1.0, f"got {shuffled}: compare the labels position by position, whatever the index says"
try:
    percent_agreement(["x", "y", "x"], ["x", "y"])
except ValueError:
    pass
else:
    raise AssertionError("3 labels vs 2 labels must raise ValueError (see the exercise text)")

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "percent-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: percent_agreement on fresh labels, position alignment, and mismatched lengths."""
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(31)
_a = _rng.choice(["p", "q", "r"], size=150)
_b = np.where(_rng.random(150) < 0.5, _a, _rng.choice(["p", "q", "r"], size=150))
assert np.isclose(percent_agreement(list(_a), pd.Series(_b)), np.mean(_a == _b)), "share of positions with equal labels"
assert (
    percent_agreement(pd.Series(["x", "y", "z"], index=[2, 1, 0]), pd.Series(["x", "y", "z"], index=[0, 1, 2])) == 1.0
), "align by position, not by index"
assert np.isclose(percent_agreement(ratings["cara"], ratings["dev"]), (ratings["cara"] == ratings["dev"]).mean()), (
    "cara vs dev on the tickets"
)
try:
    percent_agreement(["x", "y", "x"], ["x", "y"])
except ValueError:
    _raised = True
else:
    _raised = False
assert _raised, "different lengths must raise ValueError (they cannot be labels of the same items)"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 2: Implement Cohen's kappa by hand (3 points)
#
# $\kappa = (p_o - p_e) / (1 - p_e)$, where $p_o$ is the observed agreement and
# $p_e = \sum_k p_a(k)\,p_b(k)$ the chance agreement, with $p_a(k)$ the share of `a`'s labels that
# are `k` (and the same for `b`); the sum runs over every label either annotator used. Inputs are
# aligned by position and contain at least two different labels overall.


# %% nbgrader={"grade": false, "grade_id": "kappa-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cohens_kappa(a, b) -> float:
    """Cohen's kappa of two annotators, computed from p_o and p_e.

    Parameters
    ----------
    a, b : sequence, shape (n,)
        Two annotators' labels for the same items, in the same order.

    Returns
    -------
    float in [-1, 1]
    """
    ### BEGIN SOLUTION
    first, second = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    p_o = np.mean(first == second)
    categories = set(first.tolist()) | set(second.tolist())
    p_e = sum(np.mean(first == k) * np.mean(second == k) for k in categories)
    return float((p_o - p_e) / (1 - p_e))
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "kappa-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: Cohen's kappa of ana and ben, checked against scikit-learn."""
from sklearn.metrics import cohen_kappa_score

k = cohens_kappa(ratings["ana"], ratings["ben"])
assert np.isclose(k, cohen_kappa_score(ratings["ana"], ratings["ben"])), (
    f"got {k:.4f}, scikit-learn says {cohen_kappa_score(ratings['ana'], ratings['ben']):.4f}"
)
assert np.isclose(cohens_kappa(["x", "x", "y", "y"], ["x", "y", "x", "y"]), 0.0), (
    "p_o = 0.5 = p_e: chance level, kappa 0"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "kappa-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: Cohen's kappa against scikit-learn on fresh random labels, computed by hand."""
### BEGIN HIDDEN TESTS
from sklearn.metrics import cohen_kappa_score as _ck

_rng = np.random.default_rng(32)
for _trial in range(25):
    _n = int(_rng.integers(4, 300))
    _cats = ["a", "b", "c", "d", "e"][: int(_rng.integers(2, 6))]
    _x = _rng.choice(_cats, size=_n, p=np.r_[0.6, np.full(len(_cats) - 1, 0.4 / (len(_cats) - 1))])
    _y = np.where(_rng.random(_n) < _rng.uniform(0, 1), _x, _rng.choice(_cats, size=_n))
    if len(set(_x) | set(_y)) < 2:
        continue
    assert np.isclose(cohens_kappa(_x, _y), _ck(_x, _y)), (
        f"trial {_trial}: got {cohens_kappa(_x, _y):.4f}, sklearn {_ck(_x, _y):.4f}; p_e uses each annotator's OWN label shares (not pooled, not uniform)"
    )
assert np.isclose(cohens_kappa([1, 1, 1, 2], [1, 1, 3, 3]), _ck([1, 1, 1, 2], [1, 1, 3, 3])), (
    "labels only one annotator used still count in p_e (with share 0 for the other)"
)
for _x, _y in [("ana", "cara"), ("ben", "dev"), ("cara", "dev")]:
    assert np.isclose(cohens_kappa(ratings[_x], ratings[_y]), _ck(ratings[_x], ratings[_y])), (
        f"{_x} vs {_y} on the tickets"
    )
assert np.isclose(cohens_kappa(pd.Series([0, 1, 0, 1], index=[9, 8, 7, 6]), [0, 1, 0, 1]), 1.0), "align by position"
_by_position = cohens_kappa(pd.Series([0, 1, 0, 1], index=[9, 8, 7, 6]), pd.Series([0, 1, 0, 1], index=[6, 7, 8, 9]))
assert np.isclose(_by_position, 1.0), f"got {_by_position}: compare position by position, whatever the two indexes say"


import inspect


def _names(code):
    found = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            found |= _names(const)
    return found


_used = _names(inspect.unwrap(cohens_kappa).__code__) & {
    "cohen_kappa_score",
    "agreement",
    "inter_rater",
    "statsmodels",
    "cohens_kappa",
}
assert not _used, f"implement kappa by hand from p_o and p_e; your function calls {sorted(_used)}"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 3: Implement Fleiss' kappa by hand (3 points)
#
# `ratings` has one row per item and one column per annotator ($n \ge 2$ annotators, every item
# labeled by all of them, at least two different labels overall). With $N$ items and $n_{ik}$ the
# number of annotators who gave item $i$ label $k$:
#
# - per item, the share of agreeing annotator pairs: $P_i = \frac{\sum_k n_{ik}(n_{ik} - 1)}{n(n-1)}$, and $\bar P$ their mean;
# - the share of all labels that are $k$: $p_k = \frac{1}{N n}\sum_i n_{ik}$, and $\bar P_e = \sum_k p_k^2$;
# - $\kappa = (\bar P - \bar P_e) / (1 - \bar P_e)$.
#
# Accept a DataFrame or a 2-D array.


# %% nbgrader={"grade": false, "grade_id": "fleiss-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def fleiss_kappa(ratings) -> float:
    """Fleiss' kappa of a table of labels (items x annotators).

    Parameters
    ----------
    ratings : pandas.DataFrame or array-like, shape (n_items, n_annotators)

    Returns
    -------
    float
    """
    ### BEGIN SOLUTION
    values = np.asarray(ratings, dtype=object)
    n_items, n_raters = values.shape
    categories = sorted(set(values.ravel().tolist()), key=str)
    counts = np.array([[np.sum(row == k) for k in categories] for row in values], dtype=float)
    p_i = (np.sum(counts * (counts - 1), axis=1)) / (n_raters * (n_raters - 1))
    p_bar = p_i.mean()
    p_k = counts.sum(axis=0) / (n_items * n_raters)
    p_e = np.sum(p_k**2)
    return float((p_bar - p_e) / (1 - p_e))
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "fleiss-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: Fleiss' kappa of the four annotators, checked against statsmodels."""
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

fk = fleiss_kappa(ratings)
expected = sm_fleiss_kappa(aggregate_raters(ratings.to_numpy())[0], method="fleiss")
assert np.isclose(fk, expected), f"got {fk:.4f}, statsmodels says {expected:.4f}"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "fleiss-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: Fleiss' kappa against statsmodels on fresh random tables, computed by hand."""
### BEGIN HIDDEN TESTS
from statsmodels.stats.inter_rater import aggregate_raters as _agg
from statsmodels.stats.inter_rater import fleiss_kappa as _fk

_rng = np.random.default_rng(33)
for _trial in range(20):
    _items, _raters = int(_rng.integers(3, 120)), int(_rng.integers(2, 7))
    _cats = ["ship", "order", "refund", "bill"][: int(_rng.integers(2, 5))]
    _true = _rng.choice(_cats, size=_items)
    _table = np.array(
        [
            np.where(_rng.random(_items) < _rng.uniform(0.3, 0.95), _true, _rng.choice(_cats, size=_items))
            for _ in range(_raters)
        ]
    ).T
    _table[0, 0], _table[1, 0] = _cats[0], _cats[1]
    _want = _fk(_agg(_table)[0], method="fleiss")
    _got = fleiss_kappa(pd.DataFrame(_table) if _trial % 2 else _table)
    assert np.isclose(_got, _want), (
        f"trial {_trial} ({_items} items, {_raters} annotators): got {_got:.4f}, statsmodels {_want:.4f}"
    )
_three = ratings[["ben", "cara", "dev"]].to_numpy()
assert np.isclose(fleiss_kappa(ratings[["ben", "cara", "dev"]]), _fk(_agg(_three)[0])), (
    "three annotators on the tickets"
)
_two = np.array([["x", "x"], ["x", "y"], ["y", "y"], ["y", "y"]])
assert np.isclose(fleiss_kappa(_two), _fk(_agg(_two)[0])), "two annotators: P_i is 1 if they agree, 0 if not"


import inspect


def _names(code):
    found = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            found |= _names(const)
    return found


_used = _names(inspect.unwrap(fleiss_kappa).__code__) & {"aggregate_raters", "inter_rater", "statsmodels", "agreement"}
assert not _used, f"implement Fleiss' kappa by hand; your function calls {sorted(_used)}"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 4: Majority vote with a stated tie-break (2 points)
#
# Return, for each item, the label most annotators gave. **Tie-break:** among the tied labels, take
# the one given by the annotator who comes first in `priority` (a list of all the column names, most
# trusted first). Return a `pandas.Series` with the same index as `ratings`. Every item is labeled
# by every annotator.


# %% nbgrader={"grade": false, "grade_id": "vote-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def majority_vote(ratings: pd.DataFrame, priority: list) -> pd.Series:
    """Most common label per item; ties go to the most trusted annotator's label.

    Parameters
    ----------
    ratings : pandas.DataFrame, shape (n_items, n_annotators)
    priority : list of str
        All column names of ratings, most trusted first.

    Returns
    -------
    pandas.Series, shape (n_items,), same index as ratings
    """
    ### BEGIN SOLUTION
    chosen = []
    for _, row in ratings.iterrows():
        counts = row.value_counts()
        tied = set(counts.index[counts == counts.max()])
        chosen.append(next(row[who] for who in priority if row[who] in tied))
    return pd.Series(chosen, index=ratings.index)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "vote-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: majority vote on the tickets, ties to the annotators who agree most with the others."""
trusted_first = ["ana", "dev", "ben", "cara"]
votes = majority_vote(ratings, trusted_first)
assert votes.index.equals(ratings.index), "keep the index of ratings"
assert (votes == gold.reindex(votes.index)).sum() == 22, (
    f"the vote should match 22 of the 24 gold labels; got {(votes == gold.reindex(votes.index)).sum()}"
)
assert votes["T1005"] == "billing", "T1005 has three 'billing' labels"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "vote-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: majority_vote tie-breaks follow priority, not column order or the alphabet."""
### BEGIN HIDDEN TESTS
_r = pd.DataFrame(
    {
        "p": ["x", "y", "z", "x", "b"],
        "q": ["y", "y", "a", "y", "a"],
        "r": ["y", "x", "b", "y", "b"],
        "s": ["x", "x", "c", "z", "a"],
    },
    index=["i1", "i2", "i3", "i4", "i5"],
)
_v = majority_vote(_r, ["s", "r", "q", "p"])
assert _v.tolist() == ["x", "x", "c", "y", "a"], (
    f"got {_v.tolist()}: ties go to the tied label of the first annotator in priority (s, then r, ...); a clear majority (i4: y) wins whatever s says"
)
assert list(_v.index) == ["i1", "i2", "i3", "i4", "i5"]
_order = ["cara", "ben", "dev", "ana"]
_mine, _ref = majority_vote(ratings, _order), agreement.majority_vote(ratings, priority=_order)
assert _mine.index.equals(_ref.index) and _mine.tolist() == _ref.tolist(), (
    f"on the tickets with priority {_order}: {int((_mine.to_numpy() != _ref.to_numpy()).sum())} tickets differ"
)
_v2 = majority_vote(_r, ["p", "q", "r", "s"])
assert _v2.tolist() == ["x", "y", "z", "y", "b"], f"got {_v2.tolist()}"
_five = pd.DataFrame(
    {"a": ["x", "k"], "b": ["x", "k"], "c": ["y", "m"], "d": ["y", "m"], "e": ["z", "m"]}, index=[9, 10]
)
_v5 = majority_vote(_five, ["e", "c", "a", "b", "d"])
assert _v5.tolist() == ["y", "m"], (
    f"got {_v5.tolist()}: five annotators split 2-2-1 (x, x, y, y, z); the most trusted (e) gave z, which is not "
    "tied, so the tie goes to the next annotator in priority whose label is tied (c: y)"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 5: Route low-agreement items to a reviewer (2 points)
#
# An item's **agreement** is the number of annotators who gave its most common label divided by
# the number of labels it has (missing labels, `NaN`, are ignored). Return the ids (index labels)
# of the items whose agreement is **strictly below** `threshold`, ordered from the lowest agreement
# to the highest; items with equal agreement keep their order in `ratings`.


# %% nbgrader={"grade": false, "grade_id": "route-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def route_for_review(ratings: pd.DataFrame, threshold: float) -> list:
    """Items whose agreement is below threshold, least agreement first.

    Parameters
    ----------
    ratings : pandas.DataFrame, shape (n_items, n_annotators); NaN = not labeled
    threshold : float in (0, 1]

    Returns
    -------
    list of index labels
    """
    ### BEGIN SOLUTION
    shares = []
    for item, row in ratings.iterrows():
        counts = row.dropna().value_counts()
        shares.append((counts.max() / counts.sum(), item))
    routed = [(share, position, item) for position, (share, item) in enumerate(shares) if share < threshold]
    return [item for share, position, item in sorted(routed, key=lambda entry: (entry[0], entry[1]))]
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "route-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: route_for_review on the tickets at 0.75 (send the 2-2 and 2-1-1 tickets)."""
routed = route_for_review(ratings, 0.75)
assert isinstance(routed, list), f"return a list, got {type(routed).__name__}"
assert len(routed) == 22, f"22 tickets have at most 2 of 4 annotators agreeing; got {len(routed)}"
assert route_for_review(ratings, 1.0)[: len(routed)] == routed, "the least agreed tickets come first"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "route-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: route_for_review with missing labels, the boundary, and the order."""
### BEGIN HIDDEN TESTS
_r = pd.DataFrame(
    {
        "a": ["x", "x", "x", "x", np.nan, "x", np.nan],
        "b": ["y", "x", "x", "y", "x", "y", "x"],
        "c": ["z", "x", "y", "y", "y", "y", "x"],
    },
    index=["t1", "t2", "t3", "t4", "t5", "t6", "t7"],
)
assert route_for_review(_r, 1.0) == ["t1", "t5", "t3", "t4", "t6"], (
    f"got {route_for_review(_r, 1.0)}: t1 (1/3) first, then t5 (1/2), then the 2/3 items in table order; t7 (x, x and a missing label) has agreement 1: missing labels do not count"
)
assert route_for_review(_r, 2 / 3) == ["t1", "t5"], "strictly below the threshold: 2/3 is not routed at 2/3"
assert route_for_review(_r, 0.3) == [], "nothing below 0.3"
_ties = pd.DataFrame({"a": ["x", "x", "x", "x"], "b": ["y", "x", "y", "y"]}, index=[10, 9, 2, 7])
assert route_for_review(_ties, 1.0) == [10, 2, 7], (
    f"got {route_for_review(_ties, 1.0)}: items with equal agreement keep their order in ratings (10 before 2), not sorted by id"
)
_agree = agreement.item_agreement(ratings)
assert set(route_for_review(ratings, 1.0)) == set(_agree.index[_agree < 1.0]), (
    "on the tickets: every ticket without a unanimous label"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 6 (written): Write the guideline for the hard border (4 points)
#
# Write the labeling-guideline entry that would settle `order_status` vs `shipping_inquiry` for the
# next round of labeling. Include: a one-sentence definition of each; the decision rule as ordered
# questions; **at least four worked examples taken from the tickets** (with their ids), including two
# the annotators disagreed on and one that stays hard even with your rule, saying what to do with
# it; and how you would check, in the next calibration round, that the rule works. Use the code cell
# to find your examples.

# %%
# Find examples, e.g. tickets where the annotators disagree on this border:
border = ratings.isin(["order_status", "shipping_inquiry"]).all(axis=1) & (ratings.nunique(axis=1) > 1)
tickets.set_index("ticket_id").loc[ratings.index[border], ["subject", "message"]].join(ratings).head(10)

# %% [markdown] nbgrader={"grade": true, "grade_id": "guideline", "locked": false, "points": 4.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (4 points).*
# - 1 point: clear definitions that hinge on the right feature: whether an order of the customer's
#   is in flight (placed, not yet received or just received), not on words like "shipping",
#   "delivery" or "tracking".
# - 1 point: an ordered decision rule that a new annotator can apply without judgment calls
#   (e.g. "1. Does the ticket refer to an order the customer already placed? yes -> order_status,
#   even if it asks about shipping; 2. otherwise, a question about shipping in general ->
#   shipping_inquiry"), and its relation to the other categories (returns and billing first).
# - 1 point: at least four worked examples with ticket ids, two of them disputed by the annotators,
#   each with the label and the reason; at least one genuinely hard case (e.g. a past order plus a
#   question about the next one, or "do you send tracking numbers?" after ordering) with an explicit
#   instruction (apply the rule literally, or flag/skip for review, and say which).
# - 1 point: a check: relabel a calibration set that over-represents the border (e.g. 10 border
#   tickets among 25) with all annotators, and require agreement with gold (or kappa) above a stated
#   level on the border before the main round; review disagreements and add them as examples.
# - Deduct a point if the rule depends on keywords ("if it mentions shipping -> shipping_inquiry"):
#   that is ben's habit, the mistake the guideline exists to fix.
#
# *Example answer.*
# **order_status**: the customer asks about an order they have already placed: whether it went
# through, was packed or shipped, where it is, why it is late, its tracking, or changing it.
# **shipping_inquiry**: a general question about how we ship (cost, speed, countries, carriers,
# customs, pick-up), asked when no order of theirs is in flight.
# Rule (after returns/refunds and before billing): 1. Is there an order of theirs that has been
# placed and not yet received (or just received with a delivery problem)? If yes: order_status, even
# if they also ask how long shipping takes or which carrier we use. 2. If no, and the question is
# about shipping: shipping_inquiry.
# Examples: T1029 "Where's my order? ... How long does shipping usually take?" -> order_status (the
# order is in flight; the shipping question is about it; ben said shipping_inquiry). T1055 "If I order
# the standing fan today, will it arrive by Monday?" -> shipping_inquiry (no order yet; two
# annotators said order_status). T1004 "My last order took two weeks. Before I order again: is
# express really 2 days?" -> shipping_inquiry (the past order is delivered; the question is general).
# T1135 "do you send tracking numbers? i ordered a casserole dish on Tuesday and have no idea where it
# is" -> order_status (hard: it reads as a general question, but the order is in flight; three
# annotators got it wrong). Hard case rule: when the text mentions a recent order without saying it
# arrived, treat it as in flight (order_status); if you cannot tell, skip it and it goes to review.
# Check: in the next calibration round, 25 gold tickets with 10 on this border; every annotator must
# reach 9 of 10 on the border (or kappa >= 0.8 on it); the disagreements become new examples here.
# ### END SOLUTION
