"""Agreement between annotators, and consensus labels.

Introduced in module 03-labeling. The kappas call the libraries everyone checks against:
Cohen's kappa is ``sklearn.metrics.cohen_kappa_score``; Fleiss' kappa is
``statsmodels.stats.inter_rater.fleiss_kappa`` on the counts from
``statsmodels.stats.inter_rater.aggregate_raters``. In the exercises you implement
them by hand and compare.

Two shapes of input:

- two raters: two 1-D sequences ``a`` and ``b`` of the same length, the labels the
  two gave to the same items, in the same order;
- many raters: a *wide* table ``ratings`` of shape (n_items, n_raters), one row per
  item and one column per annotator (``to_wide`` makes it from the long
  ``item_id, annotator, label`` table that ``utils.labeling.AnnotationLog.label_table``
  and most labeling tools export).

Labels may be strings or integers. The kappas refuse missing labels, mismatched
lengths and data in which only one class occurs (kappa is undefined there: chance
agreement is already 100%), with an error that says what to do.

Example
-------
>>> from utils import agreement
>>> agreement.percent_agreement(["spam", "ham", "spam"], ["spam", "spam", "spam"])
0.6666666666666666
"""

from __future__ import annotations

import math


def _as_list(values, name: str) -> list:
    import numpy as np
    import pandas as pd

    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of labels (a list, array or Series), not a single string.")
    if isinstance(values, pd.DataFrame):
        raise TypeError(
            f"{name} must be one-dimensional (one rater's labels); got a DataFrame. "
            "For many raters use fleiss_kappa or agreement_matrix."
        )
    array = np.asarray(values, dtype=object)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (one label per item); got shape {array.shape}.")
    return array.tolist()


def _is_missing(value) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _check_pair(a, b) -> tuple[list, list]:
    """Validate two raters' labels; return them as lists."""
    a_list, b_list = _as_list(a, "a"), _as_list(b, "b")
    if len(a_list) != len(b_list):
        raise ValueError(
            f"The two raters labeled a different number of items: {len(a_list)} vs {len(b_list)}. "
            "Pass the labels both gave to the same items, in the same order "
            "(e.g. two columns of the wide table from to_wide)."
        )
    if not a_list:
        raise ValueError("No items: a and b are empty.")
    for name, values in (("a", a_list), ("b", b_list)):
        missing = [i for i, value in enumerate(values) if _is_missing(value)]
        if missing:
            raise ValueError(
                f"{name} has {len(missing)} missing labels (NaN/None), e.g. at position {missing[0]}. "
                "Agreement is computed on items both raters labeled: drop the others first "
                "(e.g. wide[[r1, r2]].dropna())."
            )
    _check_types(a_list + b_list, "The labels of a and b")
    return a_list, b_list


def _check_types(values: list, name: str) -> None:
    text = [value for value in values if isinstance(value, str)]
    if text and len(text) != len(values):
        other = next(value for value in values if not isinstance(value, str))
        raise TypeError(
            f"{name} mixes text and non-text labels (e.g. {text[0]!r} and {other!r}), which never "
            "compare equal. Convert them to one type first, e.g. .astype(str)."
        )


def _check_classes(*label_lists) -> None:
    classes = {value for values in label_lists for value in values}
    if len(classes) < 2:
        only = next(iter(classes)) if classes else None
        raise ValueError(
            f"Only one class occurs in the labels ({only!r}), so kappa is undefined: chance "
            "agreement is already 100%. Report percent agreement instead, or compute kappa on "
            "a sample that contains more than one class."
        )


def _check_wide(ratings, *, allow_missing: bool = False):
    """Validate a wide (n_items, n_raters) table; return it as a DataFrame."""
    import numpy as np
    import pandas as pd

    if isinstance(ratings, pd.DataFrame):
        table = ratings
    else:
        array = np.asarray(ratings, dtype=object)
        if array.ndim != 2:
            raise ValueError(
                f"ratings must be 2-D, shape (n_items, n_raters); got shape {array.shape}. "
                "Use to_wide() to turn a long item/annotator/label table into this shape."
            )
        table = pd.DataFrame(array, columns=[f"rater_{j}" for j in range(array.shape[1])])
    if table.shape[1] < 2:
        raise ValueError(f"ratings has {table.shape[1]} rater column(s); agreement needs at least 2.")
    if table.shape[0] == 0:
        raise ValueError("ratings has no items (0 rows).")
    if not allow_missing:
        n_missing = int(table.isna().to_numpy().sum())
        if n_missing:
            raise ValueError(
                f"ratings has {n_missing} missing labels; this measure needs every rater to label "
                "every item. Keep the fully labeled items (ratings.dropna()) or the raters who "
                "labeled everything."
            )
    return table


