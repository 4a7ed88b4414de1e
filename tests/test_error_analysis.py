"""Module 06's data and method: the digits_quality card matches the data, and confident learning
written by hand (as in the lesson and the exercise solutions) agrees with cleanlab on the course data."""

from __future__ import annotations

import re

import numpy as np
import pytest

from utils import data, plots

PIXELS = [f"pixel_{i}" for i in range(64)]


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
