"""The ``scheduler`` entry point; the command line lives in ``scheduler/cli/``."""

import sys

from scheduler.cli.app import main

__all__ = ["main"]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
