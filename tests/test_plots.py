"""utils.plots: the shared figures draw what they are given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from utils import plots  # noqa: E402


def test_heatmap_writes_every_finite_value_and_labels_the_axes():
    table = pd.DataFrame(
        [[0.1, 0.9], [np.nan, 0.5]],
        index=pd.Index(["ana", "ben"], name="annotator"),
        columns=pd.Index(["w1", "w2"], name="week"),
    )
    ax = plots.heatmap(table, title="rates", fmt="{:.1f}")
    texts = sorted(text.get_text() for text in ax.texts)
    assert texts == ["0.1", "0.5", "0.9"], "one label per finite cell, none for NaN"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["w1", "w2"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["ana", "ben"]
    assert ax.get_xlabel() == "week" and ax.get_ylabel() == "annotator" and ax.get_title() == "rates"
    dark_cell = next(text for text in ax.texts if text.get_text() == "0.9")
    assert dark_cell.get_color() == "white", "values on dark cells are written in white"
    plt.close("all")


def test_heatmap_uses_the_given_axes_and_range():
    fig, ax = plt.subplots()
    out = plots.heatmap(pd.DataFrame([[1, 2], [3, 4]]), title="t", fmt="{:.0f}", ax=ax, vmin=0, vmax=10, cmap="Greys")
    assert out is ax and ax.images[0].get_clim() == (0, 10)
    plt.close(fig)


def test_heatmap_rejects_an_empty_table():
    with pytest.raises(ValueError, match="non-empty 2-D"):
        plots.heatmap(pd.DataFrame(), title="empty")
