"""Label data inside a notebook, with an append-only annotation history.

Introduced in module 03-labeling (labeling with a guideline, calibration rounds,
agreement, review of disputed items) and reused in 07-active-learning (label the
items the model asks for) and 08-capstone-spam (relabel suspicious emails).

Two pieces:

``AnnotationLog``
    A CSV file that only ever grows. Every click is one row
    ``item_id, label, annotator, timestamp, action`` written (and flushed) at
    once, so closing the browser or restarting the kernel loses nothing. Undo is
    a row too (``action="undo"``): the history keeps every decision, including
    the ones that were taken back.
``LabelingWidget``
    An ipywidgets panel that shows one item at a time, with one button per label
    plus **Skip** and **Undo**, a progress bar and the item id. It resumes where
    the annotator left off, and in review mode it shows the earlier labels of a
    disputed item under the item.

Skipped items come back after all the other items: the widget first shows every
item the annotator has neither labeled nor skipped (in the order of ``items``),
then the skipped ones again (the one skipped longest ago first). The annotator is
done when every item has a label.

Example
-------
In a notebook cell::

    import pandas as pd
    from utils.labeling import LabelingWidget

    emails = pd.DataFrame({"item_id": [1, 2, 3],
                           "text": ["WIN a FREE cruise!!!", "Lunch at 12?", "Your invoice"]})
    w = LabelingWidget(emails, labels=["spam", "ham"], annotator="ana",
                       log_path="annotations/emails.csv",
                       instructions="Spam = unsolicited bulk mail.")
    w          # shows the widget; click the buttons, or call w.label("spam")

    w.log.current_labels("ana")     # item_id -> label, after undos
    w.log.read()                    # the whole history

``demo()`` builds the same small example. The log never goes into the course's
``datasets/`` folder (which holds the checked, read-only data): keep it next to
your notebook, e.g. under ``annotations/``.

Works with ipywidgets 7.7 (Colab) and 8.x (JupyterLab 4); ipywidgets and pandas
are imported only when a widget or a table is made, so ``import utils.labeling``
stays light.
"""

from __future__ import annotations

import csv
import html
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from utils.append_log import AppendOnlyFile, DamagedLog, writable_path

COLUMNS = ("item_id", "label", "annotator", "timestamp", "action")
ACTIONS = ("label", "skip", "undo")
_RESERVED = ("Skip", "Undo")


class AnnotationFileError(RuntimeError):
    """Raised when a file is not a valid annotation log; the file is left untouched."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _parse_log(text: str) -> list[dict]:
    """The rows of an annotation log's text (all strings); DamagedLog if it is not one."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[dict] = []
    try:
        header = next(reader, None)
        if header is None or tuple(header) != COLUMNS:
            raise DamagedLog(f"its header is {','.join(header or [])!r}")
        for record in reader:
            line = reader.line_num
            if not record:
                continue
            if len(record) != len(COLUMNS):
                raise DamagedLog(f"has {len(record)} fields, expected {len(COLUMNS)}", line)
            row = dict(zip(COLUMNS, record))
            if row["action"] not in ACTIONS:
                raise DamagedLog(f"has action {row['action']!r}, expected one of {ACTIONS}", line)
            if not row["item_id"] or not row["annotator"]:
                raise DamagedLog("has an empty item_id or annotator", line)
            if row["action"] == "label" and not row["label"]:
                raise DamagedLog("is a label row with an empty label", line)
            try:
                datetime.fromisoformat(row["timestamp"])
            except ValueError:
                raise DamagedLog(f"has timestamp {row['timestamp']!r}, not ISO 8601", line) from None
            rows.append(row)
    except csv.Error as error:
        raise DamagedLog(f"it is not a well-formed CSV ({error})") from None
    return rows


def _replay(rows: list[dict]) -> list[dict]:
    """The rows still in force after undos, in file order.

    An ``undo`` row cancels the latest not-yet-undone ``label`` or ``skip`` row of the
    same annotator on the same item; an undo with nothing to cancel changes nothing.
    """
    live: dict[int, dict] = {}
    stacks: dict[tuple[str, str], list[int]] = {}
    for position, row in enumerate(rows):
        key = (row["annotator"], row["item_id"])
        if row["action"] == "undo":
            stack = stacks.get(key)
            if stack:
                del live[stack.pop()]
        else:
            live[position] = row
            stacks.setdefault(key, []).append(position)
    return [live[position] for position in sorted(live)]


