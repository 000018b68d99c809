"""Run a command and report its peak resident memory, measured from a small process.

Linux hands a process the resident size of the one that forked it as the start of its
high-water mark, so a command started by the benchmark (which holds generated catalogs)
would report the benchmark's memory, not its own. Started from this module instead, the
command is forked from a fresh, small interpreter.

    python -m launchsync.bench.peak OUT_FILE COMMAND...

writes the command's peak (with the processes it waited for) in KiB to OUT_FILE and exits
with the command's status.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run ``argv[1:]``, write its peak in KiB to ``argv[0]``, return its exit status."""
    out, command = Path(argv[0]), argv[1:]
    pid = os.fork()
    if pid == 0:  # pragma: no cover - replaced by the command
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    out.write_text(str(usage.ru_maxrss))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
