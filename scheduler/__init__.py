"""scheduler: meetings, deadlines, invitations, notices and attendance for a cooperation's secretariat.

The package never imports click; ``cli.py`` is the command line on top of it.
"""
