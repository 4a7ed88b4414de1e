"""Labels, cross-validated predicted probabilities and Mechanical Turk verdicts from ``cleanlab/label-errors``.

For the test sets of MNIST, CIFAR-10, 20 Newsgroups and IMDB: the original labels, the
out-of-sample predicted probabilities the paper's confident learning ran on, and what five
Mechanical Turk workers said about each candidate error. Used in modules 00 (how common wrong
labels are), 06 (confident learning against human-validated errors) and 10 (calibration of the
published probabilities). Card:
``datasets/cards/label_errors.md``. Load all three at once with ``utils.data.load_label_errors``.

    python datasets/build.py --real-source DIR

``DIR/label_errors/`` holds the published files of https://github.com/cleanlab/label-errors:
``<set>_test_set_original_labels.npy``, ``<set>_test_set_pyx.npy``, ``<set>_mturk.json`` for
``mnist``, ``cifar10``, ``20news``, ``imdb``, and ``imdb_test_set_index_to_filename.json``
(to find the IMDB candidates' rows). The arrays are kept bit for bit: each shipped
``.npy.gz`` decompresses to the published ``.npy`` (the registry's ``uncompressed_sha256`` is
the published file's sha256). The verdicts become one CSV table per set.
"""

from __future__ import annotations

import json
from pathlib import Path

SOURCE = "the published files of https://github.com/cleanlab/label-errors (folder label_errors/)"
SOURCE_KIND = "folder"
SOURCE_FILES = {
    "label_errors/20news_mturk.json": "0f14cda08aedfa79e883aaf6db43adfbf91b4affd5947cd832b7ccfb2d4dafc4",
    "label_errors/20news_test_set_original_labels.npy": "079079c382f23c63d6af73102ac89d68c1141ab32f03b0d8fd6565c83c862616",
    "label_errors/20news_test_set_pyx.npy": "aa3669c77dd6d8c35a450879f168f6ef862c594dd9f443a61151a4a6ee57c5f9",
    "label_errors/cifar10_mturk.json": "81b2c16c9eee060d6cc2390f6bbce1e0e7be0a050574be5177c9428f3596b5b5",
    "label_errors/cifar10_test_set_original_labels.npy": "8fba587d5b11011df52b2a20eb4a272eeaf20c2d162554059f714d4b78d23aed",
    "label_errors/cifar10_test_set_pyx.npy": "c445b25cee680e3919b4bd81d230a5c7c2179ed556609d84e000ee046bb44b49",
    "label_errors/imdb_mturk.json": "80c15f04208276a4433b8f3d76405203487e38e95397709f762133fa10e82486",
    "label_errors/imdb_test_set_index_to_filename.json": "f603d86279b825dc86cdbb278a25ce1cc1fb7cbc64a7f6102aff52250582cc47",
    "label_errors/imdb_test_set_original_labels.npy": "f489eda3b18f3cdb66877809ca0768ac99facebbdad57114e4162b02c08169c4",
    "label_errors/imdb_test_set_pyx.npy": "0ff95c853bbe5060a8321a534d2bacadee32974f87810791df37d594765e3fa7",
    "label_errors/mnist_mturk.json": "448bd00fc9df262c68d50d48709d7fa3d5dc966bc66580e5df20e0dcba6e5612",
    "label_errors/mnist_test_set_original_labels.npy": "9c4b8d0ef379b2ce0d312470484d79e282a47e092738fca1edff326f9b67c20e",
    "label_errors/mnist_test_set_pyx.npy": "403d0f1188c8940ceb47994a2cd9eb2aee6946810b5488d9d4501c97e09f30c2",
}
LICENCE = "Apache-2.0 (cleanlab/label-errors); cite Northcutt, Athalye, Mueller, NeurIPS 2021 Datasets and Benchmarks"
URL = "https://github.com/cleanlab/label-errors"

# Class names in label order, as the sets' own releases name them (checked against the verdicts' names).
CLASS_NAMES = {
    "mnist": [str(digit) for digit in range(10)],
    "cifar10": ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
    "20news": [
        "alt.atheism",
        "comp.graphics",
        "comp.os.ms-windows.misc",
        "comp.sys.ibm.pc.hardware",
        "comp.sys.mac.hardware",
        "comp.windows.x",
        "misc.forsale",
        "rec.autos",
        "rec.motorcycles",
        "rec.sport.baseball",
        "rec.sport.hockey",
        "sci.crypt",
        "sci.electronics",
        "sci.med",
        "sci.space",
        "soc.religion.christian",
        "talk.politics.guns",
        "talk.politics.mideast",
        "talk.politics.misc",
        "talk.religion.misc",
    ],
    "imdb": ["Negative", "Positive"],
}
SIZES = {"mnist": 10_000, "cifar10": 10_000, "20news": 7_532, "imdb": 25_000}
PRETTY = {"mnist": "MNIST", "cifar10": "CIFAR-10", "20news": "20 Newsgroups", "imdb": "IMDB"}
# What the workers could answer, per set (the mturk_README.md of the repository).
VOTE_OPTIONS = {
    "mnist": ["given", "guessed", "neither"],
    "cifar10": ["given", "guessed", "neither", "both"],
    "20news": ["given", "guessed", "neither", "both"],
    "imdb": ["given", "guessed", "neutral", "off-topic"],
}


