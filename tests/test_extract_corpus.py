"""extract on a corpus of documents a secretariat handles: kallelse, protokoll, minnesanteckningar
and invitation e-mails, as text, Word, PDF, e-mail and HTML."""

import json
import re
from pathlib import Path

import pytest

from benchmarks.extract_score import CORPUS, FIELDS, TARGET, TZ, compare, documents, extracted, score
from scheduler.extract.documents import read_document
from tests.conftest import ROOT
from tests.document_formats import write

SEED = ROOT / "tests" / "data" / "minutes-2023-12-15-ledningsgrupp.txt"
CORPUS_DOCUMENTS = documents(CORPUS)
TEXTS = [p for p in CORPUS_DOCUMENTS if p.suffix == ".txt"] + [SEED]
# What a reader takes for a time: weekdays and months, clock times, "före mötet", "senast",
# "nästa möte", "i början av" (written here apart from the extractor's own patterns).
DATED = re.compile(
    r"\b(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|januari|februari|mars|april|maj|"
    r"juni|juli|augusti|september|oktober|november|december)\b|\bkl\.?\s*\d|\b\d{1,2}[.:]\d{2}\b|"
    r"\b(?:före|innan)\s+\w*(?:mötet|sammanträdet|workshopen)|\bsenast\b|"
    r"\bnästa\s+(?:möte|sammanträde)|\b(?:början|mitten|slutet)\s+av\b|\bunder\s+20\d\d\b",
    re.IGNORECASE)


def without_sources(value):
    if isinstance(value, dict):
        return {k: without_sources(v) for k, v in value.items() if k != "source"}
    if isinstance(value, list):
        return [without_sources(v) for v in value]
    return value


def test_the_corpus_has_six_kinds_of_documents():
    assert len(CORPUS_DOCUMENTS) >= 6
    kinds = {json.loads(p.with_name(p.name + ".json").read_text())["kind"] for p in CORPUS_DOCUMENTS}
    assert kinds == {"minutes", "protocol", "summons", "invitation"}
    assert {p.suffix for p in CORPUS_DOCUMENTS} == {".txt", ".html", ".eml"}
    assert len({json.loads(p.with_name(p.name + ".json").read_text())["body"] for p in CORPUS_DOCUMENTS}) >= 8


@pytest.mark.parametrize("field", list(FIELDS))
def test_precision_and_recall_per_field(field):
    count = score()[field]
    assert count.expected > 0
    assert (count.precision, count.recall) >= (TARGET, TARGET), (count.precision, count.recall)


@pytest.mark.parametrize("path", CORPUS_DOCUMENTS, ids=lambda p: p.name)
def test_each_document_matches_its_expected_extraction(path):
    expected = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
    found = extracted(path)
    assert (found["kind"], found["body"], found["date"]) == (
        expected["kind"], expected["body"], expected["date"])
    for name, count in compare(expected, found).items():
        assert count.hits == count.found == count.expected, name
    assert [u["reason"] for u in found["unplaced"]] == [u["reason"] for u in expected["unplaced"]]


def sources(record: dict) -> list[str]:
    """Every source line of what was found or left unplaced, whitespace folded."""
    items = ([record["meeting"]] if record["meeting"] else []) + [
        item for key in ("participants", "meetings", "deadlines", "agenda", "notices", "unplaced")
        for item in record[key]]
    return [" ".join(line.split()) for item in items for line in item["source"].splitlines()
            + [item["source"]]]


@pytest.mark.parametrize("path", CORPUS_DOCUMENTS + [SEED], ids=lambda p: p.name)
def test_nothing_dated_is_dropped(path):
    """Every sentence that holds a date, a weekday, a time or a relative time is in a found
    item or in unplaced."""
    found = sources(extracted(path))
    missing = []
    for line in read_document(path).splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", line.strip()):
            sentence = " ".join(sentence.split())
            if DATED.search(sentence) and not any(sentence in source for source in found):
                missing.append(sentence)
    assert missing == []


@pytest.mark.parametrize("kind", ["docx", "pdf", "eml", "eml-html", "html"])
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_every_format_gives_the_same_extraction(tmp_path: Path, path, kind):
    text = path.read_text(encoding="utf-8")
    same = write(tmp_path, path.stem, text, kind)
    assert without_sources(extracted(same)) == without_sources(extracted(path))


def test_the_score_prints_per_field(capsys):
    from benchmarks.extract_score import main

    assert main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"extract on {len(CORPUS_DOCUMENTS)} documents (target {TARGET}):"
    assert [line.split()[0] for line in out[2:]] == [name.split()[0] for name in FIELDS]
    assert TZ.key == "Europe/Stockholm"


def test_the_benchmark_records_the_score_per_field():
    from benchmarks.extract_score import scores

    records = scores()
    assert [r["extract"] for r in records] == list(FIELDS)
    assert all(r["ok"] and r["items"] > 0 for r in records)
