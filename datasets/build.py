"""Regenerate every course-made data set and the registry, or check them.

    python datasets/build.py          # rewrite the CSV files and registry.json
    python datasets/build.py --check  # regenerate in memory, compare bytes, exit 1 on drift

Each module in ``datasets/generators/`` defines ``DATASETS`` (name -> metadata)
and ``generate()`` (name -> DataFrame). Generation is seeded, so the same code
gives the same bytes; the check proves it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
GENERATOR_DIR = DATA_DIR / "generators"
REGISTRY = DATA_DIR / "registry.json"
LICENCE = "CC0-1.0 (synthetic data made by this course's generator)"


def _load_generator(path: Path):
    spec = importlib.util.spec_from_file_location(f"generators.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def csv_bytes(table) -> bytes:
    """The exact bytes a table is stored as (UTF-8, LF line ends, no index)."""
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def build_all() -> tuple[dict[str, bytes], dict[str, dict]]:
    """Run every generator; return (file name -> bytes, registry)."""
    files: dict[str, bytes] = {}
    registry: dict[str, dict] = {}
    for path in sorted(GENERATOR_DIR.glob("*.py")):
        if path.name.startswith("_"):
            continue
        generator = _load_generator(path)
        tables = generator.generate()
        if set(tables) != set(generator.DATASETS):
            raise ValueError(
                f"{path.name}: generate() returned {sorted(tables)}, DATASETS lists {sorted(generator.DATASETS)}"
            )
        for name, table in tables.items():
            if name in registry:
                raise ValueError(
                    f"{path.name}: data set name {name!r} is already produced by "
                    f"{registry[name]['generator']}; every name must be unique"
                )
            meta = generator.DATASETS[name]
            file_name = f"{name}.csv"
            data = csv_bytes(table)
            files[file_name] = data
            registry[name] = {
                "file": file_name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "rows": int(len(table)),
                "columns": [str(column) for column in table.columns],
                "licence": meta.get("licence", LICENCE),
                "card": meta["card"],
                "module": meta["module"],
                "description": meta["description"],
                "generator": f"generators/{path.name}",
                **({"read_csv": meta["read_csv"]} if "read_csv" in meta else {}),
            }
    return files, dict(sorted(registry.items()))


def registry_bytes(registry: dict) -> bytes:
    return (json.dumps(registry, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def check() -> list[str]:
    """Problems found when comparing a fresh build with the files on disk (empty if none)."""
    files, registry = build_all()
    problems = []
    for file_name, data in files.items():
        on_disk = DATA_DIR / file_name
        if not on_disk.exists():
            problems.append(f"{file_name}: missing (run python datasets/build.py)")
        elif on_disk.read_bytes() != data:
            problems.append(f"{file_name}: differs from what its generator produces")
    if not REGISTRY.exists() or REGISTRY.read_bytes() != registry_bytes(registry):
        problems.append("registry.json: differs from a fresh build")
    for name, entry in registry.items():
        if not (DATA_DIR / entry["card"]).exists():
            problems.append(f"{name}: data card {entry['card']} is missing")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare a fresh build with the files on disk")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        print("\n".join(problems) if problems else "all data sets match their generators")
        return 1 if problems else 0
    files, registry = build_all()
    for file_name, data in files.items():
        (DATA_DIR / file_name).write_bytes(data)
    REGISTRY.write_bytes(registry_bytes(registry))
    print(f"wrote {len(files)} files and registry.json ({len(registry)} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
