"""The text of the documents a secretariat handles: plain text, Word, PDF, e-mail and HTML.

Each reader gives the lines a person would read, in reading order: a Word file's
paragraphs and tables (a row's cells joined by tabs), a PDF's pages (columns two or more
spaces apart become tabs), an e-mail's subject and its text part (or its HTML part as
text), an HTML page's blocks. The libraries do the reading: python-docx, pypdf and the
standard library's ``email`` and ``html.parser``. What cannot be read is an ``InputError``
that says why and what to do: an empty file, a PDF without a text layer, a password, a
binary file, a file over the stated limits.
"""

import re
import zipfile
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path

from scheduler.errors import InputError
from scheduler.text.i18n import N_

MAX_BYTES = 10 * 1024 * 1024  # a file larger than this is refused before it is read
MAX_CHARS = 1_000_000  # the text of one document, after reading
MAX_PDF_PAGES = 300
KINDS = (".txt", ".docx", ".pdf", ".eml", ".html", ".htm")
NO_FILE = N_("No file {path}: give the path of the minutes, kallelse or other document.")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an encrypted .docx, or a .doc


def read_document(path: Path) -> str:
    """The text of ``path`` by its kind (the ending of its name); InputError when it cannot be read."""
    if path.is_dir():
        raise InputError("{path} is a folder: give the document's file.", path=path)
    if not path.exists():
        raise InputError(NO_FILE, path=path)
    kind = path.suffix.lower()
    if kind not in KINDS:
        raise InputError("{name}: extract reads {kinds} files; save the document as one of "
                           "them.", name=path.name, kinds=", ".join(KINDS))
    data = _bytes(path)
    readers = {".txt": _text, ".docx": _docx, ".pdf": _pdf, ".eml": _eml, ".html": _html,
               ".htm": _html}
    text = readers[kind](data, path)
    if not text.strip():
        raise InputError("{path} holds no text: give the document with its text.", path=path)
    if len(text) > MAX_CHARS:
        raise InputError("{path} holds {count:,} characters, more than the {limit:,} extract reads at "
                           "once: split the document.", path=path, count=len(text), limit=MAX_CHARS)
    return text


def _bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError("{path} is {size:.1f} MB; extract reads documents up to {limit} MB: split it or "
                           "save only the text.", path=path, size=size / 1024 / 1024, limit=MAX_BYTES // 1024 // 1024)
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(NO_FILE, path=path) from err
    except OSError as err:
        raise InputError("{path} cannot be read ({problem}).", path=path, problem=err.strerror) from err
    if not data.strip():
        raise InputError("{path} is empty: give the text of the document.", path=path)
    return data


def _text(data: bytes, path: Path) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:
        raise InputError("{path} is not UTF-8 text: save the document as plain text in UTF-8 (in Word: "
                           "Spara som > Oformaterad text > UTF-8), or give the .docx or .pdf itself, and "
                           "try again.", path=path)
    return text


def _docx(data: bytes, path: Path) -> str:
    """Paragraphs and tables in the order they stand; a table row is its cells joined by tabs."""
    import io

    import docx
    from docx.table import Table

    if data.startswith(_OLE):
        raise InputError("{path} is password-protected (or an old .doc): save it without a password as "
                           ".docx and try again.", path=path)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise InputError("{path} is not a Word document (.docx) that can be read: {problem}",
                         path=path, problem=err) from err
    lines = []
    numbers = _Numbering(document)
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(row.cells))  # a merged cell is listed once
                lines.append("\t".join(cell.text.strip() for cell in cells).rstrip("\t"))
        else:
            lines.append(numbers.label(block) + block.text)
    return "\n".join(lines)


class _Numbering:
    """The numbers Word writes before a numbered paragraph ("1. ", "2. "), which are not in
    its text; a bulleted paragraph gets "- "."""

    def __init__(self, document) -> None:
        self.formats: dict[tuple[str, str], str] = {}
        self.counts: dict[tuple[str, str], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {a.get(_w("abstractNumId")): a for a in root.findall(_w("abstractNum"))}
        for num in root.findall(_w("num")):
            ref = num.find(_w("abstractNumId"))
            levels = abstract.get(ref.get(_w("val"))) if ref is not None else None
            for level in levels.findall(_w("lvl")) if levels is not None else []:
                fmt = level.find(_w("numFmt"))
                self.formats[(num.get(_w("numId")), level.get(_w("ilvl")))] = (
                    fmt.get(_w("val")) if fmt is not None else "decimal")

    def label(self, paragraph) -> str:
        """The paragraph's number, its own or its style's (List Number)."""
        props = _numbering_of(paragraph._p)
        style = paragraph.style
        while props is None and style is not None:
            props = _numbering_of(style.element)
            style = style.base_style
        if props is None or props.numId is None:
            return ""
        key = (str(props.numId.val), str(props.ilvl.val) if props.ilvl is not None else "0")
        if self.formats.get(key, "decimal") == "bullet":
            return "- "
        self.counts[key] = self.counts.get(key, 0) + 1
        return f"{self.counts[key]}. "


def _numbering_of(element):
    """The numPr of a paragraph or a paragraph style, if it has one."""
    props = element.pPr
    return props.numPr if props is not None else None


def _w(name: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + name


def _pdf(data: bytes, path: Path) -> str:
    """The pages' text in reading order, laid out so that columns stay apart."""
    import io

    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise InputError("{path} has {count} pages; extract reads up to {limit}: split the "
                               "document.", path=path, count=len(reader.pages), limit=MAX_PDF_PAGES)
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
    except (FileNotDecryptedError, DependencyError) as err:
        raise InputError("{path} is password-protected: save it without a password and try "
                           "again.", path=path) from err
    except (PdfReadError, ValueError, KeyError, TypeError) as err:
        raise InputError("{path} is not a PDF that can be read: {problem}", path=path, problem=err) from err
    text = "\n".join(pages)
    if not text.strip():
        raise InputError("{path} has no text layer (scanned?): use OCR first, e.g. 'ocrmypdf in.pdf "
                           "out.pdf', and give the result.", path=path)
    return "\n".join(re.sub(r"(?<=\S) {2,}(?=\S)", "\t", line.strip()) for line in text.splitlines())


def _eml(data: bytes, path: Path) -> str:
    """The subject, then the text part (or the HTML part as text)."""
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise InputError("{path} is not an e-mail (.eml): it has no headers.", path=path)
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise InputError("{path} has no text or HTML part to read.", path=path)
    try:
        content = body.get_content()
    except (LookupError, ValueError) as err:
        raise InputError("{path}: the e-mail's text cannot be decoded ({problem}).", path=path, problem=err) from err
    if body.get_content_subtype() == "html":
        content = html_text(content)
    subject = str(message.get("subject", "")).strip()
    return f"{subject}\n\n{content}" if subject else content


def _html(data: bytes, path: Path) -> str:
    return html_text(_text(data, path))


class _Text(HTMLParser):
    """Blocks on lines of their own, table cells apart by tabs; no scripts or styles."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul",
              "ol", "section", "article", "header", "footer", "title", "blockquote", "pre", "dt",
              "dd"}
    HIDDEN = {"script", "style", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in ("td", "th"):
            if self.cells:
                self.parts.append("\t")
            self.cells += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
            if tag == "tr":
                self.cells = 0

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in ("p", "table", "ul", "ol") or tag.startswith("h") and tag[1:].isdigit():
            self.parts.append("\n\n")
        elif tag in self.BLOCKS and tag not in ("tr", "li", "br"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_text(html: str) -> str:
    """The text of an HTML page or mail part, a block a line, paragraphs apart by a blank line."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [line.strip(" ") for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