class AnnotationLog:
    """An append-only CSV of annotations: one row per label, skip or undo.

    Introduced in module 03-labeling.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file. It need not exist yet; it and its parent folders are created
        on the first write. Paths inside the course's ``datasets/`` folder are refused.
    read_only : bool, default False
        Only read the log (``append`` raises ``PermissionError``); any path is allowed, e.g.
        an example log the course ships in ``datasets/``.

    Raises
    ------
    ValueError
        If ``path`` is inside ``datasets/`` or is a folder.

    Notes
    -----
    The file has the header ``item_id,label,annotator,timestamp,action``. ``label`` is
    empty on ``skip`` and ``undo`` rows; ``timestamp`` is ISO 8601 in UTC. Rows are only
    ever appended. A file that is not such a log (another CSV, a damaged file) raises
    ``AnnotationFileError`` and is never written to.
    """

    def __init__(self, path, *, read_only: bool = False):
        # A read-only log may be one the course ships in datasets/ (an example of decisions).
        self.path = Path(path) if read_only else writable_path(path, example="annotations/my_labels.csv")
        self.read_only = read_only
        self._file = AppendOnlyFile(self.path, parse=_parse_log, damaged=self._error)

    def __repr__(self) -> str:
        return f"AnnotationLog({str(self.path)!r})"

    # -- reading -------------------------------------------------------------------
    def _error(self, problem: str, line: int | None = None) -> AnnotationFileError:
        if line is not None:
            problem = f"line {line} {problem}"
        return AnnotationFileError(
            f"{self.path} is not an annotation log this tool can use: {problem}. "
            f"An annotation log is a CSV with the header {','.join(COLUMNS)}. The file was "
            "left untouched. Pass another path (e.g. log_path='annotations/my_labels.csv'), "
            "or, if this is your own log and it got damaged, move it aside and repair a copy."
        )

    def _rows(self) -> list[dict]:
        """Parse and validate the whole file; a list of row dicts (all strings)."""
        return self._file.read()

    def read(self):
        """The whole history, one row per action, in the order written.

        Returns
        -------
        pandas.DataFrame
            Shape (n_actions, 5), columns ``item_id, label, annotator, timestamp,
            action``, all strings (``label`` is ``""`` on skip and undo rows;
            ``timestamp`` is ISO 8601 UTC: use ``pd.to_datetime`` to compute with it).
            Empty (with these columns) if the file does not exist yet.

        Raises
        ------
        AnnotationFileError
            If the file is not a valid annotation log.
        """
        import pandas as pd

        rows = self._rows()
        return pd.DataFrame({column: [row[column] for row in rows] for column in COLUMNS}, columns=list(COLUMNS))

    def current_labels(self, annotator: str | None = None):
        """The label in force for each item, after applying undos.

        Parameters
        ----------
        annotator : str, optional
            Only this annotator's labels. By default the latest label by anyone.

        Returns
        -------
        pandas.Series
            Index ``item_id`` (strings), values the latest not-undone ``label`` for that
            item; items in order of that label's row. Skipped items are absent.
        """
        import pandas as pd

        latest: dict[str, str] = {}
        for row in _replay(self._rows()):
            if row["action"] == "label" and (annotator is None or row["annotator"] == annotator):
                latest.pop(row["item_id"], None)  # keep the order of the latest label
                latest[row["item_id"]] = row["label"]
        return pd.Series(list(latest.values()), index=pd.Index(list(latest), name="item_id"), name="label")

    def label_table(self):
        """Every annotator's label in force for every item, after undos (long format).

        Returns
        -------
        pandas.DataFrame
            Columns ``item_id, annotator, label``: one row per (item, annotator) pair with a
            label. This is the ``review=`` input of ``LabelingWidget`` and the input of
            ``disputed``.
        """
        import pandas as pd

        latest: dict[tuple[str, str], str] = {}
        for row in _replay(self._rows()):
            if row["action"] == "label":
                key = (row["item_id"], row["annotator"])
                latest.pop(key, None)
                latest[key] = row["label"]
        return pd.DataFrame(
            [(item, who, label) for (item, who), label in latest.items()], columns=["item_id", "annotator", "label"]
        )

    # -- writing -------------------------------------------------------------------
    def append(self, item_id, label, annotator: str, action: str = "label") -> None:
        """Append one row and flush it to disk at once.

        Parameters
        ----------
        item_id : str or int
            The item's id (stored as text).
        label : str or None
            The label; required for ``action="label"``, ignored (stored empty) otherwise.
        annotator : str
            Who made the decision.
        action : {"label", "skip", "undo"}
            ``"undo"`` cancels this annotator's latest not-undone label or skip of ``item_id``.

        Raises
        ------
        ValueError
            For an unknown action, an empty label on a label row, or an empty id or annotator.
        AnnotationFileError
            If the existing file is not a valid annotation log (nothing is written).
        """
        if self.read_only:
            raise PermissionError(f"{self.path} was opened read-only (it is an example log): nothing was written.")
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {ACTIONS}, got {action!r}.")
        item_text = "" if item_id is None else str(item_id)
        if not item_text:
            raise ValueError("item_id must not be empty.")
        if not isinstance(annotator, str) or not annotator.strip():
            raise ValueError(f"annotator must be a non-empty name, got {annotator!r}.")
        label_text = "" if label is None else str(label)
        if action == "label" and not label_text:
            raise ValueError("A label row needs a non-empty label.")
        if action != "label":
            label_text = ""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([item_text, label_text, annotator, _now(), action])
        self._file.append(buffer.getvalue(), header=",".join(COLUMNS) + "\n")


