"""Module 06's data and method: the digits_quality card matches the data, and confident learning
written by hand (as in the lesson and the exercise solutions) agrees with cleanlab on the course data."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from utils import data, plots

PIXELS = [f"pixel_{i}" for i in range(64)]
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def course():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    digits = data.load("digits_quality")
    X, labels = digits[PIXELS].to_numpy() / 16, digits["label"].to_numpy()
    pred_probs = cross_val_predict(
        LogisticRegression(C=1.0, max_iter=3000),
        X,
        labels,
        method="predict_proba",
        cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0),
    )
    return digits, labels, pred_probs


def confident_learning_by_hand(labels, pred_probs):
    """The lesson's four steps: thresholds, confident guesses, confident joint, flagged rows ranked."""
    n_classes = pred_probs.shape[1]
    thresholds = np.array([pred_probs[labels == k, k].mean() for k in range(n_classes)])
    above = pred_probs >= thresholds
    has_guess = above.any(axis=1)
    guess = np.where(above, pred_probs, -1.0).argmax(axis=1)
    joint = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(joint, (labels[has_guess], guess[has_guess]), 1)
    flagged = has_guess & (guess != labels) & (pred_probs.argmax(axis=1) != labels)
    rows = np.flatnonzero(flagged)
    ranked = rows[np.lexsort((rows, pred_probs[rows, labels[rows]]))]
    return thresholds, joint, flagged, ranked


def test_hand_written_confident_learning_agrees_with_cleanlab_on_course_data(course):
    from cleanlab.count import compute_confident_joint, get_confident_thresholds
    from cleanlab.filter import find_label_issues

    _, labels, pred_probs = course
    thresholds, joint, flagged, ranked = confident_learning_by_hand(labels, pred_probs)
    assert np.allclose(thresholds, get_confident_thresholds(labels, pred_probs))
    # cleanlab clips the diagonal to >= 1; on the course data every diagonal entry is far above 1.
    assert joint.diagonal().min() > 1
    assert np.array_equal(joint, compute_confident_joint(labels, pred_probs, calibrate=False))
    assert np.array_equal(flagged, find_label_issues(labels, pred_probs, filter_by="confident_learning"))
    assert np.array_equal(
        ranked,
        find_label_issues(
            labels, pred_probs, filter_by="confident_learning", return_indices_ranked_by="self_confidence"
        ),
    )


def test_confident_learning_finds_planted_errors(course):
    _, labels, pred_probs = course
    truth = data.load_truth("digits_quality")
    _, joint, flagged, _ = confident_learning_by_hand(labels, pred_probs)
    assert truth["is_label_error"].to_numpy()[flagged].mean() > 0.8  # precision
    assert joint[7, 1] > 20
    off_diagonal = joint - np.diag(joint.diagonal())
    assert np.unravel_index(off_diagonal.argmax(), joint.shape) == (7, 1)  # the systematic 1 -> 7 noise


def test_card_numbers_match_the_data():
    card = data.card("digits_quality")
    train, test = data.load("digits_quality"), data.load("digits_quality_test")
    truth = data.load_truth("digits_quality")
    ones = truth["true_label"] == 1
    facts = {
        f"{len(train):,} images": True,
        f"{len(test)} images": True,
        f"{(truth['noise'] == 'systematic 1->7').sum()} of the {ones.sum()} training images of a 1": True,
        f"{(truth['noise'] == 'uniform').sum()} other training images": True,
        f"{truth['is_label_error'].sum()} training labels ({truth['is_label_error'].mean():.1%}) are wrong": True,
        f"{(truth['degradation'] == 'blur').sum()} images blurred": True,
        f"{(truth['degradation'] == 'crop').sum()} cropped": True,
        f"Only {(train['scanner'] == 'B').sum()} training images ({(train['scanner'] == 'B').mean():.1%})": True,
        f"{(test['scanner'] == 'B').sum()} test images ({(test['scanner'] == 'B').mean():.0%})": True,
        f"({train['label'].value_counts()[7]} rows)": True,
        f"balanced ({truth['true_label'].value_counts().min()}-{truth['true_label'].value_counts().max()} each)": True,
        f"({test['label'].value_counts().min()}-{test['label'].value_counts().max()} per digit)": True,
    }
    flat = re.sub(r"\s+", " ", card)
    missing = [fact for fact in facts if fact not in flat]
    assert not missing, f"the data card does not state these figures of the data: {missing}"
    both = truth[(truth["noise"] != "none") & (truth["degradation"] != "none")]
    assert len(both) == 1 and both["degradation"].iloc[0] == "blur"
    assert ((truth["scanner"] == "B") & truth["is_label_error"]).sum() == 2


def test_truth_and_test_are_consistent():
    train, test = data.load("digits_quality"), data.load("digits_quality_test")
    truth = data.load_truth("digits_quality")
    assert (truth["image_id"] == train["image_id"]).all() and (truth["given_label"] == train["label"]).all()
    assert truth["sklearn_index"].is_unique and truth["sklearn_index"].between(0, 1796).all()
    assert train[PIXELS].to_numpy().min() >= 0 and train[PIXELS].to_numpy().max() <= 16
    assert (truth["is_label_error"] == (truth["given_label"] != truth["true_label"])).all()
    from sklearn.datasets import load_digits

    digits = load_digits()
    clean = (truth["degradation"] == "none") & (truth["scanner"] == "A")
    original = digits.data[truth.loc[clean, "sklearn_index"]]
    assert np.array_equal(train.loc[clean, PIXELS].to_numpy(), original), "untouched images must equal scikit-learn's"
    assert (digits.target[truth["sklearn_index"]] == truth["true_label"]).all()
    assert len(train) + len(test) == 1797


