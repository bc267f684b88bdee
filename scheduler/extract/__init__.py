"""Reading the documents a secretariat handles: ``documents`` gives a file's text, the pure
``reader`` turns text into an ``Extraction`` (with ``patterns`` and ``header``), and
``apply_extraction`` writes it to the store."""

from scheduler.extract.apply import Applied, apply_extraction
from scheduler.extract.found import Extraction, FoundDeadline, FoundItem, FoundMeeting
from scheduler.extract.reader import extract, extract_file

__all__ = ["Applied", "Extraction", "FoundDeadline", "FoundItem", "FoundMeeting", "apply_extraction", "extract",
           "extract_file"]
