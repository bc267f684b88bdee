"""The printable summons (kallelse) of a meeting, rendered and printed by real headless Chromium."""

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def fill_16_february(cli) -> None:
    """The sample's 16 February meeting with an agenda, a guest joining digitally for part of
    it, and a document, as the coordinator would add them."""
    cli.ok("agenda", "add", "5", "Välkommen")
    cli.ok("agenda", "add", "5", "Årsredovisningen 2023", "--from", "9.15", "--to", "10.00",
           "--presenter", "Helene Olofsson")
    cli.ok("agenda", "add", "5", "Underlag om kommunikationsresurs", "--presenter", "Helene Olofsson")
    cli.ok("attend", "5", "Emma Lennartsson", "--role", "guest", "--mode", "digital",
           "--from", "9.00", "--to", "9.30")
    cli.ok("meeting", "doc", "add", "5", "https://sodertorn.example/arsredovisning-2023.pdf",
           "--title", "Årsredovisning 2023")


@needs_chromium
def test_summons_renders_in_chromium_and_prints_on_one_a4_page(sample_cli, tmp_path):
    from pypdf import PdfReader

    fill_16_february(sample_cli)
    page = tmp_path / "kallelse.html"
    written = sample_cli.json("kallelse", "ledningsgrupp-2024-02-16", "-o", str(page))
    assert written == {"meeting": 5, "file": str(page), "format": "html", "cancelled": False}
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    for text in ("Ledningsgrupp", "StorSthlms lokaler", "OBS! Ny tid och plats", "Camilla Broo",
                 "ordförande", "Emma Lennartsson", "09.00–09.30", "Årsredovisningen 2023", "09.15–10.00",
                 "Helene Olofsson", "https://sodertorn.example/arsredovisning-2023.pdf",
                 "fre 16 feb 2024 09.00–11.30"):
        assert text in dom, text
    pdf = tmp_path / "kallelse.pdf"
    sample_cli.ok("kallelse", "5", "--pdf", "-o", str(pdf))
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    width, height = (round(float(v) * 25.4 / 72) for v in reader.pages[0].mediabox[2:])
    assert (width, height) == (210, 297)
    text = reader.pages[0].extract_text()
    assert "Camilla Broo" in text and "Årsredovisningen 2023" in text


def test_cancelled_meeting_gives_the_cancellation_notice(sample_cli, tmp_path):
    sample_cli.ok("meeting", "cancel", "5", "--reason", "Flyttas till mars")
    html = sample_cli.ok("kallelse", "5", "-o", "-").stdout
    assert "Ledningsgrupp" in html and "OBS! Ny tid" not in html
    assert "Camilla Broo" not in html  # no participants or agenda on a cancellation
    record = sample_cli.json("kallelse", "5", "-o", str(tmp_path / "inställt.html"))
    assert record["cancelled"] is True


def test_kallelse_default_file_name_and_bad_place(sample_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sample_cli.ok("kallelse", "5")
    assert (tmp_path / "kallelse-2024-02-16-ledningsgrupp.html").exists()
    result = sample_cli.fails("kallelse", "5", "-o", str(tmp_path / "no" / "such" / "k.html"))
    assert "-o" in result.stderr
    sample_cli.fails("kallelse", "no-such-meeting")
