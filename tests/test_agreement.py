"""utils.agreement: the same numbers as scikit-learn and statsmodels, and clear errors for bad input."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats import inter_rater

from conftest import REPO
from utils import agreement


def _two_raters(rng, n, labels, p_agree):
    a = rng.choice(labels, size=n)
    b = np.where(rng.random(n) < p_agree, a, rng.choice(labels, size=n))
    return a, b


@pytest.mark.parametrize("seed", range(8))
def test_cohens_kappa_and_percent_agreement_match_sklearn_on_random_inputs(seed):
    rng = np.random.default_rng(seed)
    labels = ["ship", "order", "refund", "billing"][: 2 + seed % 3]
    a, b = _two_raters(rng, int(rng.integers(5, 300)), labels, p_agree=rng.uniform(0, 1))
    if len(set(a) | set(b)) < 2:
        b[0] = labels[1] if a[0] == labels[0] else labels[0]
    assert np.isclose(agreement.cohens_kappa(a, b), cohen_kappa_score(a, b))
    assert np.isclose(agreement.percent_agreement(a, b), np.mean(a == b))
    assert np.isclose(agreement.cohens_kappa(list(a), pd.Series(b)), cohen_kappa_score(a, b)), (
        "lists and Series work too"
    )


def test_kappa_known_values():
    assert agreement.cohens_kappa(["x", "y", "x", "y"], ["x", "y", "x", "y"]) == 1.0
    # p_o = 0.5, p_e = 0.5: chance level
    assert agreement.cohens_kappa(["x", "x", "y", "y"], ["x", "y", "x", "y"]) == 0.0
    assert agreement.cohens_kappa([1, 0, 1, 0], [0, 1, 0, 1]) == -1.0
    assert agreement.percent_agreement(["ok"] * 5, ["ok"] * 5) == 1.0, "one class is fine for percent agreement"


@pytest.mark.parametrize("seed", range(8))
def test_fleiss_kappa_matches_statsmodels_on_random_inputs(seed):
    rng = np.random.default_rng(100 + seed)
    n_items, n_raters = int(rng.integers(3, 200)), int(rng.integers(2, 7))
    categories = list("abcde")[: 2 + seed % 4]
    truth = rng.choice(categories, size=n_items)
    ratings = np.array(
        [
            np.where(rng.random(n_items) < rng.uniform(0.2, 0.95), truth, rng.choice(categories, size=n_items))
            for _ in range(n_raters)
        ]
    ).T
    ratings[0, :] = categories[0]
    ratings[1, 0] = categories[1]  # at least two classes
    counts, _ = inter_rater.aggregate_raters(np.unique(ratings, return_inverse=True)[1].reshape(ratings.shape))
    expected = inter_rater.fleiss_kappa(counts, method="fleiss")
    assert np.isclose(agreement.fleiss_kappa(ratings), expected)
    assert np.isclose(
        agreement.fleiss_kappa(pd.DataFrame(ratings, columns=[f"r{j}" for j in range(n_raters)])), expected
    )


def test_fleiss_kappa_with_two_raters_is_scotts_pi():
    a = ["x", "x", "y", "y", "x", "z", "z", "x"]
    b = ["x", "y", "y", "y", "x", "z", "x", "x"]
    pooled = pd.Series(a + b).value_counts(normalize=True)
    p_o = np.mean(np.array(a) == np.array(b))
    p_e = float((pooled**2).sum())
    scotts_pi = (p_o - p_e) / (1 - p_e)
    # With two raters, Fleiss' kappa reduces to Scott's pi (pooled label frequencies for chance agreement)
    assert agreement.fleiss_kappa(np.array([a, b]).T) == pytest.approx(scotts_pi)
    assert agreement.fleiss_kappa(np.array([a, a, a]).T) == pytest.approx(1.0)


@pytest.mark.parametrize("function", [agreement.cohens_kappa, agreement.percent_agreement])
def test_pair_functions_reject_bad_input(function):
    with pytest.raises(ValueError, match="different number of items: 3 vs 2"):
        function(["x", "y", "x"], ["x", "y"])
    with pytest.raises(ValueError, match=r"b has 1 missing labels .*position 1.*dropna"):
        function(["x", "y", "x"], ["x", np.nan, "x"])
    with pytest.raises(ValueError, match="a has 1 missing"):
        function(pd.Series(["x", None, "y"]), ["x", "y", "y"])
    with pytest.raises(ValueError, match="a has 1 missing"):
        function(pd.array([1, pd.NA, 0], dtype="Int64"), [1, 0, 0])
    with pytest.raises(ValueError, match="empty"):
        function([], [])
    with pytest.raises(TypeError, match="mixes text and non-text"):
        function(["1", "0"], [1, 0])
    with pytest.raises(TypeError, match="single string"):
        function("xyx", "xyy")
    with pytest.raises(ValueError, match="one-dimensional"):
        function(np.zeros((2, 2)), np.zeros((2, 2)))


def test_kappa_rejects_a_single_class():
    with pytest.raises(ValueError, match=r"Only one class occurs .*'ok'.*undefined"):
        agreement.cohens_kappa(["ok"] * 4, ["ok"] * 4)
    with pytest.raises(ValueError, match="Only one class"):
        agreement.fleiss_kappa([["ok", "ok"], ["ok", "ok"]])


def test_fleiss_rejects_bad_tables():
    with pytest.raises(ValueError, match="missing labels"):
        agreement.fleiss_kappa(pd.DataFrame({"a": ["x", "y"], "b": ["x", None]}))
    with pytest.raises(ValueError, match="at least 2"):
        agreement.fleiss_kappa(pd.DataFrame({"a": ["x", "y"]}))
    with pytest.raises(ValueError, match="2-D"):
        agreement.fleiss_kappa(["x", "y", "x"])
    with pytest.raises(ValueError, match="no items"):
        agreement.fleiss_kappa(pd.DataFrame({"a": [], "b": []}))
    with pytest.raises(TypeError, match="mixes text"):
        agreement.fleiss_kappa([["x", 1], ["y", 1]])


def test_to_wide_and_agreement_matrix():
    long = pd.DataFrame(
        {
            "item_id": [1, 1, 2, 2, 3, 3, 3],
            "annotator": ["b", "a", "a", "b", "a", "b", "c"],
            "label": ["x", "x", "y", "x", "y", "y", "y"],
        }
    )
    wide = agreement.to_wide(long)
    assert list(wide.columns) == ["a", "b", "c"] and list(wide.index) == [1, 2, 3]
    assert wide.loc[1, "c"] != wide.loc[1, "c"], "NaN where an annotator did not label"
    matrix = agreement.agreement_matrix(wide, metric="percent")
    assert matrix.loc["a", "b"] == matrix.loc["b", "a"] == pytest.approx(2 / 3)
    assert matrix.loc["a", "c"] == 1.0 and np.allclose(np.diag(matrix), 1.0)
    kappas = agreement.agreement_matrix(wide)
    assert kappas.loc["a", "b"] == pytest.approx(cohen_kappa_score(["x", "y", "y"], ["x", "x", "y"]))
    assert np.isnan(kappas.loc["a", "c"]), "one common item with one class: kappa undefined, shown as NaN"
    with pytest.raises(ValueError, match="second label to the same"):
        agreement.to_wide(pd.concat([long, long.iloc[[0]]]))
    with pytest.raises(ValueError, match="missing \\['ticket_id'\\]"):
        agreement.to_wide(long, item="ticket_id")
    with pytest.raises(ValueError, match="metric"):
        agreement.agreement_matrix(wide, metric="f1")


def test_majority_vote_tie_breaks_and_item_agreement():
    wide = pd.DataFrame(
        {
            "ana": ["x", "x", "y", "z", None],
            "ben": ["x", "y", "x", "y", "q"],
            "cara": ["y", "y", "y", "x", None],
            "dev": ["x", "x", "x", "w", None],
        },
        index=["t1", "t2", "t3", "t4", "t5"],
    )
    plain = agreement.majority_vote(wide)
    assert plain.tolist() == ["x", "x", "x", "w", "q"], "ties go to the label that sorts first; missing labels ignored"
    trusted = agreement.majority_vote(wide, priority=["cara", "ana", "ben", "dev"])
    assert trusted.tolist() == ["x", "y", "y", "x", "q"], "ties go to the most trusted annotator's label"
    assert trusted.index.equals(wide.index) and trusted.name == "consensus"
    assert agreement.item_agreement(wide).tolist() == [0.75, 0.5, 0.5, 0.25, 1.0]
    with pytest.raises(ValueError, match="priority must list every annotator"):
        agreement.majority_vote(wide, priority=["ana", "ben"])
    with pytest.raises(ValueError, match="no label at all"):
        agreement.majority_vote(pd.DataFrame({"a": [None], "b": [None]}))
    with pytest.raises(ValueError, match="no label at all"):
        agreement.item_agreement(pd.DataFrame({"a": [None], "b": [None]}))


def test_majority_vote_on_random_input_matches_counting():
    rng = np.random.default_rng(7)
    wide = pd.DataFrame(rng.choice(list("abc"), size=(300, 5)), columns=list("pqrst"))
    votes = agreement.majority_vote(wide)
    for (_, row), chosen in zip(wide.iterrows(), votes):
        counts = row.value_counts()
        assert counts[chosen] == counts.max()
        assert chosen == min(counts[counts == counts.max()].index)


def test_import_stays_light():
    code = "import sys, utils.agreement; print(any(m in sys.modules for m in ('pandas', 'sklearn', 'statsmodels')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "False"
