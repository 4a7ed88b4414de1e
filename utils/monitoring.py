"""Keeping data healthy in production: drift, calibration, private counts, synthetic-data checks.

The drift helpers are introduced in module 09-data-in-production; the calibration, privacy and
synthetic-data helpers in module 10-trustworthy-data. Each helper states its contract
(binning, tie rules, what is floored) so that a learner's hand-written version can
be compared with it number for number:

- ``psi`` and ``psi_bin_edges``: the population stability index with a documented
  binning contract (deciles of the reference); ``ks_test`` wraps
  ``scipy.stats.ks_2samp``; ``drift_table`` computes both per feature per batch and
  ``drift_status`` turns PSI values into stable / warning / alert;
- ``reliability_table`` and ``expected_calibration_error``: reliability bins that match
  ``sklearn.calibration.calibration_curve(strategy="uniform")``, and the ECE;
- ``laplace_mechanism``: epsilon-differentially private release of a numeric query;
- ``column_distances``: per-column distance between a real and a synthetic table
  (KS statistic for numbers, total variation distance for categories).

NumPy is imported at module level (it is light); pandas and SciPy are imported
inside the functions that need them, so ``import utils.monitoring`` stays fast.
"""

from __future__ import annotations

import numpy as np

PSI_WARNING = 0.1
PSI_ALERT = 0.25


def _as_finite_1d(values, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (one value per row); got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty: pass at least one value")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values: drop or impute them before comparing distributions")
    return array


def psi_bin_edges(reference, *, bins: int = 10) -> np.ndarray:
    """Inner bin edges of the PSI binning contract: the reference's quantiles.

    Parameters
    ----------
    reference : array-like of float, shape (n_reference,)
        The baseline sample (usually the training data of one feature).
    bins : int
        Number of quantile bins wanted (10 = deciles).

    Returns
    -------
    numpy.ndarray, shape (n_edges,)
        ``np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1))[1:-1])``: the
        inner edges, sorted. Tied quantiles (a reference with repeated values) merge,
        so there can be fewer than ``bins - 1`` edges and fewer than ``bins`` bins.

    Introduced in module 09-data-in-production.
    """
    if not isinstance(bins, (int, np.integer)) or bins < 2:
        raise ValueError(f"bins must be an integer >= 2; got {bins!r}")
    reference = _as_finite_1d(reference, "reference")
    return np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1))[1:-1])


def psi_shares(values, edges) -> np.ndarray:
    """Share of ``values`` in each bin delimited by the inner ``edges`` (no flooring).

    Bin ``k`` holds ``edges[k-1] <= x < edges[k]`` (``np.searchsorted(edges, x,
    side="right")``); the first bin is open to the left and the last to the right, so
    production values outside the reference's range are counted in the end bins.

    Returns
    -------
    numpy.ndarray, shape (len(edges) + 1,), sums to 1.

    Introduced in module 09-data-in-production.
    """
    values = _as_finite_1d(values, "values")
    index = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")
    return np.bincount(index, minlength=len(edges) + 1) / values.size


def psi(reference, current, *, bins: int = 10, eps: float = 1e-4) -> float:
    """Population stability index of ``current`` against ``reference``.

    ``PSI = sum_k (c_k - r_k) * ln(c_k / r_k)`` over the bins of ``psi_bin_edges``
    (deciles of the reference), where ``r_k`` and ``c_k`` are the shares of each sample
    in bin ``k`` (``psi_shares``), each floored at ``eps`` so an empty bin gives a large
    but finite value (shares are not renormalized after flooring).

    Without empty bins this is the symmetrised Kullback-Leibler divergence
    ``scipy.stats.entropy(c, r) + scipy.stats.entropy(r, c)``.

    Parameters
    ----------
    reference : array-like of float, shape (n_reference,)
        Baseline sample; it alone defines the bins.
    current : array-like of float, shape (n_current,)
        The batch to compare (a week of production data).
    bins : int
        Quantile bins of the reference (10 = deciles).
    eps : float
        Floor for a bin's share, > 0.

    Returns
    -------
    float >= 0. Rule of thumb from credit scoring: < 0.1 stable, 0.1-0.25 moderate
    shift, > 0.25 major shift (``PSI_WARNING``, ``PSI_ALERT``).

    Introduced in module 09-data-in-production.
    """
    if not eps > 0:
        raise ValueError(f"eps must be > 0 (it keeps empty bins finite); got {eps!r}")
    edges = psi_bin_edges(reference, bins=bins)
    expected = np.maximum(psi_shares(reference, edges), eps)
    actual = np.maximum(psi_shares(current, edges), eps)
    return float(np.sum((actual - expected) * np.log(actual / expected)))


