"""The fixed spam filter of the capstone project, and the text it reads.

Introduced in module 08-capstone-spam. The project's rule is that the model never
changes: every improvement must come from the data. Keeping the model here, in one
place, makes that rule checkable: the lesson, the exercise and its hidden tests all
build the same pipeline with ``fixed_model()``.

Example
-------
::

    from utils import data, spam

    emails, test = data.load("spam_emails"), data.load("spam_emails_test")
    model = spam.fixed_model().fit(emails, emails["label"])
    accuracy = (model.predict(test) == test["label"]).mean()

scikit-learn and pandas are imported inside the functions, so ``import utils.spam``
stays light.
"""

from __future__ import annotations

TEXT_COLUMNS = ("sender_name", "sender_address", "subject", "body")


def email_text(table):
    """One string per email: sender, subject and body, as the fixed model reads them.

    Introduced in module 08-capstone-spam.

    Parameters
    ----------
    table : pandas.DataFrame, shape (n_emails, k)
        Needs the columns ``sender_name``, ``sender_address``, ``subject`` and ``body``
        (other columns are ignored). Missing values count as empty text.

    Returns
    -------
    pandas.Series of str, shape (n_emails,)
        ``"From: <name> <<address>>\\nSubject: <subject>\\n\\n<body>"``, with the index of
        ``table``.

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame.
    ValueError
        If a text column is missing.
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"email_text needs a pandas DataFrame of emails, got {type(table).__name__}.")
    missing = [column for column in TEXT_COLUMNS if column not in table.columns]
    if missing:
        raise ValueError(
            f"email_text needs the columns {list(TEXT_COLUMNS)}; missing {missing}. "
            f"The table has {list(table.columns)}."
        )
    parts = {column: table[column].fillna("").astype(str) for column in TEXT_COLUMNS}
    return (
        "From: "
        + parts["sender_name"]
        + " <"
        + parts["sender_address"]
        + ">\nSubject: "
        + parts["subject"]
        + "\n\n"
        + parts["body"]
    )


def fixed_model():
    """The project's fixed model: email text -> TF-IDF -> logistic regression.

    Introduced in module 08-capstone-spam. It takes a table of emails (the columns of
    ``email_text``) and predicts the labels it was fitted on (``"spam"``/``"ham"``).
    It has no randomness: the same training table always gives the same model.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted; steps ``text`` (``email_text``), ``tfidf``
        (``TfidfVectorizer(sublinear_tf=True, min_df=2)``) and ``classifier``
        (``LogisticRegression(C=10, max_iter=2000)``).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    return Pipeline(
        [
            ("text", FunctionTransformer(email_text)),
            ("tfidf", TfidfVectorizer(sublinear_tf=True, min_df=2)),
            ("classifier", LogisticRegression(C=10, max_iter=2000)),
        ]
    )