def percent_agreement(a, b) -> float:
    """Share of items on which two raters gave the same label.

    Introduced in module 03-labeling.

    Parameters
    ----------
    a, b : sequence, shape (n_items,)
        Two raters' labels for the same items, in the same order.

    Returns
    -------
    float in [0, 1]

    Raises
    ------
    ValueError
        Different lengths, no items, or missing labels. (One class is fine here:
        two raters who always say "ok" agree 100%; it is kappa that is undefined.)
    TypeError
        A single string instead of a sequence, or text mixed with numbers ("1" vs 1).
    """
    a_list, b_list = _check_pair(a, b)
    return sum(x == y for x, y in zip(a_list, b_list)) / len(a_list)


def cohens_kappa(a, b) -> float:
    """Cohen's kappa of two raters: agreement corrected for chance.

    ``(p_o - p_e) / (1 - p_e)`` with ``p_o`` the observed agreement and ``p_e`` the
    agreement expected if both labeled at random with their own label frequencies.
    Computed by ``sklearn.metrics.cohen_kappa_score``.

    Introduced in module 03-labeling.

    Parameters
    ----------
    a, b : sequence, shape (n_items,)

    Returns
    -------
    float in [-1, 1]

    Raises
    ------
    ValueError
        Different lengths, no items, missing labels, or a single class overall.
    TypeError
        A single string instead of a sequence, or text mixed with numbers ("1" vs 1).
    """
    from sklearn.metrics import cohen_kappa_score

    a_list, b_list = _check_pair(a, b)
    _check_classes(a_list, b_list)
    return float(cohen_kappa_score(a_list, b_list))


def fleiss_kappa(ratings) -> float:
    """Fleiss' kappa: chance-corrected agreement of many raters on the same items.

    Every item must have the same number of labels (one per rater column). Computed
    by ``statsmodels.stats.inter_rater.fleiss_kappa`` (``method="fleiss"``) on the
    counts table from ``aggregate_raters``.

    Introduced in module 03-labeling.

    Parameters
    ----------
    ratings : pandas.DataFrame or array-like, shape (n_items, n_raters)
        One row per item, one column per rater, no missing labels; n_raters >= 2.

    Returns
    -------
    float (1 = perfect agreement, 0 = chance level, < 0 = worse than chance)

    Raises
    ------
    ValueError
        Not 2-D, fewer than 2 raters, no items, missing labels, or a single class.
    TypeError
        Text mixed with numbers ("1" vs 1).
    """
    import numpy as np
    from statsmodels.stats.inter_rater import aggregate_raters
    from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

    table = _check_wide(ratings)
    values = table.to_numpy(dtype=object)
    _check_types(values.ravel().tolist(), "ratings")
    _check_classes(values.ravel().tolist())
    codes = {value: code for code, value in enumerate(sorted(set(values.ravel().tolist()), key=repr))}
    coded = np.vectorize(codes.__getitem__, otypes=[int])(values)
    counts, _ = aggregate_raters(coded)
    return float(sm_fleiss_kappa(counts, method="fleiss"))


def to_wide(label_table, *, item: str = "item_id", annotator: str = "annotator", label: str = "label"):
    """Turn a long table (one row per item and annotator) into a wide one.

    Introduced in module 03-labeling.

    Parameters
    ----------
    label_table : pandas.DataFrame
        Columns ``item``, ``annotator`` and ``label`` (names configurable), e.g.
        ``AnnotationLog.label_table()`` or ``data.load("support_ticket_labels")``
        with ``item="ticket_id"``.

    Returns
    -------
    pandas.DataFrame, shape (n_items, n_annotators)
        Index: the items (sorted); columns: the annotators (sorted); NaN where an
        annotator did not label an item.

    Raises
    ------
    ValueError
        A missing column, or an annotator with two labels for the same item.
    """
    missing = {item, annotator, label} - set(label_table.columns)
    if missing:
        raise ValueError(
            f"label_table needs the columns {item!r}, {annotator!r}, {label!r}; missing "
            f"{sorted(missing)} (columns are {list(label_table.columns)}). "
            "Pass item=/annotator=/label= to name them."
        )
    repeated = label_table.duplicated([item, annotator], keep=False)
    if repeated.any():
        example = label_table.loc[repeated, [item, annotator]].iloc[0].tolist()
        raise ValueError(
            f"{int(repeated.sum())} rows give a second label to the same (item, annotator), "
            f"e.g. {example}. Keep one label per annotator and item (the latest, after undos: "
            "AnnotationLog.label_table() does that)."
        )
    wide = label_table.pivot(index=item, columns=annotator, values=label)
    wide.columns.name = None
    return wide.sort_index().sort_index(axis=1)


