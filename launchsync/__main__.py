"""``python -m launchsync``: the same as the ``launchsync`` command."""

from launchsync.cli import main

main()
