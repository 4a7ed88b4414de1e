"""Does a data set reflect reality? Coverage, distances to a reference, fingerprints.

Introduced in module 05-representative-data. A coverage checklist ("do we have enough
users aged 55+? enough watch recordings? any winter?") becomes code: a coverage table
per slice against the reference population, a distance between the two distributions
(total variation, chi-square via scipy), the list of under-represented slices, and a
content fingerprint that says whether two copies of a data set are the same data.
"""

from __future__ import annotations

import hashlib
import json


def _as_list(dimensions) -> list[str]:
    if isinstance(dimensions, str):
        return [dimensions]
    dimensions = list(dimensions)
    if not dimensions or not all(isinstance(d, str) for d in dimensions):
        raise ValueError("dimensions must be a column name or a non-empty list of column names")
    return dimensions


def _shares(values, name: str):
    """A float Series of shares (non-negative, summing to 1) from counts or shares."""
    import numpy as np
    import pandas as pd

    series = values.copy() if isinstance(values, pd.Series) else pd.Series(values)
    series = series.astype(float)
    if series.isna().any() or (series < 0).any() or not np.isfinite(series).all():
        raise ValueError(f"{name} must hold non-negative, finite counts or shares (no NaN)")
    total = series.sum()
    if total <= 0:
        raise ValueError(f"{name} sums to {total}: it needs at least one positive count or share")
    return series / total


def coverage_table(table, dimensions, reference=None, *, min_count: int = 30):
    """How many rows each slice has, against a reference population.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)
    dimensions : str or list of str
        Column(s) defining the slices. With several columns, every combination of
        their observed (and reference) values is a slice, including empty ones.
    reference : mapping or pandas.Series, optional
        Slice -> share (or count) in the population the data should reflect. For
        several dimensions, keys are tuples in the order of ``dimensions``. Slices
        the reference lists but the data lacks appear with count 0.
    min_count : int, default 30
        Slices with fewer rows are marked ``thin``.

    Returns
    -------
    pandas.DataFrame, one row per slice
        Columns ``count``, ``share`` (of the rows with no missing dimension value),
        ``thin`` (count < min_count) and, with a reference, ``reference_share`` and
        ``ratio`` (share / reference_share; inf where the reference share is 0).
        Sorted by ``ratio`` then slice with a reference, else by slice.

    Introduced in module 05-representative-data.
    """
    import itertools

    import numpy as np
    import pandas as pd

    columns = _as_list(dimensions)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise KeyError(f"no column {missing} in the table; it has {list(table.columns)}")
    if not isinstance(min_count, (int, np.integer)) or min_count < 0:
        raise ValueError(f"min_count must be a non-negative integer, not {min_count!r}")
    rows = table[columns].dropna()
    counts = rows.value_counts() if len(columns) > 1 else rows[columns[0]].value_counts()
    ref = None
    if reference is not None:
        ref = _shares(pd.Series(reference) if not isinstance(reference, pd.Series) else reference, "reference")
        if len(columns) > 1:
            ref.index = pd.MultiIndex.from_tuples([tuple(key) for key in ref.index], names=columns)
    if len(columns) > 1:
        levels = [
            sorted(set(rows[c].unique()) | (set(ref.index.get_level_values(i)) if ref is not None else set()), key=str)
            for i, c in enumerate(columns)
        ]
        index = pd.MultiIndex.from_tuples(list(itertools.product(*levels)), names=columns)
    else:
        values = set(counts.index) | (set(ref.index) if ref is not None else set())
        index = pd.Index(sorted(values, key=str), name=columns[0])
    result = pd.DataFrame(index=index)
    result["count"] = counts.reindex(index, fill_value=0).astype(int).to_numpy()
    result["share"] = result["count"] / max(len(rows), 1)
    result["thin"] = result["count"] < min_count
    if ref is not None:
        result["reference_share"] = ref.reindex(index, fill_value=0.0).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = result["share"] / result["reference_share"]
        result["ratio"] = ratio.where(result["reference_share"] > 0, np.inf)
        result = result.assign(_key=[str(k) for k in result.index]).sort_values(["ratio", "_key"]).drop(columns="_key")
    return result


def underrepresented(coverage, *, tolerance: float = 0.5, min_count: int | None = None):
    """Slices of a coverage table that fall short of the reference.

    Parameters
    ----------
    coverage : pandas.DataFrame
        The output of ``coverage_table`` with a reference.
    tolerance : float in [0, 1), default 0.5
        A slice is under-represented when its share is below
        ``(1 - tolerance) * reference_share`` (0.5: less than half of its due).
    min_count : int, optional
        Also flag slices with fewer rows than this (even if their share is fine).

    Returns
    -------
    pandas.DataFrame
        The flagged rows of ``coverage``, worst ratio first, with a ``reason`` column.

    Introduced in module 05-representative-data.
    """
    if "reference_share" not in coverage.columns:
        raise ValueError(
            "the coverage table has no reference_share column: build it with coverage_table(..., reference=...)"
        )
    if not 0 <= tolerance < 1:
        raise ValueError(f"tolerance must be in [0, 1), not {tolerance}")
    short = coverage["share"] < (1 - tolerance) * coverage["reference_share"]
    few = coverage["count"] < min_count if min_count is not None else short & False
    flagged = coverage.loc[short | few].copy()
    reasons = []
    for is_short, is_few in zip(short[short | few], few[short | few]):
        parts = (["share below reference"] if is_short else []) + ([f"fewer than {min_count} rows"] if is_few else [])
        reasons.append("; ".join(parts))
    flagged["reason"] = reasons
    return flagged