def test_digit_grid_draws_and_rejects_bad_shapes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plots.digit_grid(np.arange(64 * 3).reshape(3, 64) % 17, titles=["a", "b\nc", "d"], ncols=2)
    assert len(fig.axes) == 1 and len(fig.axes[0].texts) == 3
    plt.close(fig)
    with pytest.raises(ValueError, match="shape"):
        plots.digit_grid(np.zeros((2, 10)))
    with pytest.raises(ValueError, match="one title per image"):
        plots.digit_grid(np.zeros((2, 64)), titles=["only one"])
    with pytest.raises(ValueError, match="empty"):
        plots.digit_grid(np.zeros((0, 64)))


def test_example_tag_log_card_matches_the_log():
    """The error_tags_example card's counts are those of the log (true category x the stand-in's tag)."""
    import pandas as pd

    log = data.load("error_tags_example")
    truth = data.load_truth("digits_quality")
    assert (log["item_id"] == truth["image_id"]).all() and set(log["action"]) == {"label"}
    assert set(log["annotator"]) == {"me"}
    true_category = np.select(
        [truth["is_label_error"], truth["degradation"] != "none", truth["scanner"] == "B"],
        ["label issue", "data quality", "missing coverage"],
        default="ambiguous",
    )
    counts = pd.crosstab(true_category, log["label"])
    flat = re.sub(r"\s+", " ", data.card("error_tags_example"))
    for category, row in counts.iterrows():
        cells = " | ".join(
            f"{row.get(tag, 0):,}" for tag in ("label issue", "data quality", "missing coverage", "ambiguous")
        )
        assert f"| {category} | {row.sum():,} | {cells} |" in flat, f"the card's row for {category!r} is not {cells}"


@pytest.mark.slow
def test_lesson_06_error_table_comes_from_the_learners_tags(tmp_path):
    """Lesson 06, section 5: the example log without tags of one's own; the learner's own tags, once made
    with the widget, change every number (and perfect tags give exactly the truth's shares)."""
    import json

    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(REPO / "course" / "06-error-analysis.ipynb", as_version=4)
    decision_cells = [
        i for i, cell in enumerate(notebook.cells) if "learner-decisions" in cell.metadata.get("tags", [])
    ]
    assert decision_cells, "lesson 06 has no cell tagged learner-decisions"
    notebook.cells = notebook.cells[: decision_cells[-1] + 1]
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    report = (
        "import json\n"
        "print(json.dumps({'from_learner': decisions.from_learner, 'source': decisions.source,\n"
        "    'tagged': len(tagged), 'agreement': tag_agreement, 'kappa': tag_kappa,\n"
        "    'confusion': tag_confusion.to_numpy().tolist(),\n"
        "    'yours': error_table['share (from your tags)'].tolist(), 'truth': error_table['share (truth)'].tolist()}))"
    )

    def run(code):
        cell = nbformat.v4.new_code_cell(code)
        notebook.cells.append(cell)
        client.execute_cell(cell, len(notebook.cells) - 1)
        return "".join(output.get("text", "") for output in cell.outputs if output["output_type"] == "stream")

    def rerun_decisions():
        for index in decision_cells:
            client.execute_cell(notebook.cells[index], index)
        return json.loads(run(report).strip().splitlines()[-1])

    with client.setup_kernel():
        for index, cell in enumerate(list(notebook.cells)):
            client.execute_cell(cell, index)
        example = json.loads(run(report).strip().splitlines()[-1])
        # A hasty learner: the first 10 images all "ambiguous", through the widget's own methods.
        run("for _ in range(10): tagger.label('ambiguous')")
        partial = rerun_decisions()
        # Then they take those back and tag all 32 like the truth (a perfect reviewer).
        run(
            "for _ in range(10): tagger.undo()\n"
            "truth_of = dict(zip(tag_sample['item_id'], tag_sample['truth']))\n"
            "while tagger.current_item_id is not None: tagger.label(truth_of[tagger.current_item_id])"
        )
        perfect = rerun_decisions()
    log = tmp_path / "annotations" / "06-error-tags.csv"
    assert log.exists(), "the widget's clicks must be saved in the lesson's log path"

    assert not example["from_learner"] and "error_tags_example" in example["source"] and example["tagged"] == 32
    assert example["agreement"] < 1 and example["yours"] != example["truth"]

    assert partial["from_learner"] and partial["tagged"] == 10 and "10 of 32" in partial["source"]
    assert sum(map(sum, partial["confusion"])) == 10 and all(row[:3] == [0, 0, 0] for row in partial["confusion"])
    assert partial["yours"] == [0.0, 0.0, 0.0, 1.0]

    assert perfect["from_learner"] and perfect["tagged"] == 32
    assert perfect["agreement"] == 1.0 and perfect["kappa"] == pytest.approx(1.0)
    assert perfect["yours"] == pytest.approx(perfect["truth"])
    assert perfect["truth"] == example["truth"] and perfect["yours"] != pytest.approx(example["yours"])
    assert [perfect["agreement"], perfect["kappa"]] != [example["agreement"], example["kappa"]]
