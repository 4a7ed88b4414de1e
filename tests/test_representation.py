"""utils.representation: coverage tables, distances to a reference, fingerprints."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from utils import data
from utils.representation import (
    chi_square_test,
    coverage_table,
    fingerprint,
    total_variation_distance,
    underrepresented,
)


@pytest.fixture
def table():
    return pd.DataFrame(
        {
            "age": ["young"] * 6 + ["old"] * 2,
            "device": ["band", "band", "band", "watch", "band", "band", "band", "band"],
            "y": [1, 0, 1, 0, 1, 1, 0, 0],
        }
    )


def test_coverage_counts_shares_and_empty_reference_slices(table):
    cov = coverage_table(table, "age", {"young": 0.4, "old": 0.4, "middle": 0.2}, min_count=3)
    assert cov.loc["young", "count"] == 6 and cov.loc["old", "count"] == 2 and cov.loc["middle", "count"] == 0
    assert cov.loc["young", "share"] == pytest.approx(0.75)
    assert cov.loc["middle", "ratio"] == 0 and cov.loc["young", "ratio"] == pytest.approx(0.75 / 0.4)
    assert list(cov.index) == ["middle", "old", "young"], "sorted by ratio, worst first"
    assert cov["thin"].tolist() == [True, True, False]


def test_coverage_of_combinations_lists_empty_cells(table):
    cov = coverage_table(table, ["age", "device"])
    assert len(cov) == 4, "every combination of observed values is a slice"
    assert cov.loc[("old", "watch"), "count"] == 0
    assert cov["count"].sum() == len(table)


def test_coverage_with_a_joint_reference_and_an_unexpected_category(table):
    reference = {("young", "band"): 0.25, ("young", "watch"): 0.25, ("old", "band"): 0.25, ("old", "watch"): 0.25}
    cov = coverage_table(table, ["age", "device"], reference)
    assert cov.loc[("old", "watch"), "ratio"] == 0
    extra = coverage_table(table.assign(age=["young"] * 5 + ["alien"] + ["old"] * 2), "age", {"young": 0.5, "old": 0.5})
    assert extra.loc["alien", "reference_share"] == 0 and np.isinf(extra.loc["alien", "ratio"])


def test_coverage_ignores_rows_with_a_missing_dimension():
    cov = coverage_table(pd.DataFrame({"g": ["a", "a", None, "b"]}), "g")
    assert cov["count"].tolist() == [2, 1] and cov["share"].sum() == pytest.approx(1.0)


def test_coverage_bad_inputs(table):
    with pytest.raises(KeyError, match="no column"):
        coverage_table(table, "region")
    with pytest.raises(ValueError, match="dimensions"):
        coverage_table(table, [])
    with pytest.raises(ValueError, match="reference"):
        coverage_table(table, "age", {"young": -1, "old": 2})
    with pytest.raises(ValueError, match="min_count"):
        coverage_table(table, "age", min_count=-1)


def test_underrepresented_uses_tolerance_and_min_count(table):
    cov = coverage_table(table, "age", {"young": 0.5, "old": 0.5})
    # old: share 0.25 vs due 0.5 -> exactly (1 - 0.5) * 0.5: not below, so not flagged at tolerance 0.5
    assert underrepresented(cov, tolerance=0.5).empty
    flagged = underrepresented(cov, tolerance=0.4)
    assert list(flagged.index) == ["old"] and flagged.loc["old", "reason"] == "share below reference"
    both = underrepresented(cov, tolerance=0.4, min_count=3)
    assert both.loc["old", "reason"] == "share below reference; fewer than 3 rows"
    with pytest.raises(ValueError, match="reference_share"):
        underrepresented(coverage_table(table, "age"))
    with pytest.raises(ValueError, match="tolerance"):
        underrepresented(cov, tolerance=1.0)


def test_total_variation_distance_matches_definition():
    rng = np.random.default_rng(3)
    for _ in range(20):
        p, q = rng.random(5), rng.random(5)
        expected = 0.5 * np.abs(p / p.sum() - q / q.sum()).sum()
        assert total_variation_distance(p, q) == pytest.approx(expected)
    assert total_variation_distance({"a": 1}, {"b": 5}) == pytest.approx(1.0), "disjoint supports are 1 apart"
    assert total_variation_distance({"a": 3, "b": 1}, {"a": 0.75, "b": 0.25}) == pytest.approx(0.0)
    with pytest.raises(ValueError):
        total_variation_distance({"a": 0}, {"a": 1})


def test_chi_square_matches_scipy_and_aligns_by_category():
    counts = pd.Series({"b": 30, "a": 50, "c": 20})
    reference = {"a": 0.4, "b": 0.4, "c": 0.2}
    statistic, p_value = chi_square_test(counts, reference)
    expected = stats.chisquare([50, 30, 20], f_exp=[40, 40, 20])
    assert statistic == pytest.approx(expected.statistic) and p_value == pytest.approx(expected.pvalue)
    statistic, _ = chi_square_test({"a": 40, "b": 40}, reference)  # c missing from the data: 0 rows
    assert statistic == pytest.approx(stats.chisquare([40, 40, 0], f_exp=[32, 32, 16]).statistic)
    with pytest.raises(ValueError, match="reference share of 0"):
        chi_square_test({"a": 5, "z": 1}, {"a": 1.0})


def test_fingerprint_contract():
    rng = np.random.default_rng(0)
    base = pd.DataFrame({"x": rng.normal(size=50), "n": rng.integers(0, 9, 50), "s": rng.choice(["p", "q"], 50)})
    fp = fingerprint(base)
    assert len(fp) == 64
    assert fingerprint(base.sample(frac=1, random_state=1)) == fp, "row order is not data"
    assert fingerprint(base.sample(frac=1, random_state=1).reset_index(drop=True)) == fp, "the index is not data"
    changed = base.copy()
    changed.loc[7, "x"] = changed.loc[7, "x"] + 1e-9
    assert fingerprint(changed) != fp, "any cell change must change the fingerprint"
    swapped = base.copy()
    swapped.loc[[0, 1], "n"] = (
        [base.loc[1, "n"], base.loc[0, "n"]] if base.loc[0, "n"] != base.loc[1, "n"] else [99, 98]
    )
    assert fingerprint(swapped) != fp, "swapping values between rows changes the rows"
    assert fingerprint(pd.concat([base, base.iloc[[3]]])) != fp, "an extra copy of a row counts"
    assert fingerprint(pd.concat([base, base.iloc[[3, 3]]])) != fingerprint(pd.concat([base, base.iloc[[3]]]))
    assert fingerprint(base.rename(columns={"x": "X"})) != fp
    assert fingerprint(base[["n", "x", "s"]]) != fp
    assert fingerprint(base.assign(n=base["n"].astype(float))) != fp, "a change of kind (int -> float) is a change"
    assert fingerprint(base.iloc[:0]) != fingerprint(base.iloc[:0].rename(columns={"s": "t"}))
    with_nan = base.assign(x=base["x"].where(base.index != 4))
    assert fingerprint(with_nan) != fp and fingerprint(with_nan) == fingerprint(with_nan.copy())
    with pytest.raises(TypeError):
        fingerprint(base["x"])


def test_fingerprint_keeps_types_apart_in_object_columns():
    mixed = pd.DataFrame({"t": pd.Series([1, "1"], dtype=object)})
    text = pd.DataFrame({"t": pd.Series(["1", "1"], dtype=object)})
    assert fingerprint(mixed) != fingerprint(text)
    assert fingerprint(pd.DataFrame(index=range(3))) != fingerprint(pd.DataFrame(index=range(2)))


def test_fingerprint_same_for_object_and_str_text():
    values = ["a", None, "c"]
    assert fingerprint(pd.DataFrame({"t": pd.Series(values, dtype=object)})) == fingerprint(
        pd.DataFrame({"t": pd.Series(values, dtype="string")})
    )


def test_fingerprint_of_a_loaded_dataset_is_stable():
    first, second = data.load("activity_study"), data.load("activity_study")
    assert fingerprint(first) == fingerprint(second.iloc[::-1])


def test_import_is_light():
    code = "import sys, utils.representation; print(any(m in sys.modules for m in ('pandas', 'scipy', 'sklearn')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
