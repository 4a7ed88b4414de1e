"""Pool-based active learning: uncertainty scores, batch selection, learning curves.

Introduced in module 07-active-learning. The learner writes the three uncertainty
scores and one round of the loop by hand in the exercises; the lesson then uses
these reference versions to run many loops quickly and checks that the two agree.

Conventions used everywhere in this module:

- ``pred_probs`` has shape (n_items, n_classes); each row sums to 1.
- Every uncertainty score is **higher = more uncertain = ask for this label first**.
- Ties are broken by position: among equal scores, the item that comes first wins,
  so a selection is reproducible.
- Randomness comes in as ``seed``; nothing here touches the global random state.
"""

from __future__ import annotations

STRATEGIES = ("random", "least_confidence", "margin", "entropy")


def _as_probs(pred_probs):
    import numpy as np

    probs = np.asarray(pred_probs, dtype=float)
    if probs.ndim != 2 or probs.shape[1] < 2:
        raise ValueError(
            f"pred_probs must have shape (n_items, n_classes) with n_classes >= 2; "
            f"got shape {probs.shape}. Pass model.predict_proba(X), not model.predict(X)."
        )
    if probs.size and (np.any(probs < -1e-9) or not np.allclose(probs.sum(axis=1), 1.0, atol=1e-6)):
        raise ValueError(
            "each row of pred_probs must be probabilities that sum to 1; "
            "did you pass decision_function scores or log-probabilities?"
        )
    return probs


def least_confidence(pred_probs):
    """Least-confidence uncertainty: ``1 - max_k p_k`` per item.

    Parameters
    ----------
    pred_probs : array-like, shape (n_items, n_classes)

    Returns
    -------
    numpy.ndarray, shape (n_items,)
        In ``[0, 1 - 1/n_classes]``; higher = more uncertain.

    Introduced in module 07-active-learning.
    """
    probs = _as_probs(pred_probs)
    return 1.0 - probs.max(axis=1)


def margin(pred_probs):
    """Margin uncertainty: ``1 - (p_top1 - p_top2)`` per item.

    A small gap between the two most likely classes means the model hesitates
    between them, so the score is one minus that gap (higher = more uncertain).

    Parameters
    ----------
    pred_probs : array-like, shape (n_items, n_classes)

    Returns
    -------
    numpy.ndarray, shape (n_items,)
        In ``[0, 1]``.

    Introduced in module 07-active-learning.
    """
    import numpy as np

    probs = _as_probs(pred_probs)
    top_two = np.sort(probs, axis=1)[:, -2:]
    return 1.0 - (top_two[:, 1] - top_two[:, 0])


def entropy(pred_probs):
    """Entropy uncertainty: ``-sum_k p_k log p_k`` (natural log, ``0 log 0 = 0``).

    Parameters
    ----------
    pred_probs : array-like, shape (n_items, n_classes)

    Returns
    -------
    numpy.ndarray, shape (n_items,)
        In ``[0, log(n_classes)]`` nats; equals ``scipy.stats.entropy(pred_probs, axis=1)``.

    Introduced in module 07-active-learning.
    """
    from scipy.stats import entropy as scipy_entropy

    return scipy_entropy(_as_probs(pred_probs), axis=1)


SCORES = {"least_confidence": least_confidence, "margin": margin, "entropy": entropy}