def ks_test(reference, current) -> tuple[float, float]:
    """Two-sample Kolmogorov-Smirnov test, ``scipy.stats.ks_2samp``.

    Returns
    -------
    (statistic, pvalue) : tuple of float
        The statistic is the largest gap between the two empirical CDFs (0 to 1), an
        effect size; the p-value shrinks with sample size even for a tiny gap.

    Introduced in module 09-data-in-production.
    """
    from scipy.stats import ks_2samp

    result = ks_2samp(_as_finite_1d(reference, "reference"), _as_finite_1d(current, "current"))
    return float(result.statistic), float(result.pvalue)


def drift_table(reference, production, *, features, batch_column: str = "week", bins: int = 10):
    """PSI and KS of every feature in every production batch against the reference.

    Parameters
    ----------
    reference : pandas.DataFrame, shape (n_reference, n_columns)
        The training data.
    production : pandas.DataFrame, shape (n_production, n_columns)
        All batches, with a column ``batch_column`` naming the batch of each row.
    features : list of str
        Numeric columns to monitor, present in both tables.

    Returns
    -------
    pandas.DataFrame, shape (n_batches * n_features, 6)
        Columns ``batch_column``, ``feature``, ``n``, ``psi``, ``ks_statistic``,
        ``ks_pvalue``; batches sorted ascending, features in the given order.

    Introduced in module 09-data-in-production.
    """
    import pandas as pd

    features = list(features)
    missing = [f for f in features if f not in reference.columns or f not in production.columns]
    if missing:
        raise KeyError(f"features {missing} are not columns of both tables; reference has {list(reference.columns)}")
    if batch_column not in production.columns:
        raise KeyError(
            f"production has no batch column {batch_column!r}; pass batch_column= one of {list(production.columns)}"
        )
    rows = []
    for batch, part in production.groupby(batch_column, sort=True):
        for feature in features:
            statistic, pvalue = ks_test(reference[feature], part[feature])
            rows.append(
                {
                    batch_column: batch,
                    "feature": feature,
                    "n": len(part),
                    "psi": psi(reference[feature], part[feature], bins=bins),
                    "ks_statistic": statistic,
                    "ks_pvalue": pvalue,
                }
            )
    return pd.DataFrame(rows)


def drift_status(psi_values, *, warn: float = PSI_WARNING, alert: float = PSI_ALERT) -> np.ndarray:
    """Label PSI values ``"stable"`` (< warn), ``"warning"`` (warn <= psi < alert) or ``"alert"`` (>= alert).

    Returns
    -------
    numpy.ndarray of str, same shape as ``psi_values``.

    Introduced in module 09-data-in-production.
    """
    if not 0 <= warn < alert:
        raise ValueError(f"need 0 <= warn < alert; got warn={warn}, alert={alert}")
    values = np.asarray(psi_values, dtype=float)
    if np.isnan(values).any():
        raise ValueError("psi_values contains NaN: every batch needs a PSI value before it can be labeled")
    return np.where(values >= alert, "alert", np.where(values >= warn, "warning", "stable"))


def _check_binary(y_true, y_prob) -> tuple[np.ndarray, np.ndarray]:
    true = np.asarray(y_true)
    prob = np.asarray(y_prob, dtype=float)
    if true.ndim != 1 or prob.ndim != 1:
        raise ValueError(
            f"y_true and y_prob must be 1-d (one value per example); got shapes {true.shape} and {prob.shape}. "
            "For predict_proba output, pass the positive class's column: proba[:, 1]"
        )
    if true.shape != prob.shape or true.size == 0:
        raise ValueError(f"y_true and y_prob must have the same, non-zero length; got {true.size} and {prob.size}")
    if not np.isin(true, [0, 1]).all():
        raise ValueError(f"y_true must hold 0/1 labels (1 = positive class); got values {np.unique(true)[:5]}")
    if not ((prob >= 0) & (prob <= 1)).all():
        raise ValueError("y_prob must be probabilities in [0, 1] (NaN is not allowed)")
    return true.astype(float), prob


