"""The same text as a Word file, a PDF, an e-mail and an HTML page, for the extract tests.

Lines with tabs (a participant block, an agenda in columns) become table rows in Word and
HTML and columns in the PDF; the other lines become paragraphs, a blank line ending one.
"""

import io
from email.message import EmailMessage
from html import escape
from pathlib import Path

PDF_FONT = "helvetica"


def _blocks(text: str) -> list[list[str]]:
    """Runs of lines: tabbed lines (a table) and plain lines, in order."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if blocks and ("\t" in line) == ("\t" in blocks[-1][0]):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for block in _blocks(text):
        if "\t" in block[0]:
            rows = [line.split("\t") for line in block]
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for row, cells in zip(table.rows, rows):
                for cell, value in zip(row.cells, cells):
                    cell.text = value
        else:
            for line in block:
                document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"  # the standard fonts' own encoding: å ä ö – §
    pdf.add_page()
    pdf.set_font(PDF_FONT, size=9)
    for line in text.splitlines():
        if "\t" in line:
            for cell in line.split("\t"):
                pdf.cell(55, 5, cell)
            pdf.ln()
        elif line.strip():
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(5)
    return bytes(pdf.output())


def html_page(text: str) -> str:
    parts = []
    for block in _blocks(text):
        if "\t" in block[0]:
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in line.split("\t"))
                           + "</tr>\n" for line in block)
            parts.append(f"<table>\n{rows}</table>")
        else:
            paragraph = []
            for line in block + [""]:
                if line.strip():
                    paragraph.append(escape(line))
                elif paragraph:
                    parts.append("<p>" + "<br>\n".join(paragraph) + "</p>")
                    paragraph = []
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>p {}</style></head><body>\n"
            + "\n".join(parts) + "\n</body></html>\n")


def eml_bytes(text: str, *, html: bool = False) -> bytes:
    """An e-mail whose subject is the first line and whose text (or HTML part) is the rest."""
    first, _, rest = text.lstrip("\n").partition("\n")
    message = EmailMessage()
    message["From"] = "Sekretariatet <sekretariatet@sodertorn.example>"
    message["To"] = "ledningsgruppen@sodertorn.example"
    message["Subject"] = first
    if html:
        message.set_content(html_page(rest), subtype="html")
    else:
        message.set_content(rest)
    return bytes(message)


def write(folder: Path, name: str, text: str, kind: str) -> Path:
    """``text`` written as ``kind`` (docx, pdf, eml, eml-html, html) to ``folder/name.kind``."""
    data = {"docx": lambda: docx_bytes(text), "pdf": lambda: pdf_bytes(text),
            "eml": lambda: eml_bytes(text), "eml-html": lambda: eml_bytes(text, html=True),
            "html": lambda: html_page(text).encode()}[kind]()
    path = folder / f"{name}.{kind.split('-')[0]}"
    path.write_bytes(data)
    return path