def select_batch(scores, k: int, *, labeled=None):
    """Positions of the ``k`` highest scores, skipping already labeled positions.

    Parameters
    ----------
    scores : array-like, shape (n_items,)
        Higher = ask first.
    k : int
        Batch size; fewer are returned if fewer unlabeled items are left.
    labeled : array-like of int or bool, optional
        Positions (or a boolean mask of shape (n_items,)) never to return.

    Returns
    -------
    numpy.ndarray of int, shape (min(k, n_unlabeled),)
        Highest score first; equal scores in increasing position.

    Introduced in module 07-active-learning.
    """
    import numpy as np

    values = np.asarray(scores, dtype=float)
    if values.ndim != 1:
        raise ValueError(f"scores must be one score per item, shape (n_items,); got shape {values.shape}.")
    if np.isnan(values).any():
        raise ValueError("scores contain NaN: check the pred_probs they were computed from.")
    if not isinstance(k, (int, np.integer)) or k < 0:
        raise ValueError(f"k must be a non-negative integer batch size, got {k!r}.")
    available = np.ones(len(values), dtype=bool)
    if labeled is not None:
        labeled = np.asarray(labeled)
        if labeled.dtype == bool:
            if labeled.shape != values.shape:
                raise ValueError(f"the labeled mask has shape {labeled.shape}, scores {values.shape}: they must match.")
            available &= ~labeled
        elif labeled.size:
            if labeled.min() < 0 or labeled.max() >= len(values):
                raise ValueError("labeled holds positions outside 0..n_items-1.")
            available[labeled.astype(int)] = False
    candidates = np.flatnonzero(available)
    order = np.lexsort((candidates, -values[candidates]))  # by score descending, then position
    return candidates[order[:k]]


def _rows(X):
    """X as something that can be indexed by a boolean row mask: a sparse matrix in CSR form, else an array."""
    import numpy as np

    if hasattr(X, "tocsr"):  # scipy.sparse, without importing scipy for dense inputs
        return X.tocsr()
    return np.asarray(X)


def run_active_learning(
    X_pool,
    y_pool,
    X_test,
    y_test,
    *,
    strategy: str,
    make_model,
    n_initial: int = 20,
    batch_size: int = 10,
    n_labels: int = 200,
    seed: int = 0,
):
    """Simulate pool-based active learning with an oracle that knows ``y_pool``.

    Start from ``n_initial`` random items (the cold start), then repeatedly fit
    ``make_model()`` on the labeled items, score the rest of the pool with
    ``strategy`` and "ask the oracle" for the top ``batch_size``, until
    ``n_labels`` items are labeled. After each fit, record the accuracy on the test set.

    Parameters
    ----------
    X_pool : array-like or scipy.sparse matrix, shape (n_pool, n_features)
    y_pool : array-like, shape (n_pool,)
        The labels the oracle reveals when asked.
    X_test, y_test : array-like, shapes (n_test, n_features) and (n_test,)
    strategy : {"random", "least_confidence", "margin", "entropy"}
    make_model : callable
        Returns a fresh, unfitted scikit-learn classifier with ``predict_proba``.
    n_initial, batch_size, n_labels : int
        Cold-start size, labels per round, and the budget.
    seed : int
        Seeds the cold start and the random strategy.

    Returns
    -------
    pandas.DataFrame
        One row per round, columns ``n_labels`` and ``accuracy``.

    Notes
    -----
    ``X_pool`` may be a NumPy array or a SciPy sparse matrix (e.g. TF-IDF features). While the
    labeled items hold one class only (a small cold start on imbalanced data), no model can be
    fitted: the accuracy recorded is that of predicting the one class seen, and the next batch
    is drawn at random whatever the strategy.

    Introduced in module 07-active-learning.
    """
    import numpy as np
    import pandas as pd

    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; choose one of {', '.join(STRATEGIES)}.")
    X_pool, y_pool = _rows(X_pool), np.asarray(y_pool)
    if X_pool.shape[0] != len(y_pool):
        raise ValueError(f"X_pool has {X_pool.shape[0]} rows but y_pool has {len(y_pool)} labels.")
    if not 0 < n_initial <= n_labels <= len(y_pool):
        raise ValueError(f"need 0 < n_initial <= n_labels <= pool size; got {n_initial}, {n_labels}, {len(y_pool)}.")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}.")
    rng = np.random.default_rng(seed)
    labeled = np.zeros(len(y_pool), dtype=bool)
    labeled[rng.choice(len(y_pool), size=n_initial, replace=False)] = True
    rows = []
    while True:
        seen = np.unique(y_pool[labeled])
        if len(seen) < 2:  # a cold start with one class only: no model can be fitted yet
            model = None
            accuracy = float(np.mean(np.asarray(y_test) == seen[0]))  # everything gets the one label seen
        else:
            model = make_model().fit(X_pool[labeled], y_pool[labeled])
            accuracy = float(model.score(X_test, y_test))
        rows.append({"n_labels": int(labeled.sum()), "accuracy": accuracy})
        room = n_labels - int(labeled.sum())
        if room <= 0:
            break
        k = min(batch_size, room)
        if strategy == "random" or model is None:  # without a model, uncertainty cannot rank: draw at random
            chosen = rng.choice(np.flatnonzero(~labeled), size=k, replace=False)
        else:
            probs = model.predict_proba(X_pool)
            if probs.shape[1] != len(np.unique(y_pool)):  # a class not seen yet: fill it with zeros
                full = np.zeros((len(y_pool), len(np.unique(y_pool))))
                full[:, np.searchsorted(np.unique(y_pool), model.classes_)] = probs
                probs = full
            chosen = select_batch(SCORES[strategy](probs), k, labeled=labeled)
        labeled[chosen] = True
    return pd.DataFrame(rows)


