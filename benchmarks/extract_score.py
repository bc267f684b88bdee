"""How well ``extract`` reads the test corpus: precision and recall per field.

Each document in ``tests/data/extract/`` has its expected extraction beside it
(``NAME.json``: the ``extract --json`` record without the source lines). A field's items
are compared as tuples of the values that matter (a meeting's title, start, end and place;
a deadline's title, kind, due day, owner and meeting; ...); precision and recall are summed
over the corpus. ``tests/test_extract_corpus.py`` fails below ``TARGET``;
``benchmarks/run.py`` prints the table next to the speed table.

    .venv/bin/python benchmarks/extract_score.py [FOLDER]
"""

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "extract"
TARGET = 0.95
TZ = ZoneInfo("Europe/Stockholm")

Record = dict[str, Any]


def _meetings(record: Record) -> set[tuple]:
    found = [record["meeting"]] if record["meeting"] else []
    return {(m["title"], m["start"], m["end"], m["location"]) for m in found + record["meetings"]}


def _deadlines(record: Record) -> set[tuple]:
    return {(d["title"], d["kind"], d["due"], d["due_from"], d["owner"],
             d["meeting"]["start"] if d["meeting"] else None) for d in record["deadlines"]}


def _agenda(record: Record) -> set[tuple]:
    return {(i["number"], i["title"], i["from"], i["to"], i["presenter"], i["mode"])
            for i in record["agenda"]}


def _roles(record: Record) -> set[tuple]:
    return {(p["name"], p["role"]) for p in record["participants"] if p["role"] != "participant"}


def _modes(record: Record) -> set[tuple]:
    return {(p["name"], p["mode"]) for p in record["participants"] if p["mode"]}


def _windows(record: Record) -> set[tuple]:
    return {(p["name"], p["from"], p["to"]) for p in record["participants"] if p["from"] or p["to"]}


FIELDS: dict[str, Callable[[Record], set[tuple]]] = {
    "meetings": _meetings, "deadlines": _deadlines, "agenda": _agenda, "roles": _roles,
    "attendance modes": _modes, "windows": _windows,
}


@dataclass
class Count:
    """True positives, items found, items expected; an empty field scores 1."""

    hits: int = 0
    found: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0


def compare(expected: Record, found: Record) -> dict[str, Count]:
    """The counts per field of one document."""
    counts = {}
    for name, items in FIELDS.items():
        want, got = items(expected), items(found)
        counts[name] = Count(len(want & got), len(got), len(want))
    return counts


def documents(folder: Path = CORPUS) -> list[Path]:
    """The corpus documents: every file with an expected ``.json`` beside it."""
    return sorted(p for p in folder.iterdir() if p.suffix != ".json" and
                  p.with_name(p.name + ".json").exists())


def extracted(path: Path) -> Record:
    """``extract --json`` of ``path``."""
    from scheduler.extract import extract_file
    from scheduler.text.records import extraction_record

    return extraction_record(extract_file(path, tz=TZ, today=None), TZ)


def score(folder: Path = CORPUS) -> dict[str, Count]:
    """The counts per field summed over the corpus."""
    total = {name: Count() for name in FIELDS}
    for path in documents(folder):
        expected = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
        for name, count in compare(expected, extracted(path)).items():
            total[name].hits += count.hits
            total[name].found += count.found
            total[name].expected += count.expected
    return total


def scores(folder: Path = CORPUS) -> list[dict[str, object]]:
    """The score as records, one a field, for ``benchmarks/run.py`` (its table and its JSON)."""
    return [{"extract": name, "precision": round(c.precision, 3), "recall": round(c.recall, 3),
             "items": c.expected, "target": TARGET, "ok": min(c.precision, c.recall) >= TARGET}
            for name, c in score(folder).items()]


def table(counts: dict[str, Count]) -> str:
    """The score as the benchmark prints it, one field a line."""
    lines = [f"{'field':<18} {'precision':>9} {'recall':>7} {'items':>6}"]
    lines += [f"{name:<18} {c.precision:>9.3f} {c.recall:>7.3f} {c.expected:>6}"
              for name, c in counts.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the score; 1 when a field is below the target."""
    args = sys.argv[1:] if argv is None else argv
    counts = score(Path(args[0]) if args else CORPUS)
    print(f"extract on {len(documents(Path(args[0]) if args else CORPUS))} documents "
          f"(target {TARGET}):")
    print(table(counts))
    return 0 if all(min(c.precision, c.recall) >= TARGET for c in counts.values()) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
