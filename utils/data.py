"""Load the course's data sets by name, with checksum verification.

Introduced in module 00-start-here. Every data set is listed in
``datasets/registry.json`` (file, sha256, licence, data card). ``load`` refuses a
file whose bytes no longer match the registry, so a learner who edited a CSV by
accident finds out at once, with the command that restores it.

The data is found in every kind of install, in this order (``data_dir``):

1. the folder named by ``$DCAI_DATA_DIR``, when it is set;
2. ``datasets/`` beside the ``utils`` package: a clone of the repository, or an editable install;
3. the copy a plain ``pip install`` puts inside the package (``utils/_datasets/``).

Real data sets (cards in ``datasets/cards/``) have helpers of their own:

- ``load("sms_spam")``, ``load("youtube_spam")``, ``load("spam_assassin")``: tables.
- ``load_label_errors("mnist")``: labels, predicted probabilities, Mechanical Turk verdicts
  and class names of one ``cleanlab/label-errors`` test set.
- ``email_message(row)``: a SpamAssassin row as an ``email.message.Message``, to walk and
  decode its MIME parts.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
from pathlib import Path

DATA_DIR_ENV = "DCAI_DATA_DIR"
_PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DATA_DIR = _PACKAGE_DIR.parent / "datasets"
INSTALLED_DATA_DIR = _PACKAGE_DIR / "_datasets"
LABEL_ERROR_SETS = ("mnist", "cifar10", "20news", "imdb")


class UnknownDatasetError(KeyError):
    """Raised when a name is not in the registry."""

    def __str__(self) -> str:  # KeyError would show the message with quotes
        return str(self.args[0])


class DatasetChecksumError(RuntimeError):
    """Raised when a data file's bytes differ from the registry."""