def disputed(label_table):
    """The earlier labels of items on which annotators disagree.

    Introduced in module 03-labeling (routing low-agreement items to a reviewer).

    Parameters
    ----------
    label_table : pandas.DataFrame
        Columns ``item_id, annotator, label``, e.g. ``AnnotationLog.label_table()``.

    Returns
    -------
    pandas.DataFrame
        The rows of ``label_table`` whose item got more than one distinct label, in
        their original order; pass it as ``review=`` to ``LabelingWidget``.
    """
    missing = {"item_id", "annotator", "label"} - set(label_table.columns)
    if missing:
        raise ValueError(f"label_table needs the columns item_id, annotator, label; missing {sorted(missing)}.")
    n_labels = label_table.groupby("item_id")["label"].transform("nunique")
    return label_table[n_labels > 1].reset_index(drop=True)


class Decisions(NamedTuple):
    """What ``learner_decisions`` returns."""

    labels: object  # pandas.Series: item_id (str) -> label (str)
    source: str  # one sentence for the screen: whose decisions these are
    from_learner: bool  # True when they come from the learner's own log


def learner_decisions(log_path, *, example: str, annotator: str = "me", items=None) -> Decisions:
    """The learner's own decisions if they made any, else the course's example decisions.

    Introduced in module 03-labeling; used again in 06-error-analysis and 08-capstone-spam, where
    a result the learner looks at is computed from decisions the learner made in the labeling
    widget. A learner who has not labeled yet (and CI, which cannot click) gets the example log
    the course ships, made by a documented stand-in policy (see its data card), and the returned
    ``source`` says so, to be printed on screen.

    Parameters
    ----------
    log_path : str or pathlib.Path
        The learner's annotation log (written by ``LabelingWidget``); it need not exist.
    example : str
        The registry name of the example annotation log (``utils.data``).
    annotator : str, default "me"
        Whose labels to take from either log.
    items : sequence, optional
        Only decisions on these item ids (compared as text) are returned.

    Returns
    -------
    Decisions
        ``labels`` (pandas.Series, index ``item_id`` as text, the label in force after undos),
        ``source`` (a sentence naming the log used and how many decisions it holds) and
        ``from_learner``.
    """
    from utils import data

    wanted = None if items is None else {str(item) for item in items}

    def _labels(log):
        labels = log.current_labels(annotator)
        return labels if wanted is None else labels[labels.index.isin(wanted)]

    own = _labels(AnnotationLog(log_path))
    if len(own):
        total = f" of {len(wanted)}" if wanted is not None else ""
        return Decisions(own, f"Your decisions: {len(own)}{total} from {log_path}.", True)
    example_labels = _labels(AnnotationLog(data.path(example), read_only=True))
    return Decisions(
        example_labels,
        f"No decisions of yours in {log_path} yet: using the course's example log '{example}' "
        f"({len(example_labels)} decisions by a stand-in policy; its card says how they were made). "
        "Label the items in the widget above and run this cell again to see your own numbers.",
        False,
    )