def _meta(data_set: str, part: str) -> dict:
    pretty = PRETTY[data_set]
    descriptions = {
        "labels": f"{pretty} test set: the original label of each of its {SIZES[data_set]:,} items (class index).",
        "pred_probs": (
            f"{pretty} test set: cross-validated predicted probabilities, {SIZES[data_set]:,} x "
            f"{len(CLASS_NAMES[data_set])}, exactly as published."
        ),
        "verdicts": f"{pretty} test set: the candidate label errors and the five Mechanical Turk workers' votes on each.",
    }
    meta = {
        "module": "00-start-here, 06-error-analysis, 10-trustworthy-data",
        "description": descriptions[part],
        "card": "cards/label_errors.md",
        "licence": LICENCE,
        "source": URL,
        "format": "csv" if part == "verdicts" else "npy.gz",
    }
    if part == "labels":
        meta["class_names"] = CLASS_NAMES[data_set]
    if part == "verdicts":
        meta["read_csv"] = {"dtype": _verdict_dtypes(data_set), "keep_default_na": False}
    return meta


def _vote_column(option: str) -> str:
    return "votes_" + option.replace("-", "_")


def verdict_columns(data_set: str) -> list[str]:
    votes = [_vote_column(option) for option in VOTE_OPTIONS[data_set]]
    return ["index", "given_label", "guessed_label", "given_name", "guessed_name", *votes, "url"]


def _verdict_dtypes(data_set: str) -> dict[str, str]:
    return {
        column: "str" if column in ("given_name", "guessed_name", "url") else "int64"
        for column in verdict_columns(data_set)
    }


DATASETS = {
    f"label_errors_{data_set}_{part}": _meta(data_set, part)
    for data_set in CLASS_NAMES
    for part in ("labels", "pred_probs", "verdicts")
}


def _verdicts(data_set: str, folder: Path, labels):
    """One row per candidate, sorted by row index, with the workers' votes."""
    import pandas as pd

    names = CLASS_NAMES[data_set]
    candidates = json.loads((folder / f"{data_set}_mturk.json").read_text(encoding="utf-8"))
    if data_set == "imdb":  # IMDB candidates are named by review file, not row
        files = json.loads((folder / "imdb_test_set_index_to_filename.json").read_text(encoding="utf-8"))
        row_of = {"test/" + name.removesuffix(".txt"): row for row, name in enumerate(files)}
    rows = []
    for candidate in candidates:
        if data_set == "imdb":
            index = row_of[candidate["id"]]
            given, guessed = names.index(candidate["given_original_label"]), names.index(candidate["our_guessed_label"])
        else:
            index, given, guessed = candidate["id"], candidate["given_original_label"], candidate["our_guessed_label"]
            if (
                candidate["given_original_label_name"] != names[given]
                or candidate["our_guessed_label_name"] != names[guessed]
            ):
                raise ValueError(f"{data_set} candidate {index}: class names differ from {names}")
        if int(labels[index]) != given:
            raise ValueError(
                f"{data_set} candidate {index}: given label {given} but the labels file has {labels[index]}"
            )
        if set(candidate["mturk"]) != set(VOTE_OPTIONS[data_set]):
            raise ValueError(f"{data_set} candidate {index}: vote options {sorted(candidate['mturk'])}")
        votes = {_vote_column(option): int(candidate["mturk"][option]) for option in VOTE_OPTIONS[data_set]}
        rows.append(
            {
                "index": int(index),
                "given_label": given,
                "guessed_label": guessed,
                "given_name": names[given],
                "guessed_name": names[guessed],
                **votes,
                "url": candidate["url"],
            }
        )
    table = pd.DataFrame(rows, columns=verdict_columns(data_set)).sort_values("index", kind="stable")
    if table["index"].duplicated().any():
        raise ValueError(f"{data_set}: a candidate appears twice")
    return table.reset_index(drop=True)


def generate_from(source: Path) -> dict:
    """Labels and predicted probabilities as published; verdicts as tables."""
    import numpy as np

    folder = Path(source) / "label_errors"
    built = {}
    for data_set, size in SIZES.items():
        labels = np.load(folder / f"{data_set}_test_set_original_labels.npy", allow_pickle=False)
        pred_probs = np.load(folder / f"{data_set}_test_set_pyx.npy", allow_pickle=False)
        if labels.shape != (size,) or pred_probs.shape != (size, len(CLASS_NAMES[data_set])):
            raise ValueError(f"{data_set}: shapes {labels.shape}, {pred_probs.shape}")
        built[f"label_errors_{data_set}_labels"] = labels
        built[f"label_errors_{data_set}_pred_probs"] = pred_probs
        built[f"label_errors_{data_set}_verdicts"] = _verdicts(data_set, folder, labels)
    return built
