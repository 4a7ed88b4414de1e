"""utils.monitoring: drift statistics, calibration, the Laplace mechanism and synthetic-data distances.

Where scipy or scikit-learn compute the same thing, the tests compare on fresh random inputs.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.calibration import calibration_curve

from utils import monitoring

# --- PSI and its binning contract -------------------------------------------------------


def test_psi_bin_edges_are_reference_deciles():
    reference = np.arange(1, 101, dtype=float)
    edges = monitoring.psi_bin_edges(reference)
    assert np.allclose(edges, np.quantile(reference, np.linspace(0.1, 0.9, 9)))
    shares = monitoring.psi_shares(reference, edges)
    assert np.allclose(shares, 0.1), "each decile of the reference holds a tenth of it"


def test_psi_shares_put_out_of_range_values_in_the_end_bins_and_ties_to_the_right():
    edges = np.array([1.0, 2.0])
    shares = monitoring.psi_shares([-100.0, 1.0, 1.5, 2.0, 100.0], edges)
    assert np.allclose(shares, [1 / 5, 2 / 5, 2 / 5]), "x == edge belongs to the bin on its right"


def test_psi_equals_symmetric_kl_from_scipy_on_fresh_inputs():
    rng = np.random.default_rng(123)
    for _ in range(5):
        reference = rng.normal(0, 1, rng.integers(500, 3000))
        current = rng.normal(rng.uniform(-0.5, 0.5), rng.uniform(0.7, 1.4), rng.integers(300, 1000))
        edges = monitoring.psi_bin_edges(reference)
        r, c = monitoring.psi_shares(reference, edges), monitoring.psi_shares(current, edges)
        assert (r > 0).all() and (c > 0).all()
        expected = stats.entropy(c, r) + stats.entropy(r, c)
        assert monitoring.psi(reference, current) == pytest.approx(expected, rel=1e-10)


def test_psi_is_near_zero_for_same_distribution_and_grows_with_shift():
    rng = np.random.default_rng(5)
    reference = rng.normal(0, 1, 5000)
    same = monitoring.psi(reference, rng.normal(0, 1, 5000))
    small = monitoring.psi(reference, rng.normal(0.2, 1, 5000))
    large = monitoring.psi(reference, rng.normal(1.0, 1, 5000))
    assert same < 0.01 < small < monitoring.PSI_ALERT < large


def test_psi_floors_empty_bins_so_it_stays_finite():
    reference = np.linspace(0, 1, 1000)
    value = monitoring.psi(reference, np.full(50, 5.0))  # every value in the last bin
    expected = (1 - 0.1) * np.log(1 / 0.1) + 9 * (1e-4 - 0.1) * np.log(1e-4 / 0.1)
    assert np.isfinite(value) and value == pytest.approx(expected)


def test_psi_merges_tied_quantiles():
    reference = np.r_[np.zeros(800), np.arange(200, dtype=float)]
    edges = monitoring.psi_bin_edges(reference)
    assert len(edges) == len(np.unique(edges)) < 9
    assert monitoring.psi(reference, reference) == pytest.approx(0.0)


@pytest.mark.parametrize(
    "bad, message",
    [
        (dict(reference=[], current=[1.0]), "empty"),
        (dict(reference=[1.0, np.nan], current=[1.0]), "NaN"),
        (dict(reference=[[1.0, 2.0]], current=[1.0]), "one-dimensional"),
        (dict(reference=[1.0, 2.0], current=[1.0], bins=1), "bins"),
        (dict(reference=[1.0, 2.0], current=[1.0], eps=0), "eps"),
    ],
)
def test_psi_rejects_bad_input_with_a_clear_message(bad, message):
    with pytest.raises(ValueError, match=message):
        monitoring.psi(**bad)


# --- KS, drift table and status ---------------------------------------------------------


def test_ks_test_matches_scipy():
    rng = np.random.default_rng(9)
    a, b = rng.exponential(1, 400), rng.exponential(1.3, 300)
    expected = stats.ks_2samp(a, b)
    assert monitoring.ks_test(a, b) == pytest.approx((expected.statistic, expected.pvalue))


def test_drift_table_has_one_row_per_batch_and_feature():
    rng = np.random.default_rng(2)
    reference = pd.DataFrame({"x": rng.normal(0, 1, 1000), "y": rng.uniform(0, 1, 1000)})
    production = pd.DataFrame(
        {
            "week": np.repeat([2, 1], 300),
            "x": rng.normal(0, 1, 600),
            "y": np.r_[rng.uniform(0.5, 1.5, 300), rng.uniform(0, 1, 300)],
        }
    )
    table = monitoring.drift_table(reference, production, features=["x", "y"])
    assert list(table.columns) == ["week", "feature", "n", "psi", "ks_statistic", "ks_pvalue"]
    assert list(zip(table["week"], table["feature"])) == [(1, "x"), (1, "y"), (2, "x"), (2, "y")]
    shifted = table.set_index(["week", "feature"]).loc[(2, "y")]
    assert shifted["psi"] > monitoring.PSI_ALERT and shifted["ks_statistic"] > 0.4
    week2 = production[production["week"] == 2]
    assert shifted["psi"] == pytest.approx(monitoring.psi(reference["y"], week2["y"]))
    with pytest.raises(KeyError, match="z"):
        monitoring.drift_table(reference, production, features=["z"])
    with pytest.raises(KeyError, match="batch"):
        monitoring.drift_table(reference, production, features=["x"], batch_column="day")


def test_drift_status_thresholds_are_inclusive():
    status = monitoring.drift_status([0.0, 0.0999, 0.1, 0.2499, 0.25, 3.0])
    assert list(status) == ["stable", "stable", "warning", "warning", "alert", "alert"]
    with pytest.raises(ValueError, match="warn"):
        monitoring.drift_status([0.1], warn=0.3, alert=0.2)
    with pytest.raises(ValueError, match="NaN"):
        monitoring.drift_status([np.nan])


# --- calibration -----------------------------------------------------------------------


def test_reliability_table_matches_sklearn_calibration_curve():
    rng = np.random.default_rng(31)
    for n_bins in (5, 10, 15):
        prob = rng.beta(0.7, 1.5, 2000)
        prob[:20] = np.linspace(0, 1, 11).repeat(2)[:20]  # values exactly on the bin edges
        true = (rng.random(2000) < prob**1.3).astype(int)
        table = monitoring.reliability_table(true, prob, n_bins=n_bins)
        filled = table[table["count"] > 0]
        prob_true, prob_pred = calibration_curve(true, prob, n_bins=n_bins, strategy="uniform")
        assert np.allclose(filled["fraction_positive"], prob_true) and np.allclose(filled["mean_predicted"], prob_pred)
        assert table["count"].sum() == 2000


def test_ece_on_a_hand_computed_example():
    # bins of width 0.5: (0, 0.5] holds 0.2, 0.4 (mean 0.3, 1 positive of 2); (0.5, 1] holds 0.9 (1 of 1)
    ece = monitoring.expected_calibration_error([0, 1, 1], [0.2, 0.4, 0.9], n_bins=2)
    assert ece == pytest.approx(2 / 3 * abs(0.5 - 0.3) + 1 / 3 * abs(1 - 0.9))


def test_ece_is_small_for_calibrated_and_large_for_overconfident_probabilities():
    rng = np.random.default_rng(4)
    prob = rng.uniform(0, 1, 20000)
    true = (rng.random(20000) < prob).astype(int)
    assert monitoring.expected_calibration_error(true, prob) < 0.02
    overconfident = np.clip(0.5 + 1.8 * (prob - 0.5), 0, 1)
    assert monitoring.expected_calibration_error(true, overconfident) > 0.08


@pytest.mark.parametrize(
    "true, prob, message",
    [
        ([0, 1], [0.1], "same"),
        ([0, 2], [0.1, 0.2], "0/1"),
        ([0, 1], [0.1, 1.2], r"\[0, 1\]"),
        ([0, 1], [[0.9, 0.1], [0.2, 0.8]], "proba"),
    ],
)
def test_calibration_rejects_bad_input(true, prob, message):
    with pytest.raises(ValueError, match=message):
        monitoring.expected_calibration_error(true, prob)


# --- Laplace mechanism -----------------------------------------------------------------


def test_laplace_noise_has_the_right_distribution():
    noisy = monitoring.laplace_mechanism(np.full(40000, 10.0), sensitivity=2.0, epsilon=0.5, seed=3)
    noise = noisy - 10.0
    assert stats.kstest(noise, stats.laplace(scale=4.0).cdf).statistic < 0.02
    assert abs(noise.mean()) < 0.2 and abs(np.abs(noise).mean() - 4.0) < 0.15


def test_laplace_seed_reproduces_and_rng_is_accepted():
    a = monitoring.laplace_mechanism([5.0, 7.0], sensitivity=1, epsilon=1, seed=11)
    b = monitoring.laplace_mechanism([5.0, 7.0], sensitivity=1, epsilon=1, seed=11)
    c = monitoring.laplace_mechanism([5.0, 7.0], sensitivity=1, epsilon=1, seed=12)
    assert np.array_equal(a, b) and not np.array_equal(a, c) and a[0] != a[1] - 2
    d = monitoring.laplace_mechanism([5.0, 7.0], sensitivity=1, epsilon=1, rng=np.random.default_rng(11))
    assert np.array_equal(a, d)
    assert isinstance(monitoring.laplace_mechanism(3, sensitivity=1, epsilon=1, seed=0), float)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(sensitivity=1, epsilon=0), "epsilon"),
        (dict(sensitivity=1, epsilon=-1), "epsilon"),
        (dict(sensitivity=0, epsilon=1), "sensitivity"),
        (dict(sensitivity=1, epsilon=1, seed=1, rng=np.random.default_rng(1)), "not both"),
    ],
)
def test_laplace_rejects_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        monitoring.laplace_mechanism(1.0, **kwargs)


# --- synthetic-data distances ------------------------------------------------------------


def test_column_distances_match_scipy_and_hand_tvd():
    rng = np.random.default_rng(8)
    real = pd.DataFrame(
        {"x": rng.normal(0, 1, 500), "c": rng.choice(["a", "b"], 500, p=[0.7, 0.3]), "flag": rng.random(500) < 0.5}
    )
    synthetic = pd.DataFrame(
        {
            "x": rng.normal(0.3, 1, 300),
            "c": rng.choice(["a", "b", "z"], 300, p=[0.5, 0.3, 0.2]),
            "flag": rng.random(300) < 0.2,
        }
    )
    table = monitoring.column_distances(real, synthetic)
    assert list(table.index) == ["x", "c", "flag"]
    assert list(table["kind"]) == ["numeric", "categorical", "categorical"]
    assert table.loc["x", "distance"] == pytest.approx(stats.ks_2samp(real["x"], synthetic["x"]).statistic)
    p, q = real["c"].value_counts(normalize=True), synthetic["c"].value_counts(normalize=True)
    expected = 0.5 * (abs(p["a"] - q["a"]) + abs(p["b"] - q["b"]) + q["z"])
    assert table.loc["c", "distance"] == pytest.approx(expected)
    assert monitoring.column_distances(real, real)["distance"].max() == 0


def test_column_distances_errors():
    real = pd.DataFrame({"x": [1.0, 2.0]})
    with pytest.raises(KeyError, match="y"):
        monitoring.column_distances(real, real, columns=["y"])
    with pytest.raises(ValueError, match="no values"):
        monitoring.column_distances(real, pd.DataFrame({"x": [np.nan]}))


def test_import_monitoring_stays_light():
    code = "import sys, utils.monitoring; print(any(m in sys.modules for m in ('pandas', 'scipy', 'sklearn', 'matplotlib')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False", "import utils.monitoring must not import pandas, scipy, sklearn or matplotlib"