class LabelingWidget:
    """Label items one at a time in a notebook: a button per label, Skip, Undo.

    Introduced in module 03-labeling; reused in 07-active-learning and 08-capstone-spam.

    Parameters
    ----------
    items : pandas.DataFrame
        Shape (n_items, k): an id column (unique, no missing values) and the content.
    labels : sequence of str
        The label names, one button each (not empty, no duplicates, not "Skip"/"Undo").
    annotator : str
        Who is labeling; stored in every row, and resuming is per annotator.
    log_path : str or pathlib.Path
        The annotation log (CSV, see ``AnnotationLog``); not inside ``datasets/``.
    id_column : str, default "item_id"
        The column of ``items`` that holds the ids.
    text_columns : list of str, optional
        Columns to show for each item; by default all columns but the id.
    render : callable, optional
        ``render(row) -> str``: HTML for an item (``row`` is a pandas Series), used
        instead of ``text_columns``. Its HTML is shown as is.
    review : pandas.DataFrame, optional
        Earlier labels, columns ``item_id, annotator, label`` (e.g. from ``disputed``).
        Review mode: each item is shown with its earlier labels underneath. The widget
        shows the items you pass, so pass the disputed ones.
    instructions : str, optional
        HTML shown above the item (e.g. the short form of the labeling guideline).

    Attributes
    ----------
    log : AnnotationLog
    widget : ipywidgets.VBox
        The whole panel; ``display(w)`` or ending a cell with ``w`` shows it.
    buttons : dict of str to ipywidgets.Button
        One per label, plus ``"Skip"`` and ``"Undo"``.
    item_html, review_html, status_html, progress_html : ipywidgets.HTML
    progress_bar : ipywidgets.IntProgress

    Notes
    -----
    Every click writes one row to the log at once. ``undo`` appends an undo row for
    this annotator's latest label or skip (on these items) and goes back to that item;
    it can be repeated, and works across restarts. Skipped items come back after all
    the others; the annotator is done when every item has a label.
    """

    def __init__(
        self,
        items,
        *,
        labels,
        annotator,
        log_path,
        id_column="item_id",
        text_columns=None,
        render=None,
        review=None,
        instructions=None,
    ):
        import ipywidgets as widgets
        import pandas as pd

        if not isinstance(items, pd.DataFrame):
            raise TypeError(f"items must be a pandas DataFrame, got {type(items).__name__}.")
        if id_column not in items.columns:
            raise ValueError(
                f"items has no id column {id_column!r}; its columns are "
                f"{list(items.columns)}. Pass id_column='<the id column>'."
            )
        ids = items[id_column]
        if ids.isna().any():
            raise ValueError(f"items[{id_column!r}] has {int(ids.isna().sum())} missing ids; every item needs an id.")
        self._ids = [str(value) for value in ids]
        if len(set(self._ids)) != len(self._ids):
            counts = pd.Series(self._ids).value_counts()
            repeated = list(counts[counts > 1].index[:5])
            raise ValueError(
                f"items[{id_column!r}] has duplicate ids (compared as text), e.g. "
                f"{repeated}. Each item needs a unique id: drop or merge the duplicates."
            )
        if isinstance(labels, str):
            raise TypeError(
                f"labels must be a list of label names, e.g. ['spam', 'ham'], not the single string {labels!r}."
            )
        labels = list(labels)
        if not labels:
            raise ValueError("labels is empty: give at least one label name, e.g. ['spam', 'ham'].")
        for label in labels:
            if not isinstance(label, str) or not label.strip():
                raise TypeError(
                    f"Each label must be a non-empty string, got {label!r}. "
                    "Use text labels (e.g. 'spam') and map them to numbers afterwards."
                )
        if len(set(labels)) != len(labels):
            raise ValueError(f"labels has duplicates: {labels}.")
        clash = [label for label in labels if label in _RESERVED]
        if clash:
            raise ValueError(
                f"{clash} cannot be label names: 'Skip' and 'Undo' are the widget's "
                "own buttons. Rename the label (e.g. 'skip-worthy')."
            )
        if not isinstance(annotator, str) or not annotator.strip():
            raise ValueError(f"annotator must be a non-empty name, e.g. 'ana', got {annotator!r}.")
        if render is not None and not callable(render):
            raise TypeError("render must be a function row -> HTML string.")
        if text_columns is None:
            text_columns = [column for column in items.columns if column != id_column]
        else:
            text_columns = list(text_columns)
            unknown = [column for column in text_columns if column not in items.columns]
            if unknown:
                raise ValueError(f"text_columns {unknown} are not columns of items ({list(items.columns)}).")
        self._review: dict[str, list[tuple[str, str]]] | None = None
        if review is not None:
            if not isinstance(review, pd.DataFrame):
                raise TypeError("review must be a DataFrame with columns item_id, annotator, label.")
            missing = {"item_id", "annotator", "label"} - set(review.columns)
            if missing:
                raise ValueError(f"review needs the columns item_id, annotator, label; missing {sorted(missing)}.")
            self._review = {}
            for item, who, label in zip(review["item_id"], review["annotator"], review["label"]):
                self._review.setdefault(str(item), []).append((str(who), str(label)))

        self.items = items.reset_index(drop=True)
        self.labels = labels
        self.annotator = annotator
        self.id_column = id_column
        self.text_columns = text_columns
        self.render = render
        self.log = AnnotationLog(log_path)
        self._position = {item: index for index, item in enumerate(self._ids)}
        self._current: str | None = None

        self.progress_bar = widgets.IntProgress(value=0, min=0, max=max(len(self._ids), 1), description="Progress")
        self.progress_html = widgets.HTML()
        self.item_html = widgets.HTML()
        self.review_html = widgets.HTML()
        self.status_html = widgets.HTML()
        self.buttons = {}
        for label in labels:
            self.buttons[label] = widgets.Button(
                description=label,
                tooltip=f"Label this item {label!r}",
                button_style="primary",
                layout=widgets.Layout(width="auto"),
            )
            self.buttons[label].on_click(self._handler(self.label, label))
        self.buttons["Skip"] = widgets.Button(
            description="Skip",
            tooltip="Decide later: the item comes back at the end",
            layout=widgets.Layout(width="auto"),
        )
        self.buttons["Skip"].on_click(self._handler(self.skip))
        self.buttons["Undo"] = widgets.Button(
            description="Undo",
            tooltip="Take back your last label or skip",
            button_style="warning",
            layout=widgets.Layout(width="auto"),
        )
        self.buttons["Undo"].on_click(self._handler(self.undo))
        parts = []
        if instructions:
            parts.append(widgets.HTML(value=str(instructions)))
        parts += [widgets.HBox([self.progress_bar, self.progress_html]), self.item_html]
        if self._review is not None:
            parts.append(self.review_html)
        parts += [
            widgets.HBox([self.buttons[label] for label in labels]),
            widgets.HBox([self.buttons["Skip"], self.buttons["Undo"]]),
            self.status_html,
        ]
        self.widget = widgets.VBox(parts)

        state = self._state()  # reads and validates the log: a bad file fails here
        self._current = state["next"]
        self._show(state, "")

    # -- state from the log ----------------------------------------------------------
    def _state(self) -> dict:
        mine = [
            row
            for row in _replay(self.log._rows())
            if row["annotator"] == self.annotator and row["item_id"] in self._position
        ]
        labeled: dict[str, str] = {}
        skipped: dict[str, int] = {}
        for order, row in enumerate(mine):
            if row["action"] == "label":
                labeled[row["item_id"]] = row["label"]
            else:
                skipped[row["item_id"]] = order
        waiting = [item for item in self._ids if item not in labeled and item not in skipped]
        if waiting:
            upcoming = waiting[0]
        else:
            again = sorted((order, item) for item, order in skipped.items() if item not in labeled)
            upcoming = again[0][1] if again else None
        return {
            "labeled": labeled,
            "next": upcoming,
            "last": mine[-1] if mine else None,
            "n_skipped": sum(1 for item in skipped if item not in labeled),
        }

    # -- actions (the buttons call exactly these) --------------------------------------
    def label(self, label: str) -> None:
        """Label the current item ``label`` (like clicking its button) and move on.

        Raises
        ------
        ValueError
            If ``label`` is not one of ``labels``.
        RuntimeError
            If every item is already labeled.
        """
        if label not in self.labels:
            raise ValueError(f"Unknown label {label!r}; this widget's labels are {self.labels}.")
        item = self._require_item()
        self.log.append(item, label, self.annotator, action="label")
        state = self._state()
        self._current = state["next"]
        self._show(state, f"Saved <b>{html.escape(label)}</b> for item {html.escape(item)}.")

    def skip(self) -> None:
        """Skip the current item (a ``skip`` row); it comes back after the other items."""
        item = self._require_item()
        self.log.append(item, None, self.annotator, action="skip")
        state = self._state()
        self._current = state["next"]
        self._show(state, f"Skipped item {html.escape(item)}; it comes back at the end.")

    def undo(self) -> None:
        """Take back this annotator's latest label or skip and show that item again.

        Appends an ``undo`` row (nothing is deleted). With nothing to undo, writes
        nothing and says so in the status line.
        """
        state = self._state()
        last = state["last"]
        if last is None:
            self._show(state, "Nothing to undo.")
            return
        self.log.append(last["item_id"], None, self.annotator, action="undo")
        state = self._state()
        self._current = last["item_id"]
        what = f"label {last['label']}" if last["action"] == "label" else "skip"
        self._show(state, f"Undid the {html.escape(what)} of item {html.escape(last['item_id'])}.")

    def _require_item(self) -> str:
        if self._current is None:
            raise RuntimeError("Every item is labeled; nothing to label. Use undo() to go back.")
        return self._current

    def _handler(self, action, *args):
        def on_click(_button):
            try:
                action(*args)
            except Exception as error:  # show it where the annotator looks, not in a log console
                self.status_html.value = (
                    f"<span style='color:#b00020'><b>{type(error).__name__}:</b> {html.escape(str(error))}</span>"
                )

        return on_click

    # -- display ------------------------------------------------------------------------
    @property
    def current_item_id(self):
        """The id shown now (as text), or None when every item is labeled."""
        return self._current

    @property
    def progress(self) -> tuple[int, int]:
        """(number of items this annotator has labeled, number of items)."""
        labeled = self._state()["labeled"]
        return len(labeled), len(self._ids)

    def _item_html(self, item: str) -> str:
        row = self.items.iloc[self._position[item]]
        if self.render is not None:
            body = self.render(row)
            if not isinstance(body, str):
                raise TypeError(f"render(row) must return an HTML string, got {type(body).__name__}.")
        else:
            body = "".join(
                f"<div><b>{html.escape(str(column))}</b>: "
                f"<span style='white-space:pre-wrap'>{html.escape(str(row[column]))}</span></div>"
                for column in self.text_columns
            )
        return f"<div><b>Item {html.escape(item)}</b></div>{body}"

    def _show(self, state: dict, message: str) -> None:
        n_done, n_total = len(state["labeled"]), len(self._ids)
        self.progress_bar.value = n_done
        skipped = f", {state['n_skipped']} skipped" if state["n_skipped"] else ""
        self.progress_html.value = f"{n_done} / {n_total} labeled{skipped}"
        done = self._current is None
        if done:
            self.item_html.value = f"<b>All {n_total} items are labeled.</b> Thank you!"
            self.review_html.value = ""
        else:
            self.item_html.value = self._item_html(self._current)
            if self._review is not None:
                earlier = self._review.get(self._current, [])
                if earlier:
                    rows = "".join(
                        f"<li>{html.escape(who)}: <b>{html.escape(label)}</b></li>" for who, label in earlier
                    )
                    self.review_html.value = f"<div>Earlier labels:<ul>{rows}</ul></div>"
                else:
                    self.review_html.value = "<div>Earlier labels: none.</div>"
        for label in self.labels:
            self.buttons[label].disabled = done
        self.buttons["Skip"].disabled = done
        self.buttons["Undo"].disabled = state["last"] is None
        self.status_html.value = message

    def _ipython_display_(self):
        # ipywidgets 7 widgets display through _ipython_display_, 8 through
        # _repr_mimebundle_; display() of the container works with both.
        from IPython.display import display

        display(self.widget)

    def __repr__(self) -> str:
        n_done, n_total = self.progress
        return (
            f"LabelingWidget(annotator={self.annotator!r}, log={str(self.log.path)!r}, "
            f"{n_done}/{n_total} labeled, current item={self._current!r})"
        )


def demo(log_path="annotations/labeling-demo.csv", *, annotator="me"):
    """A small labeling widget on six made-up messages (spam or ham), for a first try.

    Parameters
    ----------
    log_path : str or pathlib.Path
        Where the demo's annotations go (created on the first click).
    annotator : str
        Your name in the log.

    Returns
    -------
    LabelingWidget
    """
    import pandas as pd

    messages = pd.DataFrame(
        {
            "item_id": ["m1", "m2", "m3", "m4", "m5", "m6"],
            "text": [
                "WIN a FREE cruise!!! Reply YES now",
                "Are we still on for lunch at 12?",
                "Your invoice #4411 is attached",
                "Limited offer: 80% off watches, today only",
                "Mum says hi, call her back",
                "Team newsletter: March promotions",
            ],
        }
    )
    return LabelingWidget(
        messages,
        labels=["spam", "ham"],
        annotator=annotator,
        log_path=log_path,
        instructions="<b>Spam</b> = unsolicited bulk or scam mail. Newsletters you signed up for are <b>ham</b>.",
    )