def agreement_matrix(ratings, *, metric: str = "kappa"):
    """Pairwise agreement of every two raters, as a square table.

    Introduced in module 03-labeling.

    Parameters
    ----------
    ratings : pandas.DataFrame, shape (n_items, n_raters)
        Wide table; a pair is compared on the items both labeled (NaN elsewhere is allowed).
    metric : {"kappa", "percent"}
        Cohen's kappa (``cohens_kappa``) or percent agreement (``percent_agreement``).

    Returns
    -------
    pandas.DataFrame, shape (n_raters, n_raters)
        Symmetric; the diagonal is 1.0. NaN for a pair with no item in common or
        (for kappa) a single class on their common items.
    """
    import numpy as np
    import pandas as pd

    if metric not in ("kappa", "percent"):
        raise ValueError(f"metric must be 'kappa' or 'percent', got {metric!r}.")
    table = _check_wide(ratings, allow_missing=True)
    score = cohens_kappa if metric == "kappa" else percent_agreement
    raters = list(table.columns)
    out = pd.DataFrame(np.eye(len(raters)), index=raters, columns=raters)
    for i, first in enumerate(raters):
        for second in raters[i + 1 :]:
            both = table[[first, second]].dropna()
            value = math.nan
            if len(both):
                try:
                    value = score(both[first], both[second])
                except ValueError:  # one class on the common items: kappa undefined
                    value = math.nan
            out.loc[first, second] = out.loc[second, first] = value
    return out


def _vote_counts(row_values: list) -> dict:
    counts: dict = {}
    for value in row_values:
        if not _is_missing(value):
            counts[value] = counts.get(value, 0) + 1
    return counts


def item_agreement(ratings):
    """Per item: the share of its labels that equal its most common label.

    With 4 annotators: 1.0 (4-0), 0.75 (3-1) or 0.5 (2-2 or 2-1-1). Missing labels
    are ignored; an item needs at least one label.

    Introduced in module 03-labeling (routing low-agreement items to a reviewer).

    Parameters
    ----------
    ratings : pandas.DataFrame, shape (n_items, n_raters)

    Returns
    -------
    pandas.Series, shape (n_items,), values in (0, 1], same index as ``ratings``
    """
    import pandas as pd

    table = _check_wide(ratings, allow_missing=True)
    shares = []
    for position, row in enumerate(table.itertuples(index=False)):
        counts = _vote_counts(list(row))
        if not counts:
            raise ValueError(f"Item {table.index[position]!r} has no label at all; drop it first.")
        shares.append(max(counts.values()) / sum(counts.values()))
    return pd.Series(shares, index=table.index, name="agreement")


def majority_vote(ratings, *, priority=None):
    """The most common label of each item, with a stated tie-break.

    Introduced in module 03-labeling.

    Parameters
    ----------
    ratings : pandas.DataFrame, shape (n_items, n_raters)
        Wide table; missing labels are ignored (an item needs at least one label).
    priority : list of column names, optional
        Annotators from most to least trusted (e.g. by accuracy on a gold set). A tie
        goes to the tied label given by the most trusted annotator who gave one of the
        tied labels. Without ``priority``, a tie goes to the tied label that sorts first
        (by ``str``): arbitrary, but reproducible.

    Returns
    -------
    pandas.Series, shape (n_items,), same index as ``ratings``, name "consensus"

    Raises
    ------
    ValueError
        An item with no label, or a ``priority`` that does not list every column.
    """
    import pandas as pd

    table = _check_wide(ratings, allow_missing=True)
    if priority is not None:
        priority = list(priority)
        if sorted(map(str, priority)) != sorted(map(str, table.columns)) or len(priority) != table.shape[1]:
            raise ValueError(
                f"priority must list every annotator column exactly once; got {priority}, "
                f"columns are {list(table.columns)}."
            )
    consensus = []
    for position, (_, row) in enumerate(table.iterrows()):
        counts = _vote_counts(row.tolist())
        if not counts:
            raise ValueError(f"Item {table.index[position]!r} has no label at all; drop it first.")
        top = max(counts.values())
        tied = [value for value, count in counts.items() if count == top]
        if len(tied) == 1:
            consensus.append(tied[0])
        elif priority is None:
            consensus.append(min(tied, key=str))
        else:
            consensus.append(next(row[who] for who in priority if row[who] in tied))
    return pd.Series(consensus, index=table.index, name="consensus")