def data_dir() -> Path:
    """Folder holding ``registry.json`` and the data files.

    ``$DCAI_DATA_DIR`` if set; else the repository's ``datasets/`` folder if it is there (a
    clone, an editable install); else the copy installed inside the package (a plain
    ``pip install``). When none holds a registry, the repository's folder is returned and
    ``registry()`` explains what to set.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    for candidate in (CHECKOUT_DATA_DIR, INSTALLED_DATA_DIR):
        if (candidate / "registry.json").is_file():
            return candidate
    return CHECKOUT_DATA_DIR


def registry() -> dict[str, dict]:
    """The registry as a dict: name -> entry (file, sha256, licence, card, ...)."""
    path = data_dir() / "registry.json"
    if not path.exists():
        if os.environ.get(DATA_DIR_ENV):
            where = f"${DATA_DIR_ENV} is set to {os.environ[DATA_DIR_ENV]}, which has no registry.json."
        else:
            where = f"Looked in {CHECKOUT_DATA_DIR} (a clone of the repository) and {INSTALLED_DATA_DIR} (an installed copy)."
        raise FileNotFoundError(
            f"No data registry found. {where} Set ${DATA_DIR_ENV} to the course's datasets/ folder "
            "(the one that holds registry.json), run from a full clone of the repository, or "
            "reinstall the course (pip install <the course's folder or URL>), which ships the data."
        )
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def list_datasets() -> list[str]:
    """Names of all registered data sets, sorted."""
    return sorted(registry())


def _entry(name: str) -> dict:
    entries = registry()
    if not isinstance(name, str) or name not in entries:
        known = ", ".join(sorted(entries))
        raise UnknownDatasetError(
            f"Unknown data set {name!r}. Known data sets: {known}. "
            "Check the spelling, or see datasets/README.md for what each one holds."
        )
    return entries[name]


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _restore_hint(file_name: str) -> str:
    if data_dir().resolve() == INSTALLED_DATA_DIR.resolve():
        return "reinstall the course (pip install --force-reinstall --no-deps <the course's folder or URL>)"
    return f"git checkout -- datasets/{file_name}"


def path(name: str, *, verify: bool = True) -> Path:
    """Path of a registered data file, after checking its sha256.

    Raises
    ------
    UnknownDatasetError
        If ``name`` is not registered (the message lists the known names).
    DatasetChecksumError
        If the file was modified; the message says how to restore it.
    """
    entry = _entry(name)
    file_path = data_dir() / entry["file"]
    if not file_path.exists():
        raise FileNotFoundError(
            f"Data set {name!r} should be at {file_path}, but the file is missing. "
            f"Restore it with:  {_restore_hint(entry['file'])}"
        )
    if verify:
        actual = file_sha256(file_path)
        if actual != entry["sha256"]:
            raise DatasetChecksumError(
                f"Data set {name!r} ({file_path}) has been modified: its sha256 is "
                f"{actual[:12]}..., the registry expects {entry['sha256'][:12]}.... "
                "The course's exercises are graded against the original, so restore it "
                f"with:  {_restore_hint(entry['file'])}  "
                "(or regenerate every data set with:  python3 tasks.py data). "
                "To work on a changed copy, save it under a new name instead."
            )
    return file_path


def load(name: str):
    """Load a registered data set: a table as a DataFrame, an array as a NumPy array.

    Parameters
    ----------
    name : str
        A name from ``list_datasets()``, e.g. ``"house_listings"``. Ground truth
        tables are registered as ``"<name>_truth"`` (see ``load_truth``).

    Returns
    -------
    pandas.DataFrame or numpy.ndarray
        A fresh copy each call, so changing it never changes the file. Files ending in
        ``.csv`` or ``.csv.gz`` are tables; ``.npy.gz`` files (the label-errors arrays) are
        arrays, exactly as stored.

    Examples
    --------
    >>> from utils import data
    >>> sms = data.load("sms_spam")  # doctest: +SKIP
    >>> sms["label"].value_counts()  # doctest: +SKIP
    """
    entry = _entry(name)
    file_path = path(name)
    if entry["file"].endswith(".npy.gz"):
        import gzip
        import io

        import numpy as np

        with gzip.open(file_path, "rb") as handle:
            return np.load(io.BytesIO(handle.read()), allow_pickle=False)
    import pandas as pd

    return pd.read_csv(file_path, **entry.get("read_csv", {}))


def load_truth(name: str):
    """Load the planted ground truth of data set ``name`` (kept apart from the table)."""
    return load(f"{name}_truth")


# What load_label_errors returns (collections.namedtuple: importing typing would slow `import utils`).
LabelErrors = collections.namedtuple("LabelErrors", ["labels", "pred_probs", "verdicts", "class_names"])
LabelErrors.__doc__ = """One ``cleanlab/label-errors`` test set: ``(labels, pred_probs, verdicts, class_names)``.

labels : numpy.ndarray of int64, shape (n,)
    The original (given) label of each item, a class index.
pred_probs : numpy.ndarray of float64, shape (n, k)
    Cross-validated predicted probabilities, as published.
verdicts : pandas.DataFrame
    One row per candidate the workers checked, with ``label_error``.
class_names : list of str, length k
    The name of each class index.