def total_variation_distance(p, q) -> float:
    """Total variation distance between two discrete distributions.

    Parameters
    ----------
    p, q : pandas.Series or mapping, category -> count or share
        Normalised to shares first; categories missing from one side count as 0.

    Returns
    -------
    float in [0, 1]
        Half the sum of absolute differences of shares: the largest difference in
        probability the two distributions give to any set of categories.

    Introduced in module 05-representative-data.
    """
    import pandas as pd

    p = _shares(pd.Series(p) if not isinstance(p, pd.Series) else p, "p")
    q = _shares(pd.Series(q) if not isinstance(q, pd.Series) else q, "q")
    index = p.index.union(q.index)
    return float(0.5 * (p.reindex(index, fill_value=0) - q.reindex(index, fill_value=0)).abs().sum())


def chi_square_test(counts, reference) -> tuple[float, float]:
    """Chi-square goodness-of-fit test of observed counts against reference shares.

    A thin wrapper of ``scipy.stats.chisquare`` with expected counts
    ``reference_share * total``, aligned by category.

    Parameters
    ----------
    counts : pandas.Series or mapping, category -> count (non-negative)
    reference : pandas.Series or mapping, category -> share (or count)

    Returns
    -------
    (statistic, p_value) : tuple of float

    Raises
    ------
    ValueError
        If a category has rows but a reference share of 0 (the test is undefined).

    Introduced in module 05-representative-data.
    """
    import pandas as pd
    from scipy import stats

    counts = pd.Series(counts) if not isinstance(counts, pd.Series) else counts
    _shares(counts, "counts")
    ref = _shares(pd.Series(reference) if not isinstance(reference, pd.Series) else reference, "reference")
    index = counts.index.union(ref.index)
    observed = counts.reindex(index, fill_value=0).astype(float)
    expected_share = ref.reindex(index, fill_value=0.0)
    impossible = list(index[(expected_share == 0) & (observed > 0)])
    if impossible:
        raise ValueError(
            f"categories {impossible} have rows but a reference share of 0: "
            "the chi-square test is undefined; fix the reference or drop them"
        )
    keep = expected_share > 0
    result = stats.chisquare(observed[keep].to_numpy(), f_exp=(expected_share[keep] * observed.sum()).to_numpy())
    return float(result.statistic), float(result.pvalue)


def _kind(dtype) -> str:
    import pandas as pd
    from pandas.api import types

    if isinstance(dtype, pd.CategoricalDtype):
        return "category"
    if types.is_bool_dtype(dtype):
        return "bool"
    if types.is_integer_dtype(dtype):
        return "int"
    if types.is_float_dtype(dtype):
        return "float"
    if types.is_datetime64_any_dtype(dtype):
        return "datetime"
    return "text"


def _column_cells(series) -> list:
    """Canonical JSON-able form of every cell of one column (None for missing)."""
    import pandas as pd

    kind = _kind(series.dtype)
    cells = []
    for value, missing in zip(series.tolist(), series.isna().tolist()):
        if missing:
            cells.append(None)
        elif kind == "float":
            cells.append(repr(float(value)))
        elif kind in ("int", "bool"):
            cells.append(int(value) if kind == "int" else bool(value))
        elif kind == "datetime":
            cells.append(pd.Timestamp(value).isoformat())
        elif isinstance(value, str):
            cells.append(value)
        else:  # a non-text value in a text column: keep its type apart from the same-looking text
            cells.append([type(value).__name__, repr(value)])
    return cells


def fingerprint(table) -> str:
    """A content fingerprint of a table: the same data gives the same hex string.

    The contract: the fingerprint changes when any cell changes, when a row is added
    or removed (an extra copy of a row counts), when a column is renamed, reordered
    or changes kind (integer, float, text, ...); it does **not** change when rows
    are reordered or the index changes (the index is not data). Text columns give
    the same fingerprint under pandas 2 (object) and pandas 3 (str).

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)

    Returns
    -------
    str
        64 hex characters (sha256); show the first 12 in a changelog.

    Introduced in module 05-representative-data.
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"fingerprint needs a pandas DataFrame, not {type(table).__name__}")
    header = json.dumps([[str(c) for c in table.columns], [_kind(t) for t in table.dtypes]])
    columns = [_column_cells(table.iloc[:, position]) for position in range(table.shape[1])]
    rows = (
        sorted(
            hashlib.sha256(json.dumps(list(row), ensure_ascii=False).encode("utf-8")).hexdigest()
            for row in zip(*columns)
        )
        if columns
        else ["empty"] * len(table)
    )
    digest = hashlib.sha256(header.encode("utf-8"))
    for row in rows:
        digest.update(row.encode("ascii"))
    return digest.hexdigest()
