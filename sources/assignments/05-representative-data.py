# %% [markdown]
# # 05 · Exercise: datasets that reflect reality
#
# You will write the tools of the lesson yourself: a coverage table against a reference, the
# list of under-represented slices, two distances to the reference (checked against scipy), an
# image augmentation with invariants, and a data set fingerprint with a precise contract. Then
# you write a data card.
#
# - Replace `raise NotImplementedError()` (after `# YOUR CODE HERE`) with your code; keep each
#   function's name and arguments.
# - Run the test cell under each function. **Hidden tests** run your functions on fresh inputs
#   when you submit, so write the general solution.
# - Write the functions yourself: `utils.representation` holds the course's versions, and the
#   hidden tests compare your results with them and with scipy.
# - Answer cells are scored from their **definitions only**: functions, classes, imports and
#   constants. Code that computes or prints at the top level of an answer cell does not run when
#   your work is graded, so try things out in a new cell of your own.
# - Before you submit: *Kernel → Restart and run all*.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
import pandas as pd
from sklearn.datasets import load_digits

from utils import data

SEED = 0
study = data.load("activity_study")
reference = data.load("activity_reference")
REFERENCE = {dimension: group.set_index("category")["share"] for dimension, group in reference.groupby("dimension")}
REFERENCE["age_group"]


# %% [markdown]
# ## Exercise 1: Build a coverage table (2 points)
#
# Write `coverage_table` for one dimension. Its index: the reference's categories **in the
# reference's order**, then any category found only in the data (sorted). Columns:
#
# - `count`: rows with that value, an int (0 for a category the data lacks: it must still appear);
# - `share`: count divided by the number of rows whose value is not missing (rows with a missing
#   value count nowhere);
# - `reference_share`: the reference's share (0.0 for a category only the data has);
# - `ratio`: `share / reference_share` (`np.inf` wherever the reference share is 0, even when the
#   count is 0 too).


