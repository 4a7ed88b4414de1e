"""A quarantine for questionable rows: review them instead of deleting them.

Introduced in module 04-cleaning. Cleaning often meets rows that *might* be wrong
(a heart rate of 32, a glucose of 38 mmol/L): deleting them can throw away the
rarest, most valuable cases, keeping them blindly can keep errors. The quarantine
takes such rows out of the working table, stores each one with its reason and its
source, lets a reviewer accept or reject it, and puts accepted rows back exactly as
they were (same values, same dtypes, same index label). Nothing is ever lost:

* the file is an **append-only log** (JSON Lines, one event per line): quarantining,
  adding a reason, a decision, a restore. Nothing is ever rewritten or deleted, so
  every decision stays in the history, and a reviewer may change their mind;
* re-quarantining a row that is already there (same source, same index label, same
  values) does not duplicate it: its earlier decision stands, a new reason is added
  to it. A row whose values changed since becomes a new version of the entry;
* a damaged file (a line that is not valid JSON, an event for an unknown entry) is
  refused with an error that names the line, and is never modified.

Usage::

    from utils.quarantine import Quarantine
    q = Quarantine("quarantine/vitals.jsonl")          # created on first write
    ids = q.add(table.loc[suspicious], reason="heart rate below 40", source="triage_vitals")
    table = table.drop(index=table.index[suspicious])
    q.entries()                                          # one row per entry, with status
    q.accept(ids[:3], reviewer="dr_osei", note="confirmed heart block in the chart")
    q.reject(ids[3:], reviewer="dr_osei", note="monitor lead came off")
    table = q.restore(table)                             # accepted rows are back, exactly
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import os
from pathlib import Path

from utils.append_log import AppendOnlyFile, DamagedLog, writable_path

DEFAULT_PATH = Path("quarantine") / "quarantine.jsonl"
STATUSES = ("pending", "accepted", "rejected", "restored")
_EVENTS = ("quarantine", "reason", "decision", "restore")


def _parse_events(text: str) -> list[dict]:
    """The events of a quarantine file's text (JSON Lines); DamagedLog for a line that is not one."""
    events = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as error:
            raise DamagedLog(f"not valid JSON ({error.msg})", number) from None
        if not isinstance(event, dict) or event.get("event") not in _EVENTS or "entry" not in event:
            raise DamagedLog("not a quarantine event (needs 'event' and 'entry')", number)
        event["_line"] = number
        events.append(event)
    return events


class QuarantineFileError(RuntimeError):
    """Raised when a quarantine file cannot be read; the file is left untouched."""


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


