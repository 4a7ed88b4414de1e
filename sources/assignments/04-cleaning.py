# %% [markdown]
# # 04 · Exercise: cleaning without destroying what matters
#
# You will build, piece by piece, the careful cleaning of the lesson on the triage table:
# standardize spellings and dates, flag impossible values by rule, separate objective errors
# from rare real cases, and route questionable rows through a quarantine. Then you write the
# cleaning log you would hand over with the cleaned table.
#
# - Replace `raise NotImplementedError()` (after `# YOUR CODE HERE`) with your code; keep each
#   function's name and arguments.
# - Run the test cell under each function: its messages tell you what is wrong. When you submit,
#   **hidden tests** run your functions on fresh inputs too, so write the general solution.
# - Your functions must not use the ground truth (`data.load_truth`): the tests use it to grade
#   you, and the hidden tests run on tables it knows nothing about.
# - Answer cells are scored from their **definitions** only (functions, classes, imports and
#   constants): code at the top level of an answer cell, such as a test call or a print, is not
#   run when grading. Try things in your own cells.
# - Before you submit: *Kernel → Restart and run all*.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from utils import data
from utils.quarantine import Quarantine

SEED = 0
vitals = data.load("triage_vitals")  # the raw table, duplicates and all

DEPARTMENTS = ["Emergency", "Cardiology", "Respiratory", "General Medicine"]
ALIASES = {
    "ED": "Emergency",
    "Emergency Dept": "Emergency",
    "Cardio": "Cardiology",
    "Cardiol": "Cardiology",
    "Resp": "Respiratory",
    "Respiratory Med": "Respiratory",
    "Gen Med": "General Medicine",
}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%b %d, %Y"]
PHYSICAL = {
    "age_years": (0, 120),
    "temp_c": (25, 45),
    "heart_rate_bpm": (20, 300),
    "resp_rate_bpm": (4, 70),
    "systolic_bp": (50, 260),
    "diastolic_bp": (20, 160),
    "spo2_pct": (50, 100),
    "glucose_mmol_l": (1, 60),
}
TYPICAL = {
    "age_years": (16, 100),
    "temp_c": (35.0, 40.5),
    "heart_rate_bpm": (45, 150),
    "resp_rate_bpm": (8, 32),
    "systolic_bp": (80, 210),
    "diastolic_bp": (40, 120),
    "spo2_pct": (88, 100),
    "glucose_mmol_l": (3.0, 20.0),
}
vitals.head()


# %% [markdown]
# ## Exercise 1: Standardize category spellings (2 points)
#
# Write `standardize_categories`. Compare spellings after a **normalization**: lower case
# (`str.casefold`), dots removed, runs of whitespace collapsed to one space, leading and trailing
# spaces stripped. Normalize the canonical names and the alias keys the same way. A value whose
# normalized form matches a canonical name or an alias key becomes that canonical name; anything
# else (and a missing value) becomes missing: never guess. Raise a `ValueError` if an alias
# points to a name that is not in `canonical`. Do not modify the input.


# %% nbgrader={"grade": false, "grade_id": "categories-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def standardize_categories(values: pd.Series, canonical: list, aliases: dict) -> pd.Series:
    """Map spelling variants to canonical category names.

    Parameters
    ----------
    values : pandas.Series of str, shape (n,)
        The raw spellings (may contain missing values).
    canonical : list of str
        The allowed category names, spelled as they should appear.
    aliases : dict of str -> str
        Extra spellings (abbreviations) -> canonical name.

    Returns
    -------
    pandas.Series, shape (n,)
        Same index and name as ``values``; each entry a name from ``canonical`` or missing.

    Raises
    ------
    ValueError
        If an alias maps to a name that is not in ``canonical``.
    """

    # contract: normalize = casefold, remove ".", collapse whitespace, strip; unknown -> missing
    ### BEGIN SOLUTION
    def normalize(text):
        return " ".join(str(text).replace(".", "").split()).casefold()

    wrong = [target for target in aliases.values() if target not in canonical]
    if wrong:
        raise ValueError(f"aliases point to names that are not canonical: {sorted(set(wrong))}")
    lookup = {normalize(name): name for name in canonical}
    lookup.update({normalize(alias): target for alias, target in aliases.items()})
    return values.map(lambda value: lookup.get(normalize(value)) if pd.notna(value) else None)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "categories-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: the departments of the triage table come out as the four canonical names."""
