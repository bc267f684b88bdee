"""scheduler: meetings, deadlines, invitations, notices and attendance for a cooperation's secretariat.

Only ``scheduler.cli`` imports click; ARCHITECTURE.md describes the layers.
"""
