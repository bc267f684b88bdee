"""The ``scheduler`` entry point; the command line lives in ``scheduler/cli/``."""

from scheduler.cli.app import main, run

__all__ = ["main", "run"]


if __name__ == "__main__":  # pragma: no cover
    run()