departments = standardize_categories(vitals["department"], DEPARTMENTS, ALIASES)
assert isinstance(departments, pd.Series), f"return a pandas Series, not {type(departments).__name__}"
assert departments.index.equals(vitals.index), "keep the index of the input"
assert set(departments.dropna()) <= set(DEPARTMENTS), (
    f"unexpected names: {set(departments.dropna()) - set(DEPARTMENTS)}"
)
assert departments.notna().all(), (
    f"{departments.isna().sum()} departments were not recognized, e.g. "
    f"{list(vitals.loc[departments.isna(), 'department'].unique()[:3])}: did you strip spaces and remove dots?"
)
truth = data.load_truth("triage_vitals")
variants = truth[truth["issue"] == "category_variant"].set_index("record_id")["correct"]
expected = vitals["record_id"].map(variants).fillna(vitals["department"])
wrong = (departments != expected).sum()
assert wrong == 0, (
    f"{wrong} departments differ from the ground truth, e.g. {vitals.loc[departments != expected, 'department'].unique()[:3]}"
)
unknown = standardize_categories(pd.Series(["Dermatology", "cardio"]), DEPARTMENTS, ALIASES)
assert pd.isna(unknown.iloc[0]) and unknown.iloc[1] == "Cardiology", (
    f"got {list(unknown)}: a spelling that matches no name and no alias must become missing (never guess)"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "categories-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: fresh spellings, missing and unknown values, a bad alias table, no mutation."""
### BEGIN HIDDEN TESTS
_values = pd.Series(
    [" gen.  MED ", "Cardiology", "CARDIO.", None, "Dermatology", "E.D.", "respiratory  med"],
    index=[5, 3, 9, 1, 0, 2, 8],
    name="dept",
)
_copy = _values.copy()
_out = standardize_categories(
    _values,
    DEPARTMENTS,
    {"ed": "Emergency", "Cardio": "Cardiology", "GEN MED": "General Medicine", "Respiratory Med": "Respiratory"},
)
pd.testing.assert_series_equal(_values, _copy, obj="the input (it must not change)")
assert list(_out.index) == [5, 3, 9, 1, 0, 2, 8] and _out.name == "dept", "keep the input's index, order and name"
assert list(_out.iloc[[0, 1, 2, 5, 6]]) == [
    "General Medicine",
    "Cardiology",
    "Cardiology",
    "Emergency",
    "Respiratory",
], f"got {list(_out.iloc[[0, 1, 2, 5, 6]])}: normalize the values AND the alias keys (case, dots, spaces)"
assert _out.iloc[3] is None or pd.isna(_out.iloc[3]), "a missing value stays missing"
assert pd.isna(_out.iloc[4]), "an unknown department must become missing, not be kept or guessed"
_colours = standardize_categories(
    pd.Series(["Dark  Red", "dk. red", "navy", "Blue", "teal"]),
    ["Dark Red", "Blue"],
    {"dk red": "Dark Red", "Navy": "Blue"},
)
assert list(_colours.iloc[:4]) == ["Dark Red", "Dark Red", "Blue", "Blue"] and pd.isna(_colours.iloc[4]), list(_colours)
_streets = standardize_categories(
    pd.Series(["STRASSE", "main\tstreet", " Main\n Street.", "Ärzte-Haus", "ÄRZTE-HAUS"]),
    ["Straße", "Main Street", "Ärzte-Haus"],
    {},
)
assert list(_streets) == ["Straße", "Main Street", "Main Street", "Ärzte-Haus", "Ärzte-Haus"], (
    f"got {list(_streets)}: str.casefold() matches 'STRASSE' with 'Straße' (lower() does not), and tabs and "
    "newlines are whitespace too"
)
try:
    standardize_categories(_values, DEPARTMENTS, {"Derm": "Dermatology"})
except ValueError:
    pass
else:
    raise AssertionError("an alias pointing to a name outside `canonical` must raise ValueError")
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 2: Parse dates written in several formats (2 points)
#
# Write `parse_mixed_dates`. Try the formats **in the order given**; the first format that parses
# a value wins. A value that no format parses (or a missing value) becomes `NaT`. Do not let
# pandas guess (`format="mixed"` reads `03/04/2025` as the 4th of March, which is wrong for a
# day-first system). Return a datetime Series with the input's index and name.


# %% nbgrader={"grade": false, "grade_id": "dates-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def parse_mixed_dates(values: pd.Series, formats: list) -> pd.Series:
    """Parse date strings written in several known formats.

    Parameters
    ----------
    values : pandas.Series of str, shape (n,)
    formats : list of str
        ``strftime`` formats such as ``"%d/%m/%Y"``, tried in this order.

    Returns
    -------
    pandas.Series of datetime64, shape (n,)
        Same index and name as ``values``; NaT where no format matches.
    """
    # contract: first matching format wins; no guessing; unparseable -> NaT
    ### BEGIN SOLUTION
    parsed = pd.Series(pd.NaT, index=values.index, name=values.name, dtype="datetime64[ns]")
    for date_format in formats:
        attempt = pd.to_datetime(values, format=date_format, errors="coerce")
        parsed = parsed.where(parsed.notna(), attempt)
    return parsed
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "dates-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: the visit dates of the triage table match the ground truth."""
dates = parse_mixed_dates(vitals["visit_date"], DATE_FORMATS)
assert isinstance(dates, pd.Series) and pd.api.types.is_datetime64_any_dtype(dates), "return a Series of datetimes"
assert dates.index.equals(vitals.index), "keep the index of the input"
truth = data.load_truth("triage_vitals")
rewritten = truth[truth["issue"] == "date_format"].set_index("record_id")["correct"]
expected = pd.to_datetime(
    vitals["record_id"].map(rewritten).fillna(vitals["visit_date"]), format="%Y-%m-%d", errors="coerce"
)
assert dates.isna().sum() == 5, f"expected 5 unreadable dates ('unknown'), got {dates.isna().sum()}"
wrong = (dates.dt.normalize() != expected) & expected.notna()
assert wrong.sum() == 0, (
    f"{wrong.sum()} dates differ from the ground truth, e.g. {list(vitals.loc[wrong, 'visit_date'][:3])}: "
    "is 02/10/2025 the 2nd of October here?"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "dates-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: day-first trap, format order, impossible and missing dates, index kept."""
### BEGIN HIDDEN TESTS
_values = pd.Series(
    ["03/04/2025", "2025-04-03", "4 Mar 2025", "Mar 4, 2025", "31/02/2025", None, "yesterday"],
    index=list("abcdefg"),
    name="when",
)
_out = parse_mixed_dates(_values, DATE_FORMATS)
assert list(_out.index) == list("abcdefg") and _out.name == "when"
_expected = pd.to_datetime(["2025-04-03", "2025-04-03", "2025-03-04", "2025-03-04", None, None, None])
assert all((a == b) or (pd.isna(a) and pd.isna(b)) for a, b in zip(_out, _expected)), f"got {list(_out)}"
_us_first = parse_mixed_dates(pd.Series(["03/04/2025", "13/04/2025"]), ["%m/%d/%Y", "%d/%m/%Y"])
assert list(_us_first) == [pd.Timestamp("2025-03-04"), pd.Timestamp("2025-04-13")], (
    f"got {list(_us_first)}: try the formats in the order given, the first that parses wins"
)
assert parse_mixed_dates(pd.Series([], dtype=object), DATE_FORMATS).empty
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 3: Flag impossible values by rule (2 points)
#
# Write `flag_impossible`: one boolean column per entry of `limits` (in that order), `True` where
# the value lies **outside** `[low, high]` (both bounds are possible values). A missing value is
# not impossible: it is missing. Raise a `KeyError` naming the column if `limits` names a column
# the table does not have. Note that a temperature typed in Fahrenheit is impossible in a
# Celsius column, so it is flagged too (the lesson then converts it).


# %% nbgrader={"grade": false, "grade_id": "impossible-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def flag_impossible(table: pd.DataFrame, limits: dict) -> pd.DataFrame:
    """Which cells lie outside their physically possible range.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)
    limits : dict of str -> (float, float)
        Column -> (lowest possible, highest possible) value, both included.

    Returns
    -------
    pandas.DataFrame of bool, shape (n_rows, len(limits))
        Same index as ``table``, columns in the order of ``limits``.
    """
    # contract: NaN -> False; bounds inclusive; unknown column -> KeyError
    ### BEGIN SOLUTION
    missing = [column for column in limits if column not in table.columns]
    if missing:
        raise KeyError(f"limits name columns the table does not have: {missing}")
    flags = {}
    for column, (low, high) in limits.items():
        values = table[column]
        flags[column] = values.notna() & ((values < low) | (values > high))
    return pd.DataFrame(flags, index=table.index)
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "impossible-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: flag_impossible on the raw triage table finds exactly the planted impossible cells."""
flags = flag_impossible(vitals, PHYSICAL)
assert isinstance(flags, pd.DataFrame) and list(flags.columns) == list(PHYSICAL), "one column per limit, in order"
assert flags.index.equals(vitals.index) and flags.dtypes.eq(bool).all(), "a boolean table with the input's index"
edges = flag_impossible(pd.DataFrame({"x": [0, 10, 11, -1]}), {"x": (0, 10)})["x"].tolist()
assert edges == [False, False, True, True], f"limits (0, 10) on [0, 10, 11, -1] gave {edges}: both bounds are possible"
truth = data.load_truth("triage_vitals")
planted = truth[truth["issue"].isin(["impossible_value", "unit_error"])]
for column in PHYSICAL:
    expected = set(planted.loc[planted["column"] == column, "record_id"])
    found = set(vitals.loc[flags[column], "record_id"])
    assert found == expected, (
        f"{column}: {len(found - expected)} flagged that are possible, {len(expected - found)} missed. "
        "Are missing values counted as impossible?"
    )

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "impossible-hidden", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: inclusive bounds, missing values, column order, unknown column."""
### BEGIN HIDDEN TESTS
_t = pd.DataFrame({"a": [0.0, 10.0, -0.1, np.nan, 10.1], "b": [5, 5, 5, 5, 99], "c": ["x"] * 5}, index=[4, 3, 2, 1, 0])
_f = flag_impossible(_t, {"b": (0, 50), "a": (0, 10)})
assert list(_f.columns) == ["b", "a"] and list(_f.index) == [4, 3, 2, 1, 0]
assert list(_f["a"]) == [False, False, True, False, True], (
    f"got {list(_f['a'])}: bounds are included, NaN is not impossible"
)
assert list(_f["b"]) == [False, False, False, False, True]
try:
    flag_impossible(_t, {"zzz": (0, 1)})
except KeyError as _error:
    assert "zzz" in str(_error), "name the unknown column in the error"
else:
    raise AssertionError("a limit on a column the table lacks must raise KeyError")
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 4: Separate objective errors from rare real cases (3 points)
#
# Write `triage_rows`, which labels each row:
#
# - `"error"`: the row holds an objective error: any value outside its **physical** range, or a
#   diastolic pressure *above* the systolic one (when the table has columns `systolic_bp` and
#   `diastolic_bp`);
# - `"review"`: no error, but some value outside its **typical** range: it may be a rare real
#   case or a plausible-looking typo, and a person must look at it;
# - `"ok"`: everything else. Missing values never make a row an error or a review.
#
# Reuse `flag_impossible`. The visible test grades your labels by precision and recall against
# the ground truth, and checks that **no rare real case is labelled an error**.


# %% nbgrader={"grade": false, "grade_id": "triage-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def triage_rows(table: pd.DataFrame, physical: dict, typical: dict) -> pd.Series:
    """Label each row "error", "review" or "ok".

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)
    physical : dict of str -> (float, float)
        Physically possible range per column (outside: objective error).
    typical : dict of str -> (float, float)
        Typical range per column (outside but possible: needs review).

    Returns
    -------
    pandas.Series of str, shape (n_rows,)
        Same index as ``table``.
    """
    # contract: error beats review beats ok; swapped blood pressure is an error; NaN never counts
    ### BEGIN SOLUTION
    error = flag_impossible(table, physical).any(axis=1)
    if {"systolic_bp", "diastolic_bp"} <= set(table.columns):
        error = error | (table["diastolic_bp"] > table["systolic_bp"])
    review = flag_impossible(table, typical).any(axis=1) & ~error
    labels = pd.Series("ok", index=table.index, dtype=object)
    labels[review] = "review"
    labels[error] = "error"
    return labels
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "triage-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: precision and recall of "error" and "review" against the ground truth; rare cases are never errors."""
labels = triage_rows(vitals, PHYSICAL, TYPICAL)
assert isinstance(labels, pd.Series) and labels.index.equals(vitals.index), "return a Series with the table's index"
assert set(labels.unique()) <= {"error", "review", "ok"}, f"labels must be error/review/ok, got {set(labels.unique())}"
truth = data.load_truth("triage_vitals")
true_errors = vitals["record_id"].isin(
    truth.loc[
        (truth["kind"] == "objective_error") & ~truth["issue"].isin(["exact_duplicate", "digit_swap"]), "record_id"
    ]
)
rare = vitals["record_id"].isin(truth.loc[truth["kind"] == "rare_real", "record_id"])
to_review = rare | vitals["record_id"].isin(truth.loc[truth["issue"] == "digit_swap", "record_id"])
for name, predicted, actual in (("error", labels == "error", true_errors), ("review", labels == "review", to_review)):
    precision = (predicted & actual).sum() / max(predicted.sum(), 1)
    recall = (predicted & actual).sum() / actual.sum()
    print(f"{name}: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95 and recall >= 0.95, (
        f"{name}: precision {precision:.3f}, recall {recall:.3f} (need 0.95 each)"
    )
assert not (rare & (labels == "error")).any(), (
    f"{(rare & (labels == 'error')).sum()} rare real cases labelled as errors: they must be kept"
)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "triage-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: exact labels on a fresh table (priority, boundaries, missing values, swapped pressures)."""
### BEGIN HIDDEN TESTS
_phys = {"hr": (20, 300), "temp": (25, 45), "systolic_bp": (50, 260), "diastolic_bp": (20, 160)}
_typ = {"hr": (45, 150), "temp": (35, 40.5), "systolic_bp": (80, 210), "diastolic_bp": (40, 120)}
_t = pd.DataFrame(
    {
        "hr": [80, 31, 0, 45, np.nan, 200, 80, 150, np.nan, 70, 70],
        "temp": [37, 37, 37, 40.5, 36, 99, 37, 34.9, np.nan, 37, 37],
        "systolic_bp": [120, 120, 120, 120, 120, 120, 80, 120, np.nan, 120, 100],
        "diastolic_bp": [80, 80, 80, 80, 80, 80, 120, 80, 70, 120, 100],
    },
    index=[f"r{i}" for i in range(11)],
)
_expected = ["ok", "review", "error", "ok", "ok", "error", "error", "review", "ok", "ok", "ok"]
_got = triage_rows(_t, _phys, _typ)
assert list(_got.index) == list(_t.index), "keep the table's index"
_bad = [(i, g, e) for i, g, e in zip(_t.index, _got, _expected) if g != e]
assert not _bad, f"(row, got, expected): {_bad}"
_no_bp = triage_rows(_t[["hr", "temp"]], {"hr": (20, 300)}, {"temp": (35, 40.5)})
assert list(_no_bp) == ["ok", "ok", "error", "ok", "ok", "review", "ok", "review", "ok", "ok", "ok"], list(_no_bp)
# On the course data, with the ground truth: nothing rare is lost, nearly every error is found.
_truth = data.load_truth("triage_vitals")
_labels = triage_rows(vitals, PHYSICAL, TYPICAL)
_rare = vitals["record_id"].isin(_truth.loc[_truth["kind"] == "rare_real", "record_id"])
assert (_labels[_rare] == "review").all(), "every rare real case must be sent to review"
_swapped = vitals["record_id"].isin(_truth.loc[_truth["issue"] == "swapped_values", "record_id"])
assert (_labels[_swapped] == "error").all(), "a diastolic above the systolic pressure is an error"
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 5: Quarantine instead of delete (3 points)
#
# Write two functions around `utils.quarantine.Quarantine` (see the lesson):
#
# - `quarantine_rows` sends the rows selected by `mask` to the quarantine (with `reason` and
#   `source`) and returns the **other** rows as a new DataFrame, in the table's order. The input
#   table must not change. `mask` is either a boolean Series whose index holds the table's index
#   labels (matched **by label**, in any order) or a boolean array or list with one entry per row
#   (matched **by position**). If `mask` does not have exactly one entry per row, raise a
#   `ValueError` before anything is quarantined.
# - `apply_review` accepts the entries in `accept_ids`, **rejects every other pending entry**
#   (reviewer `reviewer`), restores the accepted rows into `table`, and returns the result sorted
#   by index.
#
# Together they must never lose a row: after a review, the returned table plus the rejected rows
# are exactly the original table. You can try them on a throwaway quarantine:
# `Quarantine(Path(tempfile.mkdtemp()) / "q.jsonl")`.


# %% nbgrader={"grade": false, "grade_id": "quarantine-answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def quarantine_rows(table: pd.DataFrame, mask, quarantine: Quarantine, *, reason: str, source: str) -> pd.DataFrame:
    """Move the rows selected by `mask` to `quarantine`; return the remaining rows.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)
    mask : boolean pandas.Series (index of `table`, matched by label) or boolean array/list, shape (n_rows,)
    quarantine : utils.quarantine.Quarantine
    reason, source : str
        Stored with each quarantined row.

    Returns
    -------
    pandas.DataFrame, shape (n_rows - mask.sum(), n_columns)
        The rows not selected, in the table's order.

    Raises
    ------
    ValueError
        If `mask` does not have one entry per row (nothing is quarantined then).
    """
    ### BEGIN SOLUTION
    if len(mask) != len(table):
        raise ValueError(f"mask has {len(mask)} entries but the table has {len(table)} rows")
    if isinstance(mask, pd.Series):
        mask = mask.reindex(table.index)
        if mask.isna().any():
            raise ValueError("the mask's index does not hold every index label of the table")
    mask = np.asarray(mask, dtype=bool)
    quarantine.add(table.loc[mask], reason=reason, source=source)
    return table.loc[~mask].copy()
    ### END SOLUTION


def apply_review(table: pd.DataFrame, quarantine: Quarantine, accept_ids, *, reviewer: str) -> pd.DataFrame:
    """Accept `accept_ids`, reject the other pending entries, restore accepted rows.

    Parameters
    ----------
    table : pandas.DataFrame
        The table the rows were quarantined from (without them).
    quarantine : utils.quarantine.Quarantine
    accept_ids : list of str
        Entry ids to accept (see ``quarantine.entries()``).
    reviewer : str

    Returns
    -------
    pandas.DataFrame
        ``table`` plus the accepted rows, sorted by index.
    """
    ### BEGIN SOLUTION
    accept_ids = list(accept_ids)
    if accept_ids:
        quarantine.accept(accept_ids, reviewer=reviewer)
    others = [entry for entry in quarantine.entries("pending")["id"] if entry not in set(accept_ids)]
    if others:
        quarantine.reject(others, reviewer=reviewer)
    return quarantine.restore(table).sort_index()
    ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "quarantine-visible", "locked": true, "points": 1.0, "schema_version": 3, "solution": false, "task": false}
