"""extract FILE reads .txt, .docx, .pdf, .eml and .html; what it cannot read is an error
that says why and what to do, and the store is not touched."""

import io
import time
from pathlib import Path

import pytest

from scheduler.extract.documents import MAX_BYTES, read_document
from tests.conftest import ROOT
from tests.document_formats import docx_bytes, eml_bytes, pdf_bytes

KALLELSE = ROOT / "tests" / "data" / "extract" / "kallelse-2024-03-19-samarbetskommitten.txt"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Errors are checked in English (the msgids); one test reads them in Swedish."""
    monkeypatch.setenv("SCHEDULER_LANG", "en")


def scanned_pdf() -> bytes:
    """A page with only a drawing on it, as a scanner without OCR leaves it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 170, 250, style="F")
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes(KALLELSE.read_text())))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.encrypt("hemligt")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_docx() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(docx_bytes(KALLELSE.read_text()))).encrypt("hemligt", encrypted)
    return encrypted.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("empty.txt", lambda: b"", "is empty: give the text of the document"),
        ("empty.docx", lambda: docx_bytes(""), "holds no text"),
        ("scanned.pdf", scanned_pdf, "has no text layer (scanned?): use OCR first"),
        ("locked.pdf", encrypted_pdf, "is password-protected: save it without a password"),
        ("locked.docx", encrypted_docx, "is password-protected (or an old .doc)"),
        ("binary.txt", lambda: bytes(range(256)) * 4, "is not UTF-8 text"),
        ("broken.pdf", lambda: b"%PDF-1.4\nnot really", "is not a PDF that can be read"),
        ("broken.docx", lambda: b"PK\x03\x04 not a zip", "is not a Word document (.docx)"),
        ("headers.eml", lambda: b"just words, no headers\n", "is not an e-mail (.eml)"),
        ("minutes.doc", lambda: b"whatever", "extract reads .txt, .docx, .pdf, .eml, .html, .htm"),
        ("minutes.odt", lambda: b"whatever", "save the document as one of them"),
    ],
)
def test_documents_that_cannot_be_read(sample_cli, tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content())
    before = sample_cli.dump()
    result = sample_cli.fails("extract", str(path), "--apply")
    assert says in result.stderr
    assert sample_cli.dump() == before


