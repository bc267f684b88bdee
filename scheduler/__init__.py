"""scheduler: meetings, deadlines, invitations, notices and attendance for a cooperation's secretariat.

Only ``scheduler.cli`` imports click; ARCHITECTURE.md describes the layers.
"""

__version__ = "0.3.4"  # pyproject reads it; --version shows it without asking importlib.metadata