# ----------------------------------------------------------------------------- values
def _encode(value):
    """A JSON-safe form of one cell that decodes to the same value."""
    import numpy as np
    import pandas as pd

    if value is None:
        return None
    if value is pd.NA:
        return {"$na": True}
    if value is pd.NaT:
        return {"$nat": True}
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else {"$float": repr(number)}
    if isinstance(value, str):
        return value
    if isinstance(value, pd.Timestamp):
        return {"$timestamp": value.isoformat()}
    if isinstance(value, pd.Timedelta):
        return {"$timedelta_ns": int(value.value)}
    if isinstance(value, np.datetime64):
        return _encode(pd.Timestamp(value)) if not np.isnat(value) else {"$nat": True}
    if isinstance(value, _dt.datetime):
        return {"$timestamp": pd.Timestamp(value).isoformat()}
    if isinstance(value, _dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(
        f"The quarantine cannot store a value of type {type(value).__name__} ({value!r}). "
        "Convert that column to numbers, text, booleans or datetimes first."
    )


def _decode(value):
    import pandas as pd

    if not isinstance(value, dict):
        return value
    if "$na" in value:
        return pd.NA
    if "$nat" in value:
        return pd.NaT
    if "$float" in value:
        return float(value["$float"])
    if "$timestamp" in value:
        return pd.Timestamp(value["$timestamp"])
    if "$timedelta_ns" in value:
        return pd.Timedelta(int(value["$timedelta_ns"]), unit="ns")
    if "$date" in value:
        return _dt.date.fromisoformat(value["$date"])
    raise ValueError(f"unknown encoded value {value!r}")


def _dtype_spec(dtype) -> dict:
    import pandas as pd

    if isinstance(dtype, pd.CategoricalDtype):
        return {
            "dtype": "category",
            "categories": [_encode(c) for c in dtype.categories],
            "ordered": bool(dtype.ordered),
        }
    return {"dtype": str(dtype)}


def _apply_dtype(series, spec: dict):
    """Cast a decoded column back to the dtype it had when it was quarantined."""
    import pandas as pd

    name = spec["dtype"]
    if name == "category":
        categories = [_decode(c) for c in spec["categories"]]
        return series.astype(pd.CategoricalDtype(categories, ordered=spec["ordered"]))
    if name == "object":
        return series.astype(object)
    if name == "str" and int(pd.__version__.split(".")[0]) < 3:
        return series.astype(object)  # pandas 2 keeps text as object; "str" would turn NaN into "nan"
    return series.astype(name)


def _row_digest(values: list) -> str:
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ----------------------------------------------------------------------------- the class
class Quarantine:
    """Rows set aside for review, kept in an append-only file.

    Parameters
    ----------
    path : str or Path, default ``quarantine/quarantine.jsonl``
        The quarantine file (JSON Lines), relative to the working directory. It is
        created on the first write; its folder too. Keep it outside ``datasets/``
        (refused there: the course's data files are never written to). The course's
        ``.gitignore`` ignores ``quarantine/``.

    Raises
    ------
    QuarantineFileError
        If the file exists but is damaged. The message names the line; the file is
        left exactly as it was.

    Introduced in module 04-cleaning.
    """

    def __init__(self, path: str | os.PathLike = DEFAULT_PATH):
        if Path(path).suffix == "":
            raise ValueError(
                f"{path} looks like a folder: give the quarantine a file name, "
                f"e.g. Quarantine('{Path(path) / 'quarantine.jsonl'}')"
            )
        self.path = writable_path(path, example=str(DEFAULT_PATH))
        self._file = AppendOnlyFile(self.path, parse=_parse_events, damaged=self._damaged)
        self._state()  # read now: a damaged file is reported at once

    # ------------------------------------------------------------------ reading
    def _events(self) -> list[dict]:
        return self._file.read()

    def _damaged(self, problem: str, line: int | None = None) -> QuarantineFileError:
        where = f"at line {line}" if line is not None else "(the whole file)"
        return QuarantineFileError(
            f"The quarantine file {self.path} is damaged {where}: {problem}. "
            "Nothing was changed: the file is left exactly as it was. Each line is one JSON record; "
            "fix or remove that line in a text editor, or move the file aside and start a new "
            "quarantine with another path."
        )

    def _state(self) -> dict[str, dict]:
        """Replay the log: entry id -> entry (in the order entries were created)."""
        entries: dict[str, dict] = {}
        for event in self._events():
            kind, entry_id, line = event["event"], event["entry"], event["_line"]
            if kind == "quarantine":
                missing = {"source", "key", "reason", "row", "schema", "digest"} - set(event)
                if missing:
                    raise self._damaged(line=line, problem=f"a quarantine record without {sorted(missing)}")
                if entry_id in entries:
                    raise self._damaged(line=line, problem=f"entry {entry_id!r} is quarantined twice")
                entries[entry_id] = {
                    "id": entry_id,
                    "source": event["source"],
                    "key": event["key"],
                    "digest": event["digest"],
                    "row": event["row"],
                    "schema": event["schema"],
                    "reasons": [event["reason"]],
                    "status": "pending",
                    "quarantined_at": event.get("at"),
                    "reviewer": None,
                    "decided_at": None,
                    "note": None,
                    "restored_at": None,
                }
                continue
            if entry_id not in entries:
                raise self._damaged(
                    line=line, problem=f"a {kind!r} record for entry {entry_id!r}, which was never quarantined"
                )
            entry = entries[entry_id]
            if kind == "reason":
                entry["reasons"].append(event.get("reason", ""))
            elif kind == "decision":
                if event.get("decision") not in ("accept", "reject"):
                    raise self._damaged(
                        line=line, problem=f"decision {event.get('decision')!r} is neither 'accept' nor 'reject'"
                    )
                if event["decision"] == "reject":
                    entry["status"] = "rejected"
                elif entry["status"] != "restored":  # accepting a restored row again changes nothing
                    entry["status"] = "accepted"
                entry["reviewer"], entry["note"], entry["decided_at"] = (
                    event.get("reviewer"),
                    event.get("note"),
                    event.get("at"),
                )
            else:  # restore
                if entry["status"] not in ("accepted", "restored"):
                    raise self._damaged(
                        line=line, problem=f"entry {entry_id!r} is restored without having been accepted"
                    )
                entry["status"], entry["restored_at"] = "restored", event.get("at")
        return entries

    # ------------------------------------------------------------------ writing
    def _append(self, events: list[dict]) -> None:
        if events:
            self._file.append(
                "".join(json.dumps(event, ensure_ascii=False, allow_nan=False) + "\n" for event in events)
            )

    # ------------------------------------------------------------------ public API
    def add(self, rows, *, reason: str, source: str) -> list[str]:
        """Put rows in the quarantine.

        Parameters
        ----------
        rows : pandas.DataFrame, shape (n_rows, n_columns)
            The questionable rows, with the index labels they have in the working
            table (labels must be unique). The caller removes them from that table.
        reason : str
            Why they are questionable, in words a reviewer understands.
        source : str
            Where they come from (a data set name, a file, a pipeline step).

        Returns
        -------
        list of str, length n_rows
            The entry id of each row, in order: ``"<source>:<index label>"``. A row
            already quarantined with the same values keeps its entry (and any decision
            made on it); the new reason is added to it. A row whose values changed
            gets a new version, ``"<source>:<index label>#2"``.
        """
        import pandas as pd

        if not isinstance(rows, pd.DataFrame):
            raise TypeError(f"rows must be a pandas DataFrame (e.g. table.loc[mask]), not {type(rows).__name__}")
        for name, text in (("reason", reason), ("source", source)):
            if not isinstance(text, str) or not text.strip():
                raise ValueError(
                    f"{name} must be a non-empty string: a reviewer needs to know "
                    f"{'why these rows were set aside' if name == 'reason' else 'where they came from'}"
                )
        if not rows.index.is_unique:
            duplicated = list(rows.index[rows.index.duplicated()][:5])
            raise ValueError(
                f"the rows' index labels must be unique (they identify rows on restore); "
                f"repeated: {duplicated}. Drop exact duplicates first, or reset_index()."
            )
        if rows.columns.has_duplicates or not all(isinstance(c, str) for c in rows.columns):
            raise ValueError("column names must be unique strings to be stored in the quarantine")
        schema = {
            "columns": list(rows.columns),
            "dtypes": {column: _dtype_spec(rows[column].dtype) for column in rows.columns},
            "index": {"name": rows.index.name, **_dtype_spec(rows.index.dtype)},
        }
        state = self._state()
        by_source_key: dict[tuple, list[dict]] = {}
        for entry in state.values():
            by_source_key.setdefault((entry["source"], json.dumps(entry["key"])), []).append(entry)

        at, events, ids = _now(), [], []
        for key, values in zip(rows.index, rows.itertuples(index=False, name=None)):
            encoded_key = _encode(key)
            encoded = [_encode(value) for value in values]
            digest = _row_digest([encoded, schema])
            versions = by_source_key.setdefault((source, json.dumps(encoded_key)), [])
            same = next((entry for entry in versions if entry["digest"] == digest), None)
            if same is not None:
                if reason not in same["reasons"]:
                    events.append({"event": "reason", "entry": same["id"], "reason": reason, "at": at})
                    same["reasons"].append(reason)
                ids.append(same["id"])
                continue
            entry_id = f"{source}:{key}" + (f"#{len(versions) + 1}" if versions else "")
            events.append(
                {
                    "event": "quarantine",
                    "entry": entry_id,
                    "source": source,
                    "key": encoded_key,
                    "reason": reason,
                    "row": encoded,
                    "schema": schema,
                    "digest": digest,
                    "at": at,
                }
            )
            versions.append({"id": entry_id, "digest": digest, "reasons": [reason]})
            ids.append(entry_id)
        self._append(events)
        return ids

    def _decide(self, ids, decision: str, reviewer: str, note: str) -> None:
        if not isinstance(reviewer, str) or not reviewer.strip():
            raise ValueError("reviewer must be a non-empty string (who made the decision is part of the record)")
        ids = [ids] if isinstance(ids, str) else list(ids)
        state = self._state()
        unknown = [entry_id for entry_id in ids if entry_id not in state]
        if unknown:
            raise KeyError(
                f"unknown quarantine entries {unknown[:5]}{' ...' if len(unknown) > 5 else ''}: "
                "see Quarantine.entries() for the ids"
            )
        if decision == "reject":
            restored = [entry_id for entry_id in ids if state[entry_id]["status"] == "restored"]
            if restored:
                raise ValueError(
                    f"entries {restored[:5]} were already restored into a table; rejecting them now "
                    "would not take them out of it. Remove those rows from your table by hand, then reject."
                )
        at = _now()
        self._append(
            [
                {
                    "event": "decision",
                    "entry": entry_id,
                    "decision": decision,
                    "reviewer": reviewer,
                    "note": note,
                    "at": at,
                }
                for entry_id in ids
            ]
        )

    def accept(self, ids, *, reviewer: str, note: str = "") -> None:
        """Record that the reviewer accepts these entries (the rows are real; put them back).

        Parameters
        ----------
        ids : str or iterable of str
            Entry ids, as returned by ``add`` or listed by ``entries()``.
        reviewer : str
            Who decided.
        note : str, optional
            Why (kept in the history).

        A later decision on the same entry replaces this one; both stay in ``history()``.
        """
        self._decide(ids, "accept", reviewer, note)

    def reject(self, ids, *, reviewer: str, note: str = "") -> None:
        """Record that the reviewer rejects these entries (the rows stay out, but stay stored).

        Same parameters as ``accept``. Raises ``ValueError`` for an entry already
        restored into a table: take the row out of that table by hand first.
        """
        self._decide(ids, "reject", reviewer, note)

    def entries(self, status: str | None = None):
        """One row per entry: id, source, key, status, reasons, reviewer, note, times.

        Parameters
        ----------
        status : {"pending", "accepted", "rejected", "restored"}, optional
            Keep only entries with this status.

        Returns
        -------
        pandas.DataFrame, shape (n_entries, 10)
        """
        import pandas as pd

        self._check_status(status)
        columns = [
            "id",
            "source",
            "key",
            "status",
            "reasons",
            "reviewer",
            "note",
            "quarantined_at",
            "decided_at",
            "restored_at",
        ]
        rows = [
            {
                **{c: entry[c] for c in columns if c != "reasons"},
                "reasons": "; ".join(entry["reasons"]),
                "key": _decode(entry["key"]),
            }
            for entry in self._state().values()
            if status is None or entry["status"] == status
        ]
        return pd.DataFrame(rows, columns=columns)

    def rows(self, status: str | None = None, *, source: str | None = None):
        """The stored rows themselves, exactly as they were quarantined.

        Parameters
        ----------
        status : {"pending", "accepted", "rejected", "restored"}, optional
            Keep only entries with this status ("accepted" does not include "restored").
        source : str, optional
            Keep only rows from this source.

        Returns
        -------
        pandas.DataFrame, shape (n_rows, n_columns)
            Same columns, dtypes and index labels as the table the rows came from.

        Raises
        ------
        ValueError
            If the selected rows come from tables with different columns (pass ``source``).
        """
        self._check_status(status)
        chosen = [
            entry
            for entry in self._state().values()
            if (status is None or entry["status"] == status) and (source is None or entry["source"] == source)
        ]
        return self._frame(chosen)

    def _frame(self, chosen: list[dict]):
        import pandas as pd

        if not chosen:
            return pd.DataFrame()
        schema = chosen[0]["schema"]
        different = [entry["id"] for entry in chosen if entry["schema"]["columns"] != schema["columns"]]
        if different:
            raise ValueError(
                f"the selected rows come from tables with different columns (e.g. {different[:3]}); "
                "select one source with rows(source=...)"
            )
        columns = schema["columns"]
        raw = pd.DataFrame([[_decode(v) for v in entry["row"]] for entry in chosen], columns=columns, dtype=object)
        frame = pd.DataFrame({column: _apply_dtype(raw[column], schema["dtypes"][column]) for column in columns})
        keys = pd.Series([_decode(entry["key"]) for entry in chosen], dtype=object)
        frame.index = pd.Index(_apply_dtype(keys, schema["index"]), name=schema["index"]["name"])
        return frame

    def restore(self, table, *, source: str | None = None):
        """Return ``table`` with every accepted row put back (a new DataFrame).

        Parameters
        ----------
        table : pandas.DataFrame
            The working table the rows were taken from (same columns).
        source : str, optional
            Restore only rows from this source.

        Returns
        -------
        pandas.DataFrame
            ``table`` followed by the accepted rows, in the order they were quarantined,
            with their original index labels, values and dtypes. Rows already in
            ``table`` (same index label, same values) are not added twice, so restoring
            again is harmless; ``table`` itself is not modified.

        Raises
        ------
        ValueError
            If the columns differ from the stored rows', or ``table`` holds a different
            row under an accepted row's index label.
        """
        import pandas as pd

        if not isinstance(table, pd.DataFrame):
            raise TypeError(f"table must be a pandas DataFrame, not {type(table).__name__}")
        chosen = [
            entry
            for entry in self._state().values()
            if entry["status"] in ("accepted", "restored") and (source is None or entry["source"] == source)
        ]
        if not chosen:
            return table.copy()
        accepted = self._frame(chosen)
        if list(accepted.columns) != list(table.columns):
            raise ValueError(
                f"the table's columns {list(table.columns)} differ from the quarantined rows' "
                f"{list(accepted.columns)}: restore into the table the rows came from"
            )
        present = accepted.index.isin(table.index)
        clashes = []
        for position in present.nonzero()[0]:
            label = accepted.index[position]
            stored = accepted.iloc[[position]]
            current = table.loc[[label]]
            if len(current) != 1 or not stored.reset_index(drop=True).equals(current.reset_index(drop=True)):
                clashes.append(label)
        if clashes:
            raise ValueError(
                f"the table already holds different rows under index labels {clashes[:5]}; "
                "restore into the table the rows were taken from (after reset_index the labels change)"
            )
        new = accepted.loc[~present]
        restored = pd.concat([table, new]) if len(new) else table.copy()
        at = _now()
        self._append(
            [
                {"event": "restore", "entry": entry["id"], "at": at}
                for entry, was_there in zip(chosen, present)
                if not was_there
            ]
        )
        return restored

    def history(self):
        """Every event in the file, oldest first (nothing is ever removed)."""
        import pandas as pd

        events = [
            {
                "line": e["_line"],
                "event": e["event"],
                "entry": e["entry"],
                "at": e.get("at"),
                "detail": e.get("reason") or e.get("decision") or "",
                "reviewer": e.get("reviewer"),
                "note": e.get("note"),
            }
            for e in self._events()
        ]
        return pd.DataFrame(events, columns=["line", "event", "entry", "at", "detail", "reviewer", "note"])

    def counts(self) -> dict[str, int]:
        """Number of entries per status."""
        counts = dict.fromkeys(STATUSES, 0)
        for entry in self._state().values():
            counts[entry["status"]] += 1
        return counts

    def __len__(self) -> int:
        return len(self._state())

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {status}" for status, n in self.counts().items())
        return f"Quarantine({str(self.path)!r}: {counts})"

    @staticmethod
    def _check_status(status):
        if status is not None and status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES} or None, not {status!r}")