# %% nbgrader={"grade": false, "grade_id": "coverage-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def coverage_table(table: pd.DataFrame, dimension: str, reference_shares: pd.Series) -> pd.DataFrame:
    """Count, share, reference share and ratio per category of one column.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)
    dimension : str
        The column to audit.
    reference_shares : pandas.Series
        Category -> share in the reference population (sums to 1).

    Returns
    -------
    pandas.DataFrame, shape (n_categories, 4)
        Columns count, share, reference_share, ratio; index as described above.
    """
    # contract: every reference category appears (count 0 if absent); extras appended, sorted
    ### BEGIN SOLUTION
    values = table[dimension].dropna()
    counts = values.value_counts()
    extras = sorted(set(counts.index) - set(reference_shares.index), key=str)
    index = pd.Index(list(reference_shares.index) + extras, name=dimension)
    result = pd.DataFrame(index=index)
    result["count"] = counts.reindex(index, fill_value=0).astype(int)
    result["share"] = result["count"] / max(len(values), 1)
    result["reference_share"] = reference_shares.reindex(index, fill_value=0.0).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        result["ratio"] = np.where(result["reference_share"] > 0, result["share"] / result["reference_share"], np.inf)
    return result
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "coverage-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: the coverage of seasons in the study, including the two seasons it lacks."""
seasons = coverage_table(study, "season", REFERENCE["season"])
assert isinstance(seasons, pd.DataFrame), "return a DataFrame"
assert list(seasons.columns) == ["count", "share", "reference_share", "ratio"], f"columns: {list(seasons.columns)}"
assert list(seasons.index) == list(REFERENCE["season"].index), (
    f"index {list(seasons.index)}: every reference category, in the reference's order (autumn and winter have 0 rows)"
)
assert seasons.loc["winter", "count"] == 0 and seasons.loc["winter", "ratio"] == 0, (
    "a season the data lacks has count 0 and ratio 0"
)
assert np.isclose(seasons["share"].sum(), 1.0), "shares of the data sum to 1"
assert np.isclose(seasons.loc["summer", "ratio"], seasons.loc["summer", "share"] / 0.25), (
    "ratio = share / reference_share"
)
assert pd.api.types.is_integer_dtype(seasons["count"]), f"count is an int column, got {seasons['count'].dtype}"
_small = coverage_table(pd.DataFrame({"g": ["b", "z", None, "y", "a"]}), "g", pd.Series({"a": 0.5, "b": 0.5}))
assert list(_small.index) == ["a", "b", "y", "z"], (
    f"index {list(_small.index)}: the reference's categories first, then those only the data has, sorted"
)
assert np.allclose(_small["share"], 0.25), (
    f"shares {_small['share'].tolist()}: 4 rows have a value (the missing one counts nowhere), so each share is 1/4"
)
assert _small["reference_share"].tolist() == [0.5, 0.5, 0.0, 0.0] and np.isinf(_small.loc["z", "ratio"]), (
    "a category only the data has: reference_share 0.0 and ratio inf"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "coverage-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: a category only the data has, missing values, agreement with utils.representation."""
### BEGIN HIDDEN TESTS
from utils import representation as _rep

_t = pd.DataFrame({"g": ["b", "a", "z", None, "b", "b", "y"]})
_ref = pd.Series({"b": 0.5, "c": 0.3, "a": 0.2})
_cov = coverage_table(_t, "g", _ref)
assert list(_cov.index) == ["b", "c", "a", "y", "z"], f"got {list(_cov.index)}: reference order, then extras sorted"
assert list(_cov["count"]) == [3, 0, 1, 1, 1], list(_cov["count"])
assert np.allclose(_cov["share"], [0.5, 0, 1 / 6, 1 / 6, 1 / 6]), (
    "share is over rows with a value (the missing one is not counted)"
)
assert list(_cov.loc[["y", "z"], "reference_share"]) == [0.0, 0.0] and np.isinf(_cov.loc["y", "ratio"])
_zero = coverage_table(pd.DataFrame({"g": ["a", "a", "b"]}), "g", pd.Series({"a": 0.6, "b": 0.4, "c": 0.0}))
assert np.isinf(_zero.loc["c", "ratio"]) and _zero.loc["c", "count"] == 0, (
    f"a reference category with share 0 and no rows: ratio inf (not NaN), got {_zero.loc['c', 'ratio']}"
)
assert pd.api.types.is_integer_dtype(_cov["count"]), "count is an int column"
_numbers = coverage_table(pd.DataFrame({"g": [3, 1, 1, 2]}), "g", pd.Series({2: 0.5, 1: 0.5}))
assert list(_numbers.index) == [2, 1, 3] and _numbers["count"].tolist() == [1, 2, 1], (
    "categories may be numbers: the reference's order first, then the others"
)
for _dimension in ("age_group", "device", "activity"):
    _mine = coverage_table(study, _dimension, REFERENCE[_dimension])
    _theirs = _rep.coverage_table(study, _dimension, REFERENCE[_dimension]).reindex(_mine.index)
    assert np.allclose(
        _mine[["count", "share", "reference_share", "ratio"]].to_numpy(dtype=float),
        _theirs[["count", "share", "reference_share", "ratio"]].to_numpy(dtype=float),
    ), _dimension
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 2: Find the under-represented slices (2 points)
#
# Write `underrepresented_slices`: given a coverage table (the output of Exercise 1), return the
# list of slices whose share is **below** `(1 - tolerance) * reference_share`, or whose count is
# **below** `min_count`. Order: worst ratio first; equal ratios by slice name.


# %% nbgrader={"grade": false, "grade_id": "slices-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def underrepresented_slices(coverage: pd.DataFrame, *, tolerance: float, min_count: int) -> list:
    """Slices that fall short of the reference.

    Parameters
    ----------
    coverage : pandas.DataFrame
        Columns count, share, reference_share, ratio; one row per slice.
    tolerance : float in [0, 1)
        0.5 flags slices with less than half of their reference share.
    min_count : int
        Slices with fewer rows are flagged as well.

    Returns
    -------
    list
        Index labels of the flagged slices, by ratio ascending, then by label.
    """
    ### BEGIN SOLUTION
    short = coverage["share"] < (1 - tolerance) * coverage["reference_share"]
    few = coverage["count"] < min_count
    flagged = coverage.loc[short | few]
    ordered = sorted(zip(flagged["ratio"], map(str, flagged.index), flagged.index))
    return [label for _, _, label in ordered]
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "slices-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: the under-represented age groups and devices of the study."""
for dimension, expected in (("age_group", ["55+", "35-54"]), ("device", ["watch"])):
    flagged = underrepresented_slices(
        coverage_table(study, dimension, REFERENCE[dimension]), tolerance=0.5, min_count=30
    )
    assert isinstance(flagged, list), f"return a list, not {type(flagged).__name__}"
    assert flagged == expected, f"{dimension}: expected {expected}, got {flagged}"
_cov = pd.DataFrame(
    {"count": [40, 10, 40, 60], "share": [0.2, 0.05, 0.2, 0.55], "reference_share": [0.4, 0.1, 0.4, 0.1]},
    index=["m", "k", "c", "x"],
)
_cov["ratio"] = _cov["share"] / _cov["reference_share"]
assert underrepresented_slices(_cov, tolerance=0.5, min_count=10) == [], (
    "shares of exactly half the reference (ratio 0.5) and a count equal to min_count are not BELOW the limits"
)
assert underrepresented_slices(_cov, tolerance=0.25, min_count=10) == ["c", "k", "m"], (
    f"got {underrepresented_slices(_cov, tolerance=0.25, min_count=10)}: "
    "three slices below 0.75 x their reference share, all with ratio 0.5: equal ratios by slice name"
)
assert underrepresented_slices(_cov, tolerance=0.5, min_count=11) == ["k"], "a count below min_count is flagged"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "slices-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: strict thresholds, min_count alone, tie-break by name, nothing to flag."""
### BEGIN HIDDEN TESTS
_cov = pd.DataFrame(
    {
        "count": [50, 50, 10, 400, 20],
        "share": [0.1, 0.1, 0.02, 0.8, 0.04],
        "reference_share": [0.2, 0.2, 0.04, 0.5, 0.01],
    },
    index=["q", "p", "r", "s", "t"],
)
_cov["ratio"] = _cov["share"] / _cov["reference_share"]
assert underrepresented_slices(_cov, tolerance=0.5, min_count=5) == [], (
    "share exactly half of the reference is not below it"
)
assert underrepresented_slices(_cov, tolerance=0.4, min_count=5) == ["p", "q", "r"], (
    f"got {underrepresented_slices(_cov, tolerance=0.4, min_count=5)}: equal ratios are ordered by name"
)
assert underrepresented_slices(_cov, tolerance=0.5, min_count=20) == ["r"], "count 20 is not below min_count 20; 10 is"
assert underrepresented_slices(_cov, tolerance=0.5, min_count=21) == ["r", "t"], (
    "min_count flags slices whatever their share"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 3: Measure the distance to the reference by hand (3 points)
#
# Write `distribution_distances`, which returns a dict with three floats:
#
# - `"tvd"`: the total variation distance between the data's shares and the reference shares;
# - `"chi2"`: the chi-square statistic, `sum((observed - expected)**2 / expected)` with expected
#   counts `reference_share * total`;
# - `"p_value"`: its p-value, from the chi-square distribution with `k - 1` degrees of freedom
#   (`scipy.stats.chi2.sf` is allowed; `scipy.stats.chisquare` is what the tests compare with).
#
# Align categories by label: `counts` may list them in another order, and a reference category
# missing from `counts` has 0 rows. Raise a `ValueError` if a category has rows but no (or a 0)
# reference share. The tests compare each value with scipy's to a relative tolerance of 1e-6, so a
# tiny p-value must be right to six digits too (not just "close to 0").


# %% nbgrader={"grade": false, "grade_id": "distances-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def distribution_distances(counts: pd.Series, reference_shares: pd.Series) -> dict:
    """Total variation distance and chi-square test of counts against reference shares.

    Parameters
    ----------
    counts : pandas.Series
        Category -> number of rows (non-negative integers).
    reference_shares : pandas.Series
        Category -> share in the reference (sums to 1).

    Returns
    -------
    dict with keys "tvd", "chi2", "p_value" (floats)
    """
    ### BEGIN SOLUTION
    from scipy import stats

    unknown = [c for c in counts.index if counts[c] > 0 and reference_shares.get(c, 0) <= 0]
    if unknown:
        raise ValueError(f"categories {unknown} have rows but no reference share")
    index = reference_shares.index[reference_shares > 0]
    observed = counts.reindex(index, fill_value=0).astype(float)
    total = observed.sum()
    expected = reference_shares[index] * total
    tvd = 0.5 * (observed / total - reference_shares[index]).abs().sum()
    chi2 = float(((observed - expected) ** 2 / expected).sum())
    return {"tvd": float(tvd), "chi2": chi2, "p_value": float(stats.chi2.sf(chi2, len(index) - 1))}
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "distances-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: distances of the study's age groups from the reference, checked against scipy."""
from scipy import stats

result = distribution_distances(study["age_group"].value_counts(), REFERENCE["age_group"])
assert set(result) == {"tvd", "chi2", "p_value"}, f"keys: {set(result)}"
observed = study["age_group"].value_counts()[REFERENCE["age_group"].index]
scipy_result = stats.chisquare(observed, f_exp=REFERENCE["age_group"] * observed.sum())
assert np.isclose(result["chi2"], scipy_result.statistic), (
    f"chi2 {result['chi2']:.2f}, scipy says {scipy_result.statistic:.2f}"
)
assert np.isclose(result["tvd"], 0.4579, atol=1e-3), (
    f"tvd {result['tvd']:.4f}: half the sum of |share - reference share|"
)
assert 0 <= result["p_value"] < 1e-10, "a distance this large is not sampling noise"
assert np.isclose(result["p_value"], scipy_result.pvalue, rtol=1e-6, atol=0), (
    f"p-value {result['p_value']:.4e}, scipy says {scipy_result.pvalue:.4e}: k - 1 degrees of freedom"
)
_reordered = distribution_distances(observed.iloc[::-1], REFERENCE["age_group"])
assert np.isclose(_reordered["chi2"], scipy_result.statistic), (
    "the same counts listed in another order must give the same result: align categories by label"
)
try:
    distribution_distances(pd.Series({"18-34": 5, "90+": 2}), REFERENCE["age_group"])
except ValueError:
    pass
else:
    raise AssertionError("a category with rows but no reference share ('90+') must raise ValueError")

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "distances-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: fresh random counts against scipy, alignment by label, empty categories, bad reference."""
### BEGIN HIDDEN TESTS
from scipy import stats as _stats

_rng = np.random.default_rng(5)
for _k in (2, 3, 6):
    _labels = [f"c{i}" for i in range(_k)]
    _ref = pd.Series(_rng.dirichlet(np.ones(_k)), index=_labels)
    _counts = pd.Series(_rng.integers(1, 200, _k), index=_labels)
    _res = distribution_distances(_counts.iloc[::-1], _ref)
    _sp = _stats.chisquare(_counts.to_numpy(), f_exp=_ref.to_numpy() * _counts.sum())
    assert np.isclose(_res["chi2"], _sp.statistic, rtol=1e-6) and np.isclose(
        _res["p_value"], _sp.pvalue, rtol=1e-6, atol=0
    ), (
        f"k={_k}: got chi2 {_res['chi2']:.3f} p {_res['p_value']:.4f}, scipy {_sp.statistic:.3f} {_sp.pvalue:.4f} "
        "(align categories by label, use counts not shares, k - 1 degrees of freedom)"
    )
    assert np.isclose(_res["tvd"], 0.5 * np.abs(_counts / _counts.sum() - _ref).sum())
_partial = distribution_distances(pd.Series({"a": 30, "b": 10}), pd.Series({"a": 0.5, "b": 0.25, "c": 0.25}))
assert np.isclose(_partial["tvd"], 0.25), (
    f"a reference category missing from the counts has 0 rows: tvd should be 0.25, got {_partial['tvd']}"
)
assert np.isclose(_partial["chi2"], _stats.chisquare([30, 10, 0], f_exp=[20, 10, 10]).statistic)
assert np.isclose(distribution_distances(pd.Series({"a": 50, "b": 50}), pd.Series({"a": 0.5, "b": 0.5}))["tvd"], 0.0)
try:
    distribution_distances(pd.Series({"a": 5, "x": 2}), pd.Series({"a": 1.0}))
except ValueError:
    pass
else:
    raise AssertionError("a category with rows but no reference share must raise ValueError")
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 4: Shift a digit image, with invariants (2 points)
#
# Write `shift_digit`: move the content of a 2-D image `dx` pixels to the **right** (negative:
# left) and `dy` pixels **down** (negative: up). Pixels that move out of the frame are lost (no
# wrap-around); pixels that come in are 0. Return a new array of the same shape and dtype; do not
# modify the input. The tests check these invariants and compare with
# `scipy.ndimage.shift(image, (dy, dx), order=0, cval=0)`.


# %% nbgrader={"grade": false, "grade_id": "shift-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def shift_digit(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """Translate a 2-D image by whole pixels, filling with zeros.

    Parameters
    ----------
    image : numpy.ndarray, shape (height, width)
    dx : int
        Pixels to the right (negative: left).
    dy : int
        Pixels down (negative: up).

    Returns
    -------
    numpy.ndarray, shape (height, width), same dtype as ``image``
    """
    # contract: out[r, c] = image[r - dy, c - dx] where that is inside the frame, else 0
    ### BEGIN SOLUTION
    height, width = image.shape
    out = np.zeros_like(image)
    if abs(dx) >= width or abs(dy) >= height:
        return out
    rows_to = slice(max(dy, 0), height + min(dy, 0))
    rows_from = slice(max(-dy, 0), height + min(-dy, 0))
    cols_to = slice(max(dx, 0), width + min(dx, 0))
    cols_from = slice(max(-dx, 0), width + min(-dx, 0))
    out[rows_to, cols_to] = image[rows_from, cols_from]
    return out
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "shift-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: shifting a digit keeps shape and dtype, moves the ink, and loses nothing when it stays inside."""
digit = load_digits().images[0]
before = digit.copy()
moved = shift_digit(digit, 1, 0)
assert np.array_equal(digit, before), "the input image must not change: work on a new array"
assert isinstance(moved, np.ndarray) and moved.shape == digit.shape and moved.dtype == digit.dtype, (
    "same shape and dtype"
)
assert np.array_equal(moved[:, 1:], digit[:, :-1]) and not moved[:, 0].any(), (
    "dx=1 moves everything one pixel right, column 0 becomes 0"
)
assert np.array_equal(shift_digit(digit, 0, 0), digit) and shift_digit(digit, 0, 0) is not digit, (
    "no shift: an equal copy"
)
assert moved.sum() == digit.sum(), "the 0 digit's last column is empty, so no ink is lost"
assert not shift_digit(digit, 3, 0)[:, :3].any(), (
    "dx=3: the three columns that come in on the left are 0 (pixels pushed out on the right are lost, no wrap-around)"
)
assert shift_digit(digit.astype(int), 0, 1).dtype == int, "an int image stays an int image: same dtype"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "shift-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: agreement with scipy.ndimage.shift, no wrap-around, no mutation, non-square images, big shifts."""
### BEGIN HIDDEN TESTS
from scipy import ndimage as _ndimage

_rng = np.random.default_rng(9)
for _ in range(30):
    _h, _w = (int(_n) for _n in _rng.integers(3, 10, 2))
    _img = _rng.integers(0, 17, (_h, _w)).astype(float)
    _before = _img.copy()
    _dx, _dy = (int(_n) for _n in _rng.integers(-4, 5, 2))
    _expected = _ndimage.shift(_img, (_dy, _dx), order=0, cval=0)
    _got = shift_digit(_img, _dx, _dy)
    assert np.array_equal(_img, _before), "the input image must not change: work on a new array"
    assert np.array_equal(_got, _expected), (
        f"shape {(_h, _w)}, dx={_dx}, dy={_dy}: differs from scipy (wrap-around? swapped axes?)"
    )
    assert _got.sum() <= _img.sum(), "shifting can lose ink at the border, never create it"
_ints = np.arange(12, dtype=np.int64).reshape(3, 4)
assert shift_digit(_ints, -1, 1).dtype == np.int64
assert np.array_equal(shift_digit(_ints, -1, 1), [[0, 0, 0, 0], [1, 2, 3, 0], [5, 6, 7, 0]]), shift_digit(
    _ints, -1, 1
).tolist()
assert not shift_digit(_ints, 4, 0).any() and not shift_digit(_ints, 0, -7).any(), (
    "a shift past the frame leaves an empty image"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 5: Fingerprint a data set (3 points)
#
# Write `fingerprint`, a content hash of a table (return a hex string), with this contract:
#
# - it **does not change** when rows are reordered or the index changes (the index is not data,
#   even when it has the name of a column);
# - it **changes** when any cell changes (a swap of two values between rows too), when a row is
#   added or removed (an extra copy of an existing row counts: two copies are not one), when a
#   column is renamed or the columns are reordered, and when a column's type changes (`1` to `1.0`).
#
# Use `hashlib` (e.g. one hash per row, then a hash of the sorted row hashes plus the column names
# and types); `pandas.util.hash_pandas_object` may help.


# %% nbgrader={"grade": false, "grade_id": "fingerprint-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def fingerprint(table: pd.DataFrame) -> str:
    """Row-order-independent content hash of a table.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)

    Returns
    -------
    str
        A hex digest; equal for equal data, different otherwise (see the contract above).
    """
    ### BEGIN SOLUTION
    import hashlib

    header = repr([(str(column), str(dtype)) for column, dtype in table.dtypes.items()])
    rows = [
        hashlib.sha256(line.encode("utf-8")).hexdigest()
        for line in (repr(tuple(repr(v) for v in row)) for row in table.itertuples(index=False, name=None))
    ]
    digest = hashlib.sha256(header.encode("utf-8"))
    for row in sorted(rows):
        digest.update(row.encode("ascii"))
    return digest.hexdigest()
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "fingerprint-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: the study's fingerprint ignores row order and index, and sees a one-cell edit."""
original = fingerprint(study)
assert isinstance(original, str) and len(original) >= 16, "return a hex string (e.g. a sha256 hexdigest)"
shuffled = study.sample(frac=1, random_state=SEED)
assert fingerprint(shuffled) == original, "reordering rows must not change the fingerprint"
assert fingerprint(shuffled.reset_index(drop=True)) == original, "the index is not data: resetting it changes nothing"
edited = study.copy()
edited.loc[123, "heart_rate_bpm"] += 1
assert fingerprint(edited) != original, "changing one cell must change the fingerprint"
assert fingerprint(pd.concat([study, study.iloc[[0]]])) != original, (
    "an extra copy of a row is a change (two copies are not one)"
)
assert fingerprint(study.rename(columns={"activity": "label"})) != original, "renaming a column is a change"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "fingerprint-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: swaps between rows, duplicate rows, renamed or reordered columns, type changes, determinism."""
### BEGIN HIDDEN TESTS
_t = pd.DataFrame({"a": [1, 2, 3, 4], "b": ["x", "y", "z", "w"], "c": [0.5, 1.5, np.nan, 2.5]})
_fp = fingerprint(_t)
assert fingerprint(_t.copy()) == _fp and fingerprint(pd.DataFrame(_t.to_dict("list"))) == _fp, (
    "equal data, equal fingerprint"
)
_swap = _t.copy()
_swap["a"] = [2, 1, 3, 4]
assert fingerprint(_swap) != _fp, (
    "swapping two values between rows makes different rows (did you hash columns separately?)"
)
_one_more = pd.concat([_t, _t.iloc[[1]]])
_two_more = pd.concat([_t, _t.iloc[[1, 1]]])
assert fingerprint(_one_more) != _fp, "an extra copy of a row must change the fingerprint (did you use a set of rows?)"
assert fingerprint(_two_more) != fingerprint(_one_more) and fingerprint(_two_more) != _fp, (
    "two extra copies differ from one and from none (XOR of row hashes cancels pairs out)"
)
assert fingerprint(_t.iloc[:3]) != _fp, "removing a row changes it"
assert fingerprint(_t.rename(columns={"b": "B"})) != _fp, "renaming a column changes it"
assert fingerprint(_t[["b", "a", "c"]]) != _fp, "reordering columns changes it"
assert fingerprint(_t.assign(a=_t["a"].astype(float))) != _fp, "a type change (1 -> 1.0) changes it"
assert fingerprint(_t.assign(c=_t["c"].fillna(0.0))) != _fp, "filling a missing value changes it"
assert fingerprint(_t.sample(frac=1, random_state=3).set_index("b", drop=False)) == _fp, (
    "row order and index do not count"
)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 6 (written): A data card for the study (3 points)
#
# Write a data card for `activity_study` as you would hand it to the team that deploys the model
# (150-300 words, Markdown). Use numbers you computed above or in the lesson. Cover: **purpose**
# (what it is for, and what not); **composition** (rows, labels, the dimensions that matter);
# **collection** (who, with what, when); **coverage against the reference** (the
# under-represented slices, with numbers, and the distance); **known limitations and
# recommendations** (what a model trained on it will get wrong, and what data would fix it); and
# how the version is identified.

# %% [markdown] nbgrader={"grade": true, "grade_id": "data-card", "locked": false, "points": 3.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (3 points).* 1 point: purpose and composition are stated with correct numbers (2,400
# windows; four activities; dimensions age group, device, season). 1 point: coverage against the
# reference with numbers: users aged 55+ about 3% of rows against 30% of users, watch about 3%
# against 30%, no autumn or winter windows; a distance (TVD about 0.46 for age group, 0.40 for
# device, 0.5 for season) or the ratio column. 1 point: limitations tied to consequences and a
# concrete recommendation (lowest production accuracy for 55+ on the watch; collect targeted
# windows for those cells and winter, or reweight; augmentation only for the device gap), and the
# version identified by a fingerprint. A card that only lists columns gets at most 1 point.
#
# *Example answer.*
#
# **activity_study, v1.0** (fingerprint `1f58fc5e71e3`). **Purpose**: train the app's activity
# recognizer (resting, walking, running, cycling) from 10-second wrist-sensor windows. Not for
# medical use or for estimating activity levels of populations. **Composition**: 2,400 windows;
# activities 30% resting, 36% walking, 19% running, 15% cycling; five sensor features.
# **Collection**: campus study, spring and summer, mostly students wearing the band-3.
# **Coverage**: against the app's users the study is far off on who and with what: users aged
# 55+ are 3% of windows (30% of users), the watch 3% (30% of users), and there is no autumn or
# winter window (TVD 0.46, 0.40 and 0.50). Labels are close to the reference (TVD 0.05).
# **Limitations**: a model trained on it is least accurate for users aged 55+ and for the watch
# (production accuracy 0.75 for 55+ on the watch against 0.97 for students); skin temperature
# differs in winter. **Recommendations**: collect windows for the 55+ x watch, 55+ x band and
# 35-54 x watch cells and for winter; synthetic watch windows (acceleration x 0.64) are validated
# and may fill the device gap, not the age gap.
# ### END SOLUTION
