"""The UCI YouTube Spam Collection: five videos' comments in one table, authors pseudonymised.

Real comments (2013-2015) on five music videos, labelled spam or not: used in modules 02/05/09
(the videos as slices and segments) and 03 (short texts the learner labels). Card:
``datasets/cards/youtube_spam.md``.

    python datasets/build.py --real-source DIR

``DIR/youtube_spam_collection/`` holds the five published CSV files (``Youtube01-Psy.csv`` ...
``Youtube05-Shakira.csv``; https://archive.ics.uci.edu/dataset/380/youtube+spam+collection),
columns ``COMMENT_ID, AUTHOR, DATE, CONTENT, CLASS``. Author names are real people's YouTube
names, so each is replaced by a pseudonymous id (``U0001``..., numbered in order of first
appearance over the five files, so the same name gets the same id in every video); the
names themselves are not kept. Everything else is kept as published, row for row.
"""

from __future__ import annotations

import csv
from pathlib import Path

SOURCE = "the published YouTube Spam Collection from https://archive.ics.uci.edu/dataset/380/youtube+spam+collection"
SOURCE_KIND = "folder"
VIDEOS = {  # video name in the table: published file
    "Psy": "Youtube01-Psy.csv",
    "KatyPerry": "Youtube02-KatyPerry.csv",
    "LMFAO": "Youtube03-LMFAO.csv",
    "Eminem": "Youtube04-Eminem.csv",
    "Shakira": "Youtube05-Shakira.csv",
}
SOURCE_FILES = {
    "youtube_spam_collection/Youtube01-Psy.csv": "19797e6c77690e3c8809cfd2853ae7341390636367ba66cf5d4f4083f0b88535",
    "youtube_spam_collection/Youtube02-KatyPerry.csv": "902c614f8ef24f987d6f614d7e6111aa5160b89a0646b68e007bd6044a3d123b",
    "youtube_spam_collection/Youtube03-LMFAO.csv": "702ef589860a1831956f527760a3d9737ef8a07ab36c7de35b92b8898b8c3928",
    "youtube_spam_collection/Youtube04-Eminem.csv": "92f54eb6b22fdf3b7ae85e1f500e5aa7442edd025e504b988a97078756187e76",
    "youtube_spam_collection/Youtube05-Shakira.csv": "1d8ab47b71e8037c51183b2fc62f0591a48a4b54f3a4f5d9d3043113b274e98e",
}
PUBLISHED_ROWS = {"Psy": 350, "KatyPerry": 350, "LMFAO": 438, "Eminem": 448, "Shakira": 370}
COLUMNS = ["video", "comment_id", "author_id", "date", "content", "class"]

DATASETS = {
    "youtube_spam": {
        "module": "02-red-flags, 03-labeling, 05-representative-data, 09-data-in-production",
        "description": (
            "1,956 real YouTube comments on five music videos, class 1 = spam (1,005): the UCI YouTube Spam "
            "Collection in one table, authors replaced by pseudonymous ids."
        ),
        "card": "cards/youtube_spam.md",
        "licence": "CC BY 4.0 (UCI Machine Learning Repository); cite Alberto, Lochter, Almeida, ICMLA 2015",
        "source": "https://archive.ics.uci.edu/dataset/380/youtube+spam+collection",
        "format": "csv.gz",
        "read_csv": {
            "dtype": {
                "video": "str",
                "comment_id": "str",
                "author_id": "str",
                "date": "str",
                "content": "str",
                "class": "int64",
            },
            "keep_default_na": False,
        },
    },
}


def generate_from(source: Path) -> dict:
    """``youtube_spam``: one row per published comment, the five videos in file order."""
    import pandas as pd

    author_ids: dict[str, str] = {}
    rows = []
    for video, file_name in VIDEOS.items():
        with open(Path(source) / "youtube_spam_collection" / file_name, encoding="utf-8", newline="") as handle:
            published = list(csv.DictReader(handle))
        if len(published) != PUBLISHED_ROWS[video]:
            raise ValueError(f"{file_name}: {len(published)} comments, the published count is {PUBLISHED_ROWS[video]}")
        for comment in published:
            author = author_ids.setdefault(comment["AUTHOR"], f"U{len(author_ids) + 1:04d}")
            rows.append(
                {
                    "video": video,
                    "comment_id": comment["COMMENT_ID"],
                    "author_id": author,
                    "date": comment["DATE"],
                    "content": comment["CONTENT"],
                    "class": int(comment["CLASS"]),
                }
            )
    return {"youtube_spam": pd.DataFrame(rows, columns=COLUMNS)}
