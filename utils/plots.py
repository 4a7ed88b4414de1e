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
    ax.set_xlim(max(0.0, low - (max(values) - low) * 1.5 - 0.02), min(1.0, max(values) + 0.03) if max(values) <= 1 else None)
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