"""


def load_label_errors(name: str) -> LabelErrors:
    """Labels, predicted probabilities and human verdicts of one label-errors test set.

    Introduced in module 00-start-here (how common wrong labels are, per data set); used
    again in 06-error-analysis (confident learning against human-validated errors) and
    10-trustworthy-data (calibration of the published probabilities). The data
    is the test sets of MNIST, CIFAR-10, 20 Newsgroups and IMDB from ``cleanlab/label-errors``
    (Northcutt, Athalye, Mueller, NeurIPS 2021 Datasets and Benchmarks; card
    ``datasets/cards/label_errors.md``).

    Parameters
    ----------
    name : {"mnist", "cifar10", "20news", "imdb"}
        Which test set (10,000 / 10,000 / 7,532 / 25,000 items).

    Returns
    -------
    LabelErrors
        A named tuple ``(labels, pred_probs, verdicts, class_names)``:

        - ``labels``: int64 array, shape (n,), the given labels (published as uint16;
          converted so that arithmetic on them cannot wrap around).
        - ``pred_probs``: float64 array, shape (n, k), bit for bit as published (rows sum to 1
          within float error; exact ties are real and kept).
        - ``verdicts``: DataFrame, one row per candidate error shown to five Mechanical Turk
          workers, sorted by ``index`` (the row in ``labels``): ``given_label``,
          ``guessed_label`` (the label confident learning proposed), their names, the vote
          counts ``votes_given``, ``votes_guessed`` and ``votes_neither`` (plus ``votes_both``
          for CIFAR-10 and 20 Newsgroups; ``votes_neutral`` and ``votes_off_topic`` instead of
          ``votes_neither`` for IMDB), ``url`` (the item on labelerrors.com, never fetched),
          and ``label_error``: True when fewer than 3 of the 5 workers chose the given label
          (the paper's rule; MNIST 15, CIFAR-10 54, 20 Newsgroups 82, IMDB 725).
        - ``class_names``: list of k names, in class-index order.

    Raises
    ------
    ValueError
        If ``name`` is not one of the four sets.

    Examples
    --------
    >>> from utils import data
    >>> labels, pred_probs, verdicts, class_names = data.load_label_errors("mnist")  # doctest: +SKIP
    >>> int(verdicts["label_error"].sum())  # doctest: +SKIP
    15
    """
    if name not in LABEL_ERROR_SETS:
        raise ValueError(
            f"Unknown label-errors set {name!r}: choose one of {', '.join(LABEL_ERROR_SETS)} "
            "(the test sets of MNIST, CIFAR-10, 20 Newsgroups and IMDB)."
        )
    import numpy as np

    labels = load(f"label_errors_{name}_labels").astype(np.int64)
    pred_probs = load(f"label_errors_{name}_pred_probs")
    verdicts = load(f"label_errors_{name}_verdicts")
    verdicts["label_error"] = verdicts["votes_given"] < 3
    class_names = list(_entry(f"label_errors_{name}_labels")["class_names"])
    return LabelErrors(labels, pred_probs, verdicts, class_names)


def email_message(row):
    """A SpamAssassin mail (one row of ``load("spam_assassin")``) as an ``email.message.Message``.

    Introduced in module 01-data-detective (reading real, broken mail); used again in
    04-cleaning and 08-capstone-spam. The table keeps each body raw, with its real MIME,
    quoted-printable, base64 and HTML; this puts the two MIME headers back on top of it so
    that Python's ``email`` package can walk the parts and decode them.

    Parameters
    ----------
    row : mapping
        Needs ``content_type``, ``transfer_encoding`` and ``body`` (e.g. a row from
        ``table.itertuples()`` as a dict, or ``table.loc[i]``).

    Returns
    -------
    email.message.Message
        Parsed with the ``compat32`` policy, like the corpus's own tools.

    Examples
    --------
    >>> mails = data.load("spam_assassin")  # doctest: +SKIP
    >>> message = data.email_message(mails.loc[0])  # doctest: +SKIP
    >>> [part.get_content_type() for part in message.walk()]  # doctest: +SKIP
    ['text/plain']
    >>> text = message.get_payload(decode=True)  # bytes, quoted-printable or base64 undone  # doctest: +SKIP
    """
    import email
    from email import policy

    head = ""
    if row["content_type"]:
        head += f"Content-Type: {row['content_type']}\n"
    if row["transfer_encoding"]:
        head += f"Content-Transfer-Encoding: {row['transfer_encoding']}\n"
    return email.message_from_string(head + "\n" + row["body"], policy=policy.compat32)


def card(name: str) -> str:
    """The data card (datasheet) of ``name`` as Markdown text."""
    entry = _entry(name)
    return (data_dir() / entry["card"]).read_text(encoding="utf-8")


def show_card(name: str):
    """Display the data card of ``name`` in a notebook."""
    from IPython.display import Markdown

    return Markdown(card(name))