"""Visible test: a quarantine round trip on the triage table loses no row and restores rows exactly."""
review_queue = Quarantine(Path(tempfile.mkdtemp()) / "visible.jsonl")
slow_heart = vitals["heart_rate_bpm"].between(20, 44)
rest = quarantine_rows(vitals, slow_heart, review_queue, reason="heart rate below 45", source="triage_vitals")
assert len(rest) == len(vitals) - slow_heart.sum(), (
    f"expected {len(vitals) - slow_heart.sum()} rows left, got {len(rest)}"
)
assert len(review_queue) == slow_heart.sum(), (
    f"the quarantine should hold {slow_heart.sum()} rows, it holds {len(review_queue)}"
)
assert len(data.load("triage_vitals")) == len(vitals) and len(vitals) == 1224, "the input table must not change"
ids = list(review_queue.entries()["id"])
reviewed = apply_review(rest, review_queue, ids[:3], reviewer="you")
counts = review_queue.counts()
assert counts["pending"] == 0, f"{counts['pending']} entries still pending: reject every entry you do not accept"
assert counts["restored"] == 3 and counts["rejected"] == len(ids) - 3, counts
pd.testing.assert_frame_equal(
    reviewed,
    vitals.drop(index=review_queue.rows("rejected").index),
    obj="table after review (original minus rejected rows, sorted by index)",
)
short_queue = Quarantine(Path(tempfile.mkdtemp()) / "short.jsonl")
try:
    quarantine_rows(vitals, slow_heart.to_numpy()[:-1], short_queue, reason="r", source="s")
