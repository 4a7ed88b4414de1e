"""The course's plotting style and a few plots every module reuses.

Introduced in module 00-start-here. The colours are the Okabe-Ito palette, which
stays readable for colour-blind learners.
"""

from __future__ import annotations

from pathlib import Path

STYLE_FILE = Path(__file__).with_name("course.mplstyle")
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def use_course_style() -> None:
    """Apply the course's matplotlib style to every later figure."""
    import matplotlib.pyplot as plt

    plt.style.use(STYLE_FILE)


def bar_comparison(scores, *, title: str, xlabel: str = "test accuracy", ax=None, fmt: str = "{:.3f}"):
    """Horizontal bars with the value written on each bar.

    Parameters
    ----------
    scores : mapping of str -> float
        One bar per entry, in the given order (top to bottom).
    title, xlabel : str
        Figure title and x-axis label.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib Axes

    Introduced in module 00-start-here.
    """
    import matplotlib.pyplot as plt

    labels = list(scores)[::-1]
    values = [float(scores[label]) for label in labels]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.5 * len(labels) + 1.2))
    bars = ax.barh(labels, values, color=[PALETTE[i % len(PALETTE)] for i in range(len(labels))][::-1])
    for bar, value in zip(bars, values):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + fmt.format(value), va="center")
    low = min(values)
    ax.set_xlim(
        max(0.0, low - (max(values) - low) * 1.5 - 0.02), min(1.0, max(values) + 0.03) if max(values) <= 1 else None
    )
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return ax


def missing_heatmap(table, *, ax=None, max_rows: int = 400):
    """Show which cells are missing (dark) for the first ``max_rows`` rows.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)

    Introduced in module 01-data-detective.
    """
    import matplotlib.pyplot as plt

    shown = table.head(max_rows).isna().to_numpy()
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    ax.imshow(shown.T, aspect="auto", cmap="Greys", interpolation="nearest", vmin=0, vmax=1)
    ax.set_yticks(range(table.shape[1]), table.columns)
    ax.set_xlabel(f"row (first {min(max_rows, len(table))})")
    ax.set_title("Missing cells (dark)")
    ax.grid(False)
    return ax


def digit_grid(images, *, titles=None, ncols: int = 10, size: float = 0.9):
    """Draw 8x8 digit images in a grid, with an optional title under each.

    Parameters
    ----------
    images : array-like, shape (n_images, 64) or (n_images, 8, 8)
        Pixel intensities (e.g. 0-16 as in scikit-learn's digits); dark = ink.
    titles : sequence of str, optional
        One short caption per image (e.g. "given 7 / model 1").
    ncols : int
        Images per row.
    size : float
        Width of one image in inches.

    Returns
    -------
    matplotlib Figure

    Introduced in module 06-error-analysis.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    pictures = np.asarray(images, dtype=float)
    if pictures.ndim == 2 and pictures.shape[1] == 64:
        pictures = pictures.reshape(-1, 8, 8)
    if pictures.ndim != 3 or pictures.shape[1:] != (8, 8):
        raise ValueError(f"images must have shape (n, 64) or (n, 8, 8); got {np.asarray(images).shape}.")
    if titles is not None and len(titles) != len(pictures):
        raise ValueError(f"got {len(titles)} titles for {len(pictures)} images: give one title per image.")
    n = len(pictures)
    if n == 0:
        raise ValueError("no images to draw: the selection is empty.")
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    # One mosaic drawn with a single imshow: much faster than one subplot per image.
    lines = max(str(title).count("\n") + 1 for title in titles) if titles is not None else 0
    gap, caption = 1, 1.7 * lines  # in pixels: space between images, room for captions
    pitch_x, pitch_y = 8 + gap, 8 + gap + caption
    height = int(np.ceil(nrows * pitch_y))
    mosaic = np.full((height, ncols * pitch_x - gap), np.nan)
    for index, picture in enumerate(pictures):
        row, col = divmod(index, ncols)
        top = int(round(row * pitch_y))
        mosaic[top : top + 8, col * pitch_x : col * pitch_x + 8] = picture
    scale = size / pitch_x  # inches per pixel
    fig, ax = plt.subplots(figsize=(scale * (ncols * pitch_x - gap), scale * height))
    ax.imshow(mosaic, cmap="Greys", vmin=0, vmax=max(16.0, float(np.nanmax(pictures))), interpolation="nearest")
    if titles is not None:
        for index, title in enumerate(titles):
            row, col = divmod(index, ncols)
            ax.text(col * pitch_x + 3.5, round(row * pitch_y) + 7.7, str(title), ha="center", va="top", fontsize=8)
    ax.axis("off")
    return fig


def heatmap(
    table,
    *,
    title: str,
    fmt: str = "{:.2f}",
    ax=None,
    cmap: str = "Blues",
    vmin=None,
    vmax=None,
    xlabel: str | None = None,
    ylabel: str | None = None,
):
    """A table drawn as coloured cells, with each value written in its cell.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_rows, n_columns)
        Numeric values; the index labels the rows, the columns label the columns.
        Missing values are left blank.
    title : str
    fmt : str
        Format of the number in each cell, e.g. ``"{:.0f}"`` for counts.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.
    cmap, vmin, vmax
        Colour map and its range (by default the table's range).
    xlabel, ylabel : str, optional
        Axis labels (by default the names of the columns and the index).

    Returns
    -------
    matplotlib Axes

    Introduced in module 02-red-flags (annotators by week); reused in 03-labeling
    (agreement matrices, confusion between labels).
    """
    import matplotlib.pyplot as plt
    import numpy as np

    values = table.to_numpy(dtype=float)
    if values.ndim != 2 or values.size == 0:
        raise ValueError(f"heatmap needs a non-empty 2-D table, got shape {values.shape}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(0.9 * values.shape[1] + 2.6, 0.45 * values.shape[0] + 1.4))
    finite = values[np.isfinite(values)]
    low = vmin if vmin is not None else (finite.min() if finite.size else 0.0)
    high = vmax if vmax is not None else (finite.max() if finite.size else 1.0)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=low, vmax=high, aspect="auto")
    for (row, column), value in np.ndenumerate(values):
        if np.isfinite(value):
            share = (value - low) / (high - low) if high > low else 0.5
            colour = image.cmap(share)
            dark = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2] < 0.5
            ax.text(
                column, row, fmt.format(value), ha="center", va="center", fontsize=8, color="white" if dark else "black"
            )
    ax.set_xticks(range(values.shape[1]), [str(c) for c in table.columns], rotation=30, ha="right")
    ax.set_yticks(range(values.shape[0]), [str(i) for i in table.index])
    ax.set_xlabel(xlabel if xlabel is not None else (table.columns.name or ""))
    ax.set_ylabel(ylabel if ylabel is not None else (table.index.name or ""))
    ax.set_title(title)
    ax.grid(False)
    return ax