def test_a_document_over_the_limit_is_refused_before_it_is_read(sample_cli, tmp_path):
    """A 20 MB document: refused by its size at once, the limit stated."""
    path = tmp_path / "huge.txt"
    line = "Handlingar skickas ut senast en vecka före mötet.\n"
    path.write_text(line * (20 * 1024 * 1024 // len(line)), encoding="utf-8")
    started = time.monotonic()
    result = sample_cli.fails("extract", str(path))
    assert time.monotonic() - started < 5
    assert f"extract reads documents up to {MAX_BYTES // 1024 // 1024} MB" in result.stderr


def test_a_long_document_within_the_limits_is_read(tmp_path):
    """Many pages of text below the limits are read in bounded time."""
    text = KALLELSE.read_text()
    body = "\n\n".join(f"§ {n} Punkt\n\nInget att rapportera." for n in range(1, 1000))
    path = tmp_path / "long.txt"
    path.write_text(text.split("Föredragningslista")[0] + body, encoding="utf-8")
    started = time.monotonic()
    from benchmarks.extract_score import extracted

    assert len(extracted(path)["agenda"]) == 999
    assert time.monotonic() - started < 30


def test_a_weekday_that_contradicts_its_date_is_unplaced_with_the_reason(cli, tmp_path):
    path = tmp_path / "kallelse.txt"
    path.write_text(KALLELSE.read_text().replace("måndag den 4 mars 2024", "torsdag 8 mars 2024"),
                    encoding="utf-8")
    data = cli.json("extract", str(path))
    [unplaced] = [u for u in data["unplaced"] if "8 mars" in u["source"]]
    assert unplaced["source"] == "Anmälan om förhinder görs till Helene Olofsson senast torsdag 8 mars 2024."
    assert unplaced["reason"].startswith("'torsdag 8 mars 2024': 2024-03-08 is a Friday, not a Thursday; "
                                         "correct the weekday or the date")
    assert [d["kind"] for d in data["deadlines"]] == ["material"]  # never guessed


def test_an_invitation_e_mail_with_only_an_html_part(cli, tmp_path):
    path = tmp_path / "inbjudan.eml"
    text = (ROOT / "tests" / "data" / "extract" / "inbjudan-2024-05-20-workshop.eml").read_bytes()
    body = text.decode().split("\n\n", 1)[1]
    path.write_bytes(eml_bytes("Inbjudan till workshop om regional cykelplan\n" + body, html=True))
    data = cli.json("extract", str(path))
    assert (data["kind"], data["meeting"]["start"]) == ("invitation", "2024-05-20T13:00:00+02:00")
    assert [(d["kind"], d["due"]) for d in data["deadlines"]] == [
        ("rsvp", "2024-05-10"), ("material", "2024-05-13")]


def test_a_kallelse_in_every_format_applies_once(sample_cli, tmp_path: Path):
    """The agenda, the roles and the tied deadlines are written; applying the .docx and the
    .pdf after the .txt adds nothing."""
    text = KALLELSE.read_text()
    first = sample_cli.json("extract", str(KALLELSE), "--apply", today="2024-03-01")["added"]
    assert [(m["title"], m["start"]) for m in first["meetings"]] == [
        ("Samarbetskommittén", "2024-03-19T09:00:00+01:00"),
        ("Samarbetskommittén", "2024-05-14T09:00:00+02:00")]
    assert len(first["agenda"]) == 8
    meeting = first["meetings"][0]["id"]
    before = sample_cli.dump()
    for kind, data in (("docx", docx_bytes(text)), ("pdf", pdf_bytes(text))):
        path = tmp_path / f"kallelse.{kind}"
        path.write_bytes(data)
        again = sample_cli.json("extract", str(path), "--apply", today="2024-03-01")["added"]
        assert all(value == [] for value in again.values()), kind
    assert sample_cli.dump() == before
    attendance = sample_cli.json("attendance", str(meeting))
    roles = {p["name"]: (p["role"], p["mode"]) for p in attendance["participants"]}
    assert roles["Daniel Dronjak"][0] == "chair"
    assert roles["Helene Olofsson"][0] == "secretary"
    assert roles["Anton Västberg"] == ("guest", "digital")
    tied = [d for d in sample_cli.json("deadlines", today="2024-03-01") if d["meeting_id"] == meeting]
    assert [(d["title"], d["due"]) for d in tied] == [("Handlingar till mötet skickas", "2024-03-12")]
    # "en vecka före mötet" follows the meeting when it moves.
    sample_cli.ok("meeting", "edit", str(meeting), "--start", "2024-03-26 09:00", today="2024-03-01")
    tied = [d for d in sample_cli.json("deadlines", today="2024-03-01") if d["meeting_id"] == meeting]
    assert [d["due"] for d in tied] == ["2024-03-19"]


def test_read_document_keeps_tables_in_their_place(tmp_path):
    path = tmp_path / "kallelse.docx"
    path.write_bytes(docx_bytes("Rubrik\nA\tB\nC\tD\nSlut"))
    assert read_document(path) == "Rubrik\nA\tB\nC\tD\nSlut"


def test_the_errors_are_swedish_by_default(sample_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SCHEDULER_LANG", "sv")
    path = tmp_path / "scanned.pdf"
    path.write_bytes(scanned_pdf())
    assert sample_cli.fails("extract", str(path)).stderr == (
        f"Fel: {path} saknar textlager (inskannad?): kör OCR först, t.ex. 'ocrmypdf in.pdf ut.pdf', "
        "och ange resultatet.\n")


def test_word_numbering_is_read_as_the_agenda_numbers(cli, tmp_path):
    """Word's own list numbers (List Number) are not in a paragraph's text; they are read."""
    import docx

    document = docx.Document()
    for line in KALLELSE.read_text().split("Föredragningslista")[0].splitlines():
        document.add_paragraph(line)
    document.add_paragraph("Föredragningslista")
    for title in ("Mötets öppnande", "Budget 2025 (kl 9.15–10.00)", "Övriga frågor"):
        document.add_paragraph(title, style="List Number")
    document.add_paragraph("Föredragande: Helene Olofsson")
    document.add_paragraph("Ett inlägg", style="List Bullet")
    path = tmp_path / "kallelse.docx"
    document.save(str(path))
    agenda = cli.json("extract", str(path))["agenda"]
    assert [(i["number"], i["title"], i["from"], i["presenter"]) for i in agenda] == [
        (1, "Mötets öppnande", None, None), (2, "Budget 2025", "09:15", None),
        (3, "Övriga frågor", None, "Helene Olofsson")]