except ValueError:
    pass
else:
    raise AssertionError("a mask with one entry too few must raise ValueError (see the exercise text)")
assert len(short_queue) == 0, "nothing may be quarantined when the mask has the wrong length"

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "quarantine-hidden", "locked": true, "points": 2.0, "schema_version": 3, "solution": false, "task": false}
"""Hidden tests: fresh table with several dtypes, array mask, accept none, re-quarantine, nothing lost."""
### BEGIN HIDDEN TESTS
_t = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d", "e", "f"],
        "x": [1.5, np.nan, 3.0, 4.25, 5.0, 6.0],
        "n": [1, 2, 3, 4, 5, 6],
        "when": pd.to_datetime(["2025-01-01"] * 3 + [None] * 3),
    },
    index=[60, 50, 40, 30, 20, 10],
)
_before = _t.copy()
_q = Quarantine(Path(tempfile.mkdtemp()) / "hidden.jsonl")
_rest = quarantine_rows(_t, np.array([True, False, True, False, False, True]), _q, reason="odd", source="toy")
pd.testing.assert_frame_equal(_t, _before, obj="the input table (it must not change)")
assert list(_rest.index) == [50, 30, 20], f"remaining rows: {list(_rest.index)}"
assert len(_q) == 3, f"the quarantine should hold the 3 selected rows, it holds {len(_q)}: use quarantine.add"
assert set(_q.entries()["reasons"]) == {"odd"} and set(_q.entries()["source"]) == {"toy"}, (
    "store the reason and the source"
)
_again = quarantine_rows(_t, _t["id"].isin(["a", "c", "f"]), _q, reason="odd", source="toy")
assert len(_q) == 3, "quarantining the same rows again must not duplicate them (use the Quarantine object)"
pd.testing.assert_frame_equal(_again, _rest)
_accept = [entry for entry in _q.entries()["id"] if entry.endswith(":40")]
_out = apply_review(_rest, _q, _accept, reviewer="tester")
assert list(_out.index) == [20, 30, 40, 50], f"sorted by index with row 40 restored, got {list(_out.index)}"
pd.testing.assert_frame_equal(_out, _t.loc[[20, 30, 40, 50]], obj="restored rows must come back exactly")
assert _q.counts() == {"pending": 0, "accepted": 0, "rejected": 2, "restored": 1}, _q.counts()
assert set(_q.entries("rejected")["reviewer"]) == {"tester"}
_q2 = Quarantine(Path(tempfile.mkdtemp()) / "none.jsonl")
_rest2 = quarantine_rows(_t, _t["n"] > 4, _q2, reason="big", source="toy")
_out2 = apply_review(_rest2, _q2, [], reviewer="tester")
pd.testing.assert_frame_equal(_out2, _t.loc[_t["n"] <= 4].sort_index())
assert _q2.counts()["rejected"] == 2 and len(_q2.rows("rejected")) == 2, "rejected rows stay stored in the quarantine"
_size = _q2.path.stat().st_size
for _short in ([True, False], np.array([True]), pd.Series([True, False, True], index=[60, 50, 40])):
    try:
        quarantine_rows(_t, _short, _q2, reason="r", source="s")
    except ValueError:
        pass
    else:
        raise AssertionError(f"a mask with {len(_short)} entries for 6 rows must raise ValueError")
    assert _q2.path.stat().st_size == _size, "nothing may be quarantined when the mask has the wrong length"