def reliability_table(y_true, y_prob, *, n_bins: int = 10):
    """Reliability-diagram bins: how often the positive class occurs at each predicted probability.

    Bins are ``n_bins`` equal-width intervals of [0, 1], right-closed: bin ``b`` holds
    ``b/n_bins < p <= (b+1)/n_bins`` and the first bin also holds ``p = 0``. This is the
    binning of ``sklearn.calibration.calibration_curve(strategy="uniform")``, whose two
    arrays equal this table's non-empty rows.

    Parameters
    ----------
    y_true : array-like of {0, 1}, shape (n,)
    y_prob : array-like of float in [0, 1], shape (n,)
        Predicted probability of class 1.

    Returns
    -------
    pandas.DataFrame, shape (n_bins, 6)
        Columns ``lower``, ``upper``, ``count``, ``mean_predicted``,
        ``fraction_positive``, ``gap`` (= fraction_positive - mean_predicted); the last
        three are NaN for empty bins.

    Introduced in module 10-trustworthy-data.
    """
    import pandas as pd

    if not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer; got {n_bins!r}")
    true, prob = _check_binary(y_true, y_prob)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    index = np.searchsorted(edges[1:-1], prob, side="left")
    count = np.bincount(index, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_predicted = np.bincount(index, weights=prob, minlength=n_bins) / count
        fraction_positive = np.bincount(index, weights=true, minlength=n_bins) / count
    return pd.DataFrame(
        {
            "lower": edges[:-1],
            "upper": edges[1:],
            "count": count,
            "mean_predicted": mean_predicted,
            "fraction_positive": fraction_positive,
            "gap": fraction_positive - mean_predicted,
        }
    )


def expected_calibration_error(y_true, y_prob, *, n_bins: int = 10) -> float:
    """Expected calibration error of binary probabilities.

    ``ECE = sum_b (n_b / n) * |fraction_positive_b - mean_predicted_b|`` over the
    non-empty bins of ``reliability_table`` (equal width, right-closed). 0 is perfect;
    it is in the units of probability (0.05 = five percentage points off on average).

    Returns
    -------
    float in [0, 1].

    Introduced in module 10-trustworthy-data.
    """
    table = reliability_table(y_true, y_prob, n_bins=n_bins)
    filled = table[table["count"] > 0]
    return float(np.sum(filled["count"] * filled["gap"].abs()) / filled["count"].sum())


def laplace_mechanism(value, *, sensitivity: float, epsilon: float, seed=None, rng=None):
    """Release ``value`` with Laplace noise of scale ``sensitivity / epsilon`` (epsilon-DP).

    Parameters
    ----------
    value : float or array-like of float, shape (k,)
        The true answer(s): a count, a sum, a histogram. Each entry gets its own
        independent noise.
    sensitivity : float > 0
        The most one person can change the answer (1 for a count; for a histogram over
        disjoint groups, also 1).
    epsilon : float > 0
        The privacy budget: smaller = more private = noisier.
    seed : int, optional
        Seed for ``numpy.random.default_rng``, for reproducible teaching and tests. A
        real release must use unpredictable noise: never publish the seed.
    rng : numpy.random.Generator, optional
        Use this generator instead of a seed (not both).

    Returns
    -------
    float or numpy.ndarray of float, same shape as ``value``.

    Introduced in module 10-trustworthy-data.
    """
    if not (np.isfinite(sensitivity) and sensitivity > 0):
        raise ValueError(f"sensitivity must be a positive number (1 for a count); got {sensitivity!r}")
    if not (np.isfinite(epsilon) and epsilon > 0):
        raise ValueError(f"epsilon must be a positive number (e.g. 0.1 to 5); got {epsilon!r}")
    if seed is not None and rng is not None:
        raise ValueError("pass either seed= or rng=, not both")
    generator = rng if rng is not None else np.random.default_rng(seed)
    true = np.asarray(value, dtype=float)
    noisy = true + generator.laplace(0.0, sensitivity / epsilon, size=true.shape)
    return float(noisy) if noisy.ndim == 0 else noisy


def column_distances(real, synthetic, *, columns=None):
    """How far each column of a synthetic table is from the real one.

    Numeric columns (not booleans): the two-sample Kolmogorov-Smirnov statistic
    (``scipy.stats.ks_2samp``), the largest gap between the two CDFs. Other columns:
    the total variation distance between the category shares, ``0.5 * sum |p - q|``
    over every category seen in either table. Both are in [0, 1]; 0 = same distribution.
    Missing values are dropped per column.

    Parameters
    ----------
    real, synthetic : pandas.DataFrame
    columns : list of str, optional
        Columns to compare (default: every column of ``real``).

    Returns
    -------
    pandas.DataFrame, shape (n_columns, 2)
        Index: the columns; columns ``kind`` ("numeric" or "categorical") and ``distance``.

    Introduced in module 10-trustworthy-data.
    """
    import pandas as pd
    from scipy.stats import ks_2samp

    columns = list(real.columns) if columns is None else list(columns)
    missing = [c for c in columns if c not in real.columns or c not in synthetic.columns]
    if missing:
        raise KeyError(f"columns {missing} are missing from one of the tables: compare tables with the same columns")
    rows = {}
    for column in columns:
        a, b = real[column].dropna(), synthetic[column].dropna()
        if a.empty or b.empty:
            raise ValueError(f"column {column!r} has no values in one of the tables")
        numeric = pd.api.types.is_numeric_dtype(a) and not pd.api.types.is_bool_dtype(a)
        if numeric:
            distance = float(ks_2samp(a.to_numpy(dtype=float), b.to_numpy(dtype=float), method="asymp").statistic)
        else:
            shares = pd.concat(
                [a.astype(str).value_counts(normalize=True), b.astype(str).value_counts(normalize=True)], axis=1
            ).fillna(0.0)
            distance = float(0.5 * (shares.iloc[:, 0] - shares.iloc[:, 1]).abs().sum())
        rows[column] = {"kind": "numeric" if numeric else "categorical", "distance": distance}
    return pd.DataFrame.from_dict(rows, orient="index")
