"""Reading minutes: the reader turns text into an ``Extraction``; ``apply_extraction`` writes it to the store."""

from scheduler.extract.reader import (
    Applied,
    Extraction,
    FoundDeadline,
    FoundMeeting,
    apply_extraction,
    extract,
    extract_file,
)

__all__ = ["Applied", "Extraction", "FoundDeadline", "FoundMeeting", "apply_extraction", "extract", "extract_file"]