# A Series mask is matched by index label, even when its order differs from the table's.
_q3 = Quarantine(Path(tempfile.mkdtemp()) / "shuffled.jsonl")
_shuffled = pd.Series([True, True, False, False, False, False], index=[10, 20, 30, 40, 50, 60])
_rest3 = quarantine_rows(_t, _shuffled, _q3, reason="by label", source="toy")
assert list(_rest3.index) == [60, 50, 40, 30], (
    f"remaining rows {list(_rest3.index)}: a Series mask selects rows by index label (here 10 and 20), not by position"
)
assert sorted(_q3.rows().index) == [10, 20], sorted(_q3.rows().index)
### END HIDDEN TESTS

# %% [markdown]
# ## Exercise 6 (written): Your cleaning log (3 points)
#
# Write the cleaning log you would hand over with the cleaned triage table, in your own words
# (a Markdown table or a list; 150-300 words). For each step: **what** you did, to **how many**
# rows or cells (use numbers you computed above or in the lesson), and **why**. Then say which
# rows went to the quarantine and what the reviewer should check in each, and name one thing you
# deliberately did **not** do, and why.

# %% [markdown] nbgrader={"grade": true, "grade_id": "cleaning-log", "locked": false, "points": 3.0, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Rubric (3 points).* 1 point: the log covers the objective fixes with counts (duplicates,
# spellings, dates, units, swapped pressures, impossible values set missing) and a reason for
# each, consistent with the data (24 duplicate rows, 60 unit fixes, 24 impossible cells, 12 swaps,
# 441 spellings, 550 re-formatted dates). 1 point: missing values are handled with a stated
# decision and reason (impute + indicator, or drop, justified; notes that glucose is missing
# mostly for patients sent home). 1 point: the quarantine is described (rows outside the typical
# range, about 81 visits; the reviewer checks the chart for a rare condition versus a digit swap;
# rejected rows stay stored), and the answer names something not done with a reason (e.g. no
# outlier deletion, because it removes rare real patients; no guessing of unknown spellings).
# Logs without numbers or without reasons get at most 1 point.
#
# *Example answer.*
#
# | step | what | how many | why |
# |---|---|---|---|
# | duplicates | dropped second copies | 24 rows | identical in every column, record id included |
# | departments | normalized + alias table | 441 cells | 20 spellings of 4 departments; nothing guessed |
# | dates | parsed with 4 explicit formats | 550 cells; 5 "unknown" left missing | dd/mm/yyyy is day first |
# | units | °F to °C; mg/dL to mmol/L | 30 + 30 cells | values impossible in the stated unit, with a known cause |
# | blood pressure | swapped back | 12 visits | diastolic above systolic |
# | impossible | set to missing | 24 cells | outside the physical range, cause unknown (999, monitor off) |
# | missing | median imputation at training time + indicator | 258 visits with a gap | glucose is missing mostly for patients sent home: informative |
# | quarantine | 81 visits outside the typical range | 74 accepted, 7 rejected | reviewer checks the chart: rare condition or digit swap |
#
# Not done: I did not delete statistical outliers (IQR or z-score), because the rare conditions
# (DKA, heart block, hypoxaemia) are exactly those rows and the model needs them.
# ### END SOLUTION
