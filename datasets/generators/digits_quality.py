"""Generator for ``digits_quality`` (modules 06-error-analysis and 07-active-learning).

Real images with planted, documented problems. The images are scikit-learn's
copy of the UCI "Optical Recognition of Handwritten Digits" test set: 1,797
8x8 images of the digits 0-9, each pixel a count from 0 to 16
(``sklearn.datasets.load_digits``, shipped with scikit-learn, no download).

The story: a mail-sorting company digitises handwritten digits from paper forms.
Most forms go through scanner A. A second scanner, B, was installed late and is
misaligned: it shifts every digit two pixels right and one down, and only a few of
its forms made it into the training table. The labels were typed by temps: most
slips are random, but one temp systematically typed 7 for the European-style 1s.
A few scans came out blurred or cropped. A held-out test table was labelled twice
and checked, so its labels are correct; a tenth of it comes from scanner B,
as it will in production.
"""

import numpy as np
import pandas as pd

SEED = 20261106
N_TEST = 450
UNIFORM_NOISE_RATE = 0.05  # share of training rows whose label is replaced by a random other digit
SYSTEMATIC_FROM, SYSTEMATIC_TO, SYSTEMATIC_RATE = 1, 7, 0.40  # share of the 1s typed as 7
N_BLUR, N_CROP = 15, 15
N_SHIFTED_TRAIN = 25  # scanner B in training: rare
SHIFTED_TEST_SHARE = 0.1  # scanner B in the test table
PIXELS = [f"pixel_{i}" for i in range(64)]

DATASETS = {
    "digits_quality": {
        "module": "06-error-analysis",
        "description": "1,347 handwritten 8x8 digits (scikit-learn's digits) with planted label noise, degraded scans and a rare scanner.",
        "card": "cards/digits_quality.md",
        "licence": "CC BY 4.0 (UCI Optical Recognition of Handwritten Digits, via scikit-learn's load_digits); changes by this course's generator",
    },
    "digits_quality_test": {
        "module": "06-error-analysis",
        "description": "450 held-out digits with checked labels (a tenth from the misaligned scanner B): a clean test set.",
        "card": "cards/digits_quality.md",
        "licence": "CC BY 4.0 (UCI Optical Recognition of Handwritten Digits, via scikit-learn's load_digits); changes by this course's generator",
    },
    "digits_quality_truth": {
        "module": "06-error-analysis",
        "description": "Ground truth for digits_quality: the true digit, the kind of label noise, and the planted degradation.",
        "card": "cards/digits_quality.md",
        "licence": "CC BY 4.0 (UCI Optical Recognition of Handwritten Digits, via scikit-learn's load_digits); changes by this course's generator",
    },
}


def _shift(image: np.ndarray, right: int = 2, down: int = 1) -> np.ndarray:
    """Move the digit right and down; pixels pushed off the edge are lost, new ones are blank."""
    out = np.zeros_like(image)
    out[down:, right:] = image[: 8 - down, : 8 - right]
    return out


def _blur(image: np.ndarray) -> np.ndarray:
    """A 3x3 box blur (edges padded with blank paper), rounded back to 0-16."""
    padded = np.pad(image.astype(float), 1)
    total = sum(padded[r : r + 8, c : c + 8] for r in range(3) for c in range(3))
    return np.clip(np.round(total / 9 * 1.6), 0, 16).astype(image.dtype)  # 1.6: keep some ink


def _crop(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The scan cut off three rows or columns on one side (they come out blank)."""
    out = image.copy()
    side = rng.integers(4)
    if side == 0:
        out[:3, :] = 0
    elif side == 1:
        out[5:, :] = 0
    elif side == 2:
        out[:, :3] = 0
    else:
        out[:, 5:] = 0
    return out


def generate() -> dict[str, pd.DataFrame]:
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = digits.images.astype(np.int64)  # (1797, 8, 8), values 0..16
    target = digits.target.astype(np.int64)
    n = len(target)
    rng = np.random.default_rng(SEED)

    # Stratified split: the same share of each digit in the test table.
    test_rows = np.sort(
        np.concatenate(
            [
                rng.choice(
                    np.flatnonzero(target == digit), size=int(round(N_TEST * np.mean(target == digit))), replace=False
                )
                for digit in range(10)
            ]
        )
    )[:N_TEST]
    is_test = np.zeros(n, dtype=bool)
    is_test[test_rows] = True
    train_rows = np.flatnonzero(~is_test)

    # Scanner B (shifted digits): rare in training, a tenth of the test table.
    scanner = np.full(n, "A", dtype=object)
    shifted_train = rng.choice(train_rows, size=N_SHIFTED_TRAIN, replace=False)
    shifted_test = rng.choice(test_rows, size=int(round(SHIFTED_TEST_SHARE * N_TEST)), replace=False)
    for row in np.concatenate([shifted_train, shifted_test]):
        images[row] = _shift(images[row])
        scanner[row] = "B"

    # Degraded scans (training only, scanner A): blurred or cropped. Their labels are right.
    degradation = np.full(n, "none", dtype=object)
    candidates = np.setdiff1d(train_rows, shifted_train)
    degraded = rng.choice(candidates, size=N_BLUR + N_CROP, replace=False)
    for row in degraded[:N_BLUR]:
        images[row] = _blur(images[row])
        degradation[row] = "blur"
    for row in degraded[N_BLUR:]:
        images[row] = _crop(images[row], rng)
        degradation[row] = "crop"

    # Label noise (training only). Systematic first: a share of the true 1s typed as 7.
    given = target.copy()
    noise = np.full(n, "none", dtype=object)
    ones = train_rows[target[train_rows] == SYSTEMATIC_FROM]
    typed_as_seven = rng.choice(ones, size=int(round(SYSTEMATIC_RATE * len(ones))), replace=False)
    given[typed_as_seven] = SYSTEMATIC_TO
    noise[typed_as_seven] = f"systematic {SYSTEMATIC_FROM}->{SYSTEMATIC_TO}"
    # Then uniform slips: a random other digit, on rows not already changed.
    still_clean = np.setdiff1d(train_rows, typed_as_seven)
    slipped = rng.choice(still_clean, size=int(round(UNIFORM_NOISE_RATE * len(train_rows))), replace=False)
    offsets = rng.integers(1, 10, size=len(slipped))  # never the true digit
    given[slipped] = (target[slipped] + offsets) % 10
    noise[slipped] = "uniform"

    def table(rows: np.ndarray, labels: np.ndarray, prefix: str) -> pd.DataFrame:
        frame = pd.DataFrame(images[rows].reshape(len(rows), 64), columns=PIXELS)
        frame.insert(0, "image_id", [f"{prefix}{i:04d}" for i in range(1, len(rows) + 1)])
        frame.insert(1, "scanner", scanner[rows].astype(str))
        frame["label"] = labels[rows]
        return frame

    # Shuffle the order of the training rows so that nothing is in file order.
    train_rows = rng.permutation(train_rows)
    train = table(train_rows, given, "D")
    test = table(test_rows, target, "T")
    truth = pd.DataFrame(
        {
            "image_id": train["image_id"],
            "given_label": given[train_rows],
            "true_label": target[train_rows],
            "is_label_error": given[train_rows] != target[train_rows],
            "noise": noise[train_rows].astype(str),
            "degradation": degradation[train_rows].astype(str),
            "scanner": scanner[train_rows].astype(str),
            "sklearn_index": train_rows,
        }
    )
    return {"digits_quality": train, "digits_quality_test": test, "digits_quality_truth": truth}
