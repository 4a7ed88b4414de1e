"""utils.active_learning: uncertainty scores, batch selection, the simulated loop, labels-to-target."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy.stats import entropy as scipy_entropy

from utils import active_learning as al

ROWS = np.array([[0.90, 0.05, 0.05], [0.50, 0.45, 0.05], [0.40, 0.30, 0.30], [1 / 3, 1 / 3, 1 / 3], [1.0, 0.0, 0.0]])


def test_least_confidence_by_row():
    assert np.allclose(al.least_confidence(ROWS), [0.1, 0.5, 0.6, 2 / 3, 0.0])


def test_margin_uses_the_two_largest_wherever_they_are():
    assert np.allclose(al.margin(ROWS), [0.15, 0.95, 0.9, 1.0, 0.0])
    assert np.allclose(al.margin([[0.1, 0.3, 0.6]]), [0.7])


def test_entropy_matches_scipy_and_handles_zeros():
    got = al.entropy(ROWS)
    assert not np.isnan(got).any()
    assert np.allclose(got, scipy_entropy(ROWS, axis=1))
    assert np.isclose(got[3], math.log(3)) and got[4] == 0


def test_scores_agree_on_ranking_for_two_classes():
    probs = np.random.default_rng(0).dirichlet([1, 1], size=50)
    ranks = [np.argsort(score(probs), kind="stable") for score in (al.least_confidence, al.margin, al.entropy)]
    assert all(np.array_equal(ranks[0], r) for r in ranks[1:])


@pytest.mark.parametrize(
    "bad", [np.array([0.2, 0.8]), np.array([[1.0]]), np.array([[0.5, 0.7]]), np.array([[2.0, -1.0]])]
)
def test_scores_reject_what_is_not_probabilities(bad):
    with pytest.raises(ValueError, match="pred_probs"):
        al.margin(bad)


def test_select_batch_highest_first_ties_by_position_skips_labeled():
    scores = np.array([0.2, 0.9, 0.5, 0.9, 0.7, 0.9])
    assert al.select_batch(scores, 3).tolist() == [1, 3, 5]
    assert al.select_batch(scores, 3, labeled=[1]).tolist() == [3, 5, 4]
    mask = np.array([False, True, False, True, False, False])
    assert al.select_batch(scores, 2, labeled=mask).tolist() == [5, 4]
    assert al.select_batch(scores, 10, labeled=mask).tolist() == [5, 4, 2, 0]
    assert al.select_batch(scores, 0).tolist() == []


@pytest.mark.parametrize(
    "args, match",
    [
        ((np.ones((2, 2)), 1), "one score per item"),
        ((np.array([0.1, np.nan]), 1), "NaN"),
        ((np.array([0.1, 0.2]), -1), "non-negative"),
        ((np.array([0.1, 0.2]), 1.5), "non-negative"),
    ],
)
def test_select_batch_rejects_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        al.select_batch(*args)


def test_select_batch_rejects_bad_labeled():
    with pytest.raises(ValueError, match="shape"):
        al.select_batch(np.zeros(3), 1, labeled=np.array([True, False]))
    with pytest.raises(ValueError, match="outside"):
        al.select_batch(np.zeros(3), 1, labeled=[5])


@pytest.fixture(scope="module")
def small_pool():
    from sklearn.datasets import load_digits

    digits = load_digits()
    X, y = digits.data[:600] / 16, digits.target[:600]
    return X[:400], y[:400], X[400:], y[400:]


def _model():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=300, tol=1e-3)


def test_run_active_learning_counts_labels_and_is_reproducible(small_pool):
    curve = al.run_active_learning(
        *small_pool, strategy="margin", make_model=_model, n_initial=20, batch_size=15, n_labels=65, seed=3
    )
    assert curve["n_labels"].tolist() == [20, 35, 50, 65]
    assert curve["accuracy"].between(0, 1).all()
    again = al.run_active_learning(
        *small_pool, strategy="margin", make_model=_model, n_initial=20, batch_size=15, n_labels=65, seed=3
    )
    pd.testing.assert_frame_equal(curve, again)


def test_run_active_learning_never_requeries(small_pool, monkeypatch):
    chosen = []
    original = al.select_batch

    def spy(scores, k, *, labeled=None):
        batch = original(scores, k, labeled=labeled)
        assert not np.asarray(labeled)[batch].any()
        chosen.extend(batch.tolist())
        return batch

    monkeypatch.setattr(al, "select_batch", spy)
    al.run_active_learning(
        *small_pool, strategy="entropy", make_model=_model, n_initial=10, batch_size=20, n_labels=90, seed=0
    )
    assert len(chosen) == len(set(chosen)) == 80


def test_random_strategy_shares_the_cold_start(small_pool):
    runs = {
        s: al.run_active_learning(
            *small_pool, strategy=s, make_model=_model, n_initial=20, batch_size=20, n_labels=40, seed=1
        )
        for s in ("random", "margin")
    }
    assert runs["random"]["accuracy"].iloc[0] == runs["margin"]["accuracy"].iloc[0]


def test_run_active_learning_rejects_bad_settings(small_pool):
    with pytest.raises(ValueError, match="unknown strategy"):
        al.run_active_learning(*small_pool, strategy="marginal", make_model=_model)
    with pytest.raises(ValueError, match="n_initial"):
        al.run_active_learning(*small_pool, strategy="margin", make_model=_model, n_initial=50, n_labels=40)
    with pytest.raises(ValueError, match="batch_size"):
        al.run_active_learning(*small_pool, strategy="margin", make_model=_model, batch_size=0)
    X, y, Xt, yt = small_pool
    with pytest.raises(ValueError, match="labels"):
        al.run_active_learning(X, y[:-1], Xt, yt, strategy="margin", make_model=_model)


def test_run_active_learning_takes_sparse_features(small_pool):
    from scipy import sparse

    X, y, Xt, yt = small_pool
    options = dict(strategy="margin", make_model=_model, n_initial=20, batch_size=20, n_labels=60, seed=2)
    dense = al.run_active_learning(X, y, Xt, yt, **options)
    sparse_run = al.run_active_learning(sparse.csr_matrix(X), y, sparse.csr_matrix(Xt), yt, **options)
    assert sparse_run["n_labels"].tolist() == [20, 40, 60]
    assert np.allclose(sparse_run["accuracy"], dense["accuracy"], atol=0.02)


def test_a_cold_start_with_one_class_draws_at_random_until_a_model_can_be_fitted():
    X = np.arange(40, dtype=float).reshape(-1, 1)
    y = np.array([1] * 2 + [0] * 38)  # the two items of class 1 are rare
    X_test, y_test = np.array([[0.0], [39.0], [20.0]]), np.array([1, 0, 0])
    curve = al.run_active_learning(
        X, y, X_test, y_test, strategy="margin", make_model=_model, n_initial=3, batch_size=3, n_labels=40, seed=0
    )
    first = curve.iloc[0]
    assert first["n_labels"] == 3 and np.isclose(first["accuracy"], 2 / 3), "one class seen: predict it everywhere"
    assert curve["n_labels"].iloc[-1] == 40 and curve["accuracy"].iloc[-1] == 1.0


def test_learning_curves_long_table(small_pool):
    table = al.learning_curves(
        *small_pool,
        make_model=_model,
        strategies=["random", "least_confidence"],
        seeds=[0, 1],
        n_initial=20,
        batch_size=20,
        n_labels=60,
        progress=False,
    )
    assert list(table.columns) == ["strategy", "seed", "n_labels", "accuracy"]
    assert len(table) == 2 * 2 * 3
    assert set(table["strategy"]) == {"random", "least_confidence"}


def test_labels_to_target():
    counts, accuracy = [20, 40, 60, 80], [0.5, 0.8, 0.79, 0.9]
    assert al.labels_to_target(counts, accuracy, 0.8) == 40  # >= counts, first time reached
    assert al.labels_to_target(counts, accuracy, 0.85) == 80
    assert math.isnan(al.labels_to_target(counts, accuracy, 0.95))
    with pytest.raises(ValueError, match="increasing"):
        al.labels_to_target([40, 20], [0.1, 0.2], 0.5)
    with pytest.raises(ValueError, match="equal length"):
        al.labels_to_target([20, 40], [0.1], 0.5)


def test_import_stays_light():
    code = "import sys, utils.active_learning; print(any(m in sys.modules for m in ('pandas', 'sklearn', 'cleanlab', 'scipy')))"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )
