"""Move labels between the course's labeling widget and Label Studio, in both directions.

Introduced in module 03-labeling ("Going further"). Label Studio (https://labelstud.io) is an
open-source labeling tool teams use when a notebook widget is not enough: many annotators,
accounts, review queues. Its JSON formats are documented:

- **import** ("Basic Label Studio JSON format", https://labelstud.io/guide/tasks.html): a list of
  tasks, each ``{"data": {...}, "annotations": [{"result": [...]}]}``; ``data`` holds the fields
  the labeling configuration shows (``$text``), and may hold others (here ``item_id``);
  ``annotations`` are optional labels already made.
- **export** ("Label Studio JSON format of annotated tasks", https://labelstud.io/guide/export.html
  and https://labelstud.io/guide/task_format.html): the same tasks with Label Studio's fields added:
  task ``id``, and for each annotation ``id``, ``completed_by`` (the user's id), ``was_cancelled``
  (the task was skipped), ``ground_truth``, ``lead_time`` and its ``result``.

A classification label is one ``result`` region of type ``choices``:
``{"from_name": "label", "to_name": "text", "type": "choices", "value": {"choices": ["spam"]}}``,
where ``from_name`` and ``to_name`` are the names of the ``<Choices>`` and ``<Text>`` tags of the
labeling configuration (``labeling_config`` writes one that matches).

    from utils import label_studio
    from utils.labeling import AnnotationLog

    tasks = label_studio.to_tasks(items, AnnotationLog("annotations/mine.csv").label_table(),
                                  id_column="ticket_id", text_columns=["subject", "message"])
    label_studio.write_json(tasks, "annotations/label-studio-import.json")
    print(label_studio.labeling_config(CATEGORIES))        # paste into the project's settings
    # ... label in Label Studio, then Export -> JSON ...
    table = label_studio.read_export("project-1-export.json")  # item_id, annotator, label
    wide = agreement.to_wide(table)                          # into utils.agreement

Only the standard library is imported at module level; pandas when a table is made.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import quoteattr

FROM_NAME = "label"  # the <Choices> tag's name in labeling_config
TO_NAME = "text"  # the <Text> tag's name, and the data field it shows


class LabelStudioFormatError(ValueError):
    """Raised when a file or object is not Label Studio JSON this module can read."""


def labeling_config(labels, *, instructions: str = "") -> str:
    """A Label Studio labeling configuration for one-label text classification.

    Introduced in module 03-labeling.

    Parameters
    ----------
    labels : sequence of str
        The label names, one ``<Choice>`` each.
    instructions : str, optional
        Shown above the text (a ``<Header>``).

    Returns
    -------
    str
        XML to paste into a project's *Settings > Labeling Interface > Code*. Its tag names
        (``label`` for the choices, ``text`` for the text) are the ones ``to_tasks`` writes and
        ``read_export`` reads by default.
    """
    labels = _label_list(labels)
    header = f"  <Header value={quoteattr(instructions)}/>\n" if instructions else ""
    choices = "".join(f"    <Choice value={quoteattr(label)}/>\n" for label in labels)
    return (
        "<View>\n"
        f"{header}"
        f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>\n'
        f'  <Choices name="{FROM_NAME}" toName="{TO_NAME}" choice="single" showInline="true">\n'
        f"{choices}"
        "  </Choices>\n"
        "</View>\n"
    )


def _label_list(labels) -> list[str]:
    if isinstance(labels, str):
        raise TypeError(f"labels must be a list of label names, not the single string {labels!r}.")
    labels = [str(label) for label in labels]
    if not labels or len(set(labels)) != len(labels):
        raise ValueError(f"labels must be a non-empty list of distinct names, got {labels}.")
    return labels


def _choice(label: str) -> dict:
    return {"from_name": FROM_NAME, "to_name": TO_NAME, "type": "choices", "value": {"choices": [label]}}


def to_tasks(items, label_table=None, *, id_column: str = "item_id", text_columns=("text",)) -> list[dict]:
    """Label Studio import tasks for ``items``, with the labels already made as annotations.

    Introduced in module 03-labeling.

    Parameters
    ----------
    items : pandas.DataFrame, shape (n_items, k)
        An id column (unique) and the text columns to show.
    label_table : pandas.DataFrame, optional
        Columns ``item_id, annotator, label`` (``AnnotationLog.label_table()``, the labels in force
        after undos). Each row becomes one annotation of its item's task. Label Studio gives an
        imported annotation to the user who imports it (its ``completed_by``), so the course's
        annotator name is kept in the task's data, ``data["annotators"]``, in the annotations'
        order. Labels of items not in ``items`` raise an error.
    id_column : str
        The id column of ``items``; stored as ``data["item_id"]`` (text).
    text_columns : sequence of str
        Joined with blank lines into ``data["text"]``, the field the labeling config shows.

    Returns
    -------
    list of dict
        One task per item, in the order of ``items``: ``{"data": {"item_id", "text",
        "annotators"}, "annotations": [{"result": [choices region]}, ...]}``.
    """
    import pandas as pd

    if not isinstance(items, pd.DataFrame):
        raise TypeError(f"items must be a pandas DataFrame, got {type(items).__name__}.")
    text_columns = [text_columns] if isinstance(text_columns, str) else list(text_columns)
    missing = [column for column in [id_column, *text_columns] if column not in items.columns]
    if missing:
        raise ValueError(f"items has no column {missing}; its columns are {list(items.columns)}.")
    ids = items[id_column].astype(str)
    if ids.duplicated().any():
        raise ValueError(
            f"the ids in {id_column!r} must be unique; repeated: {sorted(set(ids[ids.duplicated()]))[:5]}."
        )
    by_item: dict[str, list[tuple[str, str]]] = {item: [] for item in ids}
    if label_table is not None:
        needed = {"item_id", "annotator", "label"} - set(label_table.columns)
        if needed:
            raise ValueError(f"label_table needs the columns item_id, annotator, label; missing {sorted(needed)}.")
        for item, annotator, label in label_table[["item_id", "annotator", "label"]].itertuples(index=False):
            if str(item) not in by_item:
                raise ValueError(
                    f"label_table has a label for item {item!r}, which is not in items: pass every labeled item."
                )
            by_item[str(item)].append((str(annotator), str(label)))
    tasks = []
    for item, (_, row) in zip(ids, items.iterrows()):
        text = "\n\n".join("" if pd.isna(row[column]) else str(row[column]) for column in text_columns)
        labels = by_item[item]
        task = {"data": {"item_id": item, TO_NAME: text, "annotators": [who for who, _ in labels]}}
        task["annotations"] = [{"result": [_choice(label)]} for _, label in labels]
        tasks.append(task)
    return tasks


def write_json(tasks: list[dict], path) -> Path:
    """Write tasks to a new JSON file (UTF-8); an existing file is never overwritten.

    Introduced in module 03-labeling. Returns the path. Raises ``FileExistsError`` if the
    file exists: choose another name, or move the old file aside.
    """
    from utils.append_log import writable_path

    path = writable_path(path, example="annotations/label-studio-import.json")
    if path.exists():
        raise FileExistsError(f"{path} already exists and was left untouched: write to another file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        json.dump(tasks, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    return path


def _load(export) -> list:
    if isinstance(export, (str, Path)):
        path = Path(export)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise FileNotFoundError(f"{path} does not exist: pass the JSON file Label Studio exported.") from None
        try:
            export = json.loads(text)
        except json.JSONDecodeError as error:
            raise LabelStudioFormatError(
                f"{path} is not JSON ({error}). Export with Label Studio's 'JSON' format (not CSV, TSV or JSON_MIN)."
            ) from None
    if isinstance(export, dict) and "data" in export:
        export = [export]  # one task on its own
    if not isinstance(export, list):
        raise LabelStudioFormatError(
            f"a Label Studio JSON export is a list of tasks, got {type(export).__name__}. "
            "Export with Label Studio's 'JSON' format."
        )
    return export


def _annotator_name(annotation: dict, task: dict, position: int, users: dict | None) -> str:
    """Who made an annotation: the course's name for one ``to_tasks`` wrote, else Label Studio's user.

    Label Studio gives every imported annotation to the user who imported it, so for the first
    ``len(data["annotators"])`` annotations of a task (the imported ones, in import order) the
    name kept in the task's data wins; annotations made in Label Studio come after them.
    """
    kept = task.get("data", {}).get("annotators")
    if isinstance(kept, list) and position < len(kept):
        return str(kept[position])
    completed_by = annotation.get("completed_by")
    if isinstance(completed_by, dict):  # some exports give the user as an object
        completed_by = completed_by.get("email") or completed_by.get("id")
    if completed_by is None:
        raise LabelStudioFormatError(
            f"task {task.get('id', '?')}: annotation {annotation.get('id', position)} says nobody made it "
            "(no completed_by): export again from Label Studio, whose exports always carry it."
        )
    if users is not None:
        if completed_by not in users and str(completed_by) not in users:
            raise LabelStudioFormatError(
                f"user {completed_by!r} (task {task.get('id', '?')}) is not in users={users}: add every "
                "annotator's Label Studio id (see the project's Members page) or leave users out."
            )
        return str(users.get(completed_by, users.get(str(completed_by))))
    return f"user {completed_by}"


def read_export(export, *, item_key: str = "item_id", from_name: str = FROM_NAME, users: dict | None = None):
    """The labels of a Label Studio JSON export as a long table for ``utils.agreement``.

    Introduced in module 03-labeling.

    Parameters
    ----------
    export : str, pathlib.Path or list of dict
        The file Label Studio wrote with *Export > JSON*, or its parsed content (a list of
        tasks). Files written by ``to_tasks`` / ``write_json`` read the same way.
    item_key : str, default "item_id"
        The field of each task's ``data`` that holds the item's id; Label Studio's own task id
        (``id``) is used for tasks without it.
    from_name : str, default "label"
        The name of the ``<Choices>`` tag whose choices are the labels (other regions, e.g. a
        comment box, are ignored).
    users : dict, optional
        Label Studio user id -> annotator name (e.g. ``{1: "ana", 2: "ben"}``). Without it an
        annotator is named ``"user <id>"``, or by the course's name when the task came from
        ``to_tasks`` and was not labeled again in Label Studio.

    Returns
    -------
    pandas.DataFrame
        Columns ``item_id, annotator, label`` (strings), one row per annotation with a label, in
        the export's order. Skipped annotations (``was_cancelled``) and annotations without a
        choice are left out. The input of ``agreement.to_wide``; ``majority_vote``,
        ``fleiss_kappa`` and ``agreement_matrix`` then work as on the widget's labels.

    Raises
    ------
    LabelStudioFormatError
        For anything that is not a Label Studio JSON export of a one-label classification: the
        message says what was found where. Two annotations by the same user on the same task
        are refused too (``to_wide`` needs one label per item and annotator).
    """
    import pandas as pd

    tasks = _load(export)
    rows: list[tuple[str, str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, task in enumerate(tasks):
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise LabelStudioFormatError(
                f"task {number} has no 'data' object: each task of a Label Studio JSON export is "
                '{"id": ..., "data": {...}, "annotations": [...]}.'
            )
        data = task["data"]
        if item_key in data:
            item = str(data[item_key])
        elif "id" in task:
            item = str(task["id"])
        else:
            raise LabelStudioFormatError(f"task {number} has neither data[{item_key!r}] nor an 'id'.")
        annotations = task.get("annotations", task.get("completions", []))  # completions: before 1.0
        if not isinstance(annotations, list):
            raise LabelStudioFormatError(f"task {number}: 'annotations' must be a list.")
        for position, annotation in enumerate(annotations):
            if not isinstance(annotation, dict) or not isinstance(annotation.get("result", []), list):
                raise LabelStudioFormatError(f"task {number}: annotation {position} has no 'result' list.")
            if annotation.get("was_cancelled"):
                continue  # the annotator skipped the task
            choices = [
                region
                for region in annotation.get("result", [])
                if isinstance(region, dict) and region.get("type") == "choices" and region.get("from_name") == from_name
            ]
            if not choices:
                continue
            labels = [label for region in choices for label in region.get("value", {}).get("choices", [])]
            if len(labels) != 1:
                raise LabelStudioFormatError(
                    f"task {number} (item {item}): annotation {annotation.get('id', position)} has {len(labels)} "
                    f"choices {labels} for {from_name!r}; a one-label classification needs exactly one "
                    '(choice="single" in the labeling config).'
                )
            annotator = _annotator_name(annotation, task, position, users)
            key = (item, annotator)
            if key in seen:
                raise LabelStudioFormatError(
                    f"item {item} has two annotations by {annotator}: keep one per annotator "
                    "(delete the older one in Label Studio, or filter the export) before measuring agreement."
                )
            seen[key] = len(rows)
            rows.append((item, annotator, str(labels[0])))
    return pd.DataFrame(rows, columns=["item_id", "annotator", "label"])
