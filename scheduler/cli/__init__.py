"""The command line: ``app`` is the root group; each other module holds one group of commands."""