def learning_curves(
    X_pool,
    y_pool,
    X_test,
    y_test,
    *,
    strategies=STRATEGIES,
    seeds=range(5),
    make_model,
    progress: bool = True,
    **options,
):
    """Run ``run_active_learning`` for every strategy and seed; one long table.

    Parameters
    ----------
    strategies : sequence of str
    seeds : iterable of int
    progress : bool
        Show a tqdm progress bar (on stderr).
    **options
        Passed to ``run_active_learning`` (``n_initial``, ``batch_size``, ``n_labels``).

    Returns
    -------
    pandas.DataFrame
        Columns ``strategy``, ``seed``, ``n_labels``, ``accuracy``.

    Introduced in module 07-active-learning.
    """
    import pandas as pd
    from threadpoolctl import threadpool_limits
    from tqdm.auto import tqdm

    runs = [(strategy, seed) for seed in seeds for strategy in strategies]
    frames = []
    # Hundreds of fits of a small model: one BLAS/OpenMP thread each is much faster than several.
    with threadpool_limits(limits=1):
        for strategy, seed in tqdm(runs, desc="active-learning runs", disable=not progress):
            curve = run_active_learning(
                X_pool, y_pool, X_test, y_test, strategy=strategy, make_model=make_model, seed=seed, **options
            )
            frames.append(curve.assign(strategy=strategy, seed=seed))
    return pd.concat(frames, ignore_index=True)[["strategy", "seed", "n_labels", "accuracy"]]


def labels_to_target(n_labels, accuracy, target: float):
    """The smallest number of labels at which a learning curve reaches ``target``.

    Parameters
    ----------
    n_labels : array-like, shape (n_points,)
        Label counts of the curve, increasing.
    accuracy : array-like, shape (n_points,)
        Accuracy at each count (e.g. averaged over seeds).
    target : float

    Returns
    -------
    float
        The first ``n_labels`` whose accuracy is ``>= target``; ``nan`` if never reached.

    Introduced in module 07-active-learning.
    """
    import numpy as np

    counts, values = np.asarray(n_labels, dtype=float), np.asarray(accuracy, dtype=float)
    if counts.shape != values.shape or counts.ndim != 1:
        raise ValueError(
            f"n_labels and accuracy must be 1-D and of equal length; got {counts.shape} and {values.shape}."
        )
    if np.any(np.diff(counts) <= 0):
        raise ValueError("n_labels must be strictly increasing (sort the curve by n_labels first).")
    reached = np.flatnonzero(values >= target)
    return float(counts[reached[0]]) if reached.size else float("nan")
