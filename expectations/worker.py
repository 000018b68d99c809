"""The validation process: Great Expectations runs beside the run, not inside it.

A run starts the process when it begins (``warm_up``; ``launchsync sync`` and ``readiness``
before their own imports and checks), so importing Great Expectations (about three seconds)
overlaps them and the pull; validation and readiness then hand it their suite groups one after
the other (``run_suites_isolated``) and the run stops it when it ends (``stop``). The process
never opens the warehouse: it reads the batch file the run wrote for the group
(``expectations.runner.batch_file``), so the run keeps the warehouse open and warm throughout.
Great Expectations' process-wide context and import time never reach the run's process.

Requests and replies are one JSON line each on the child's standard input and output; whatever
Great Expectations prints goes to its standard error.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any, NoReturn

from expectations.runner import BATCH_FILE, SuiteError
from launchsync.errors import LaunchsyncError

PR_SET_PDEATHSIG = 1  # linux/prctl.h
TIMEOUT = 1800.0


def die_with_parent() -> None:
    """In the child: be killed when the run that started it dies (Linux).

    A validation left running after its run was killed would hold the warehouse open and make
    the next run fail to open it.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Worker:
    """One validation process and the line it is spoken to on."""

    def __init__(self) -> None:
        self.errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        # Unbuffered bytes: a reply read ahead into a buffer would be invisible to select().
        self.child = subprocess.Popen(
            [sys.executable, "-m", "expectations.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            bufsize=0,
            preexec_fn=die_with_parent,
        )
        self.pending = b""
        self.requests = 0

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.child.poll() is None

    def run(self, batches: Path, group: str, folder: Path, timeout: float) -> list[Path]:
        """Have the process validate ``group``; the failure files it wrote into ``folder``."""
        self.requests += 1
        request = {"id": self.requests, "batches": str(batches), "group": group,
                   "folder": str(folder)}  # fmt: skip
        assert self.child.stdin is not None
        try:
            self.child.stdin.write((json.dumps(request) + "\n").encode())
            self.child.stdin.flush()
        except BrokenPipeError:
            raise SuiteError(f"validation of {group} failed: {self.last_error()}") from None
        deadline = time.monotonic() + timeout
        while True:  # a reply to an earlier, abandoned request is skipped
            line = self.reply_line(deadline)
            if line is None:
                self.stop()
                raise SuiteError(
                    f"validation of {group} took longer than {timeout:g} s and was stopped"
                )
            if not line:
                self.child.wait()
                raise SuiteError(f"validation of {group} failed: {self.last_error()}")
            reply = json.loads(line)
            if reply.get("id") == self.requests:
                break
        if "error" in reply:
            raise SuiteError(f"validation of {group} failed: {reply['error']}")
        return [Path(name) for name in reply["files"]]

    def reply_line(self, deadline: float) -> bytes | None:
        """The next line the process writes; b"" when it ended, None when ``deadline`` passed."""
        assert self.child.stdout is not None
        fd = self.child.stdout.fileno()
        while b"\n" not in self.pending:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return b""
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line

    def last_error(self) -> str:
        """The last error line the process printed (what ended it)."""
        self.errors.seek(0)
        lines = [x for x in self.errors.read().decode(errors="replace").splitlines() if x.strip()]
        last = next((x for x in reversed(lines) if "Error" in x), lines[-1] if lines else "")
        return last.strip() or f"the validation process ended with code {self.child.returncode}"

    def stop(self) -> None:
        """End the process (closing its input ends it; killed if it does not)."""
        if self.alive():
            try:
                assert self.child.stdin is not None
                self.child.stdin.close()
                self.child.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.child.kill()
                self.child.wait()
        self.errors.close()


_worker: Worker | None = None
_lock = threading.Lock()


def warm_up() -> None:
    """Start the validation process now, so it is ready when validation begins."""
    global _worker
    with _lock:
        if _worker is None or not _worker.alive():
            _worker = Worker()


def stop() -> None:
    """Stop the validation process, if one runs."""
    global _worker
    with _lock:
        if _worker is not None:
            _worker.stop()
            _worker = None


def run_suites_isolated(group: str, folder: Path, timeout: float = TIMEOUT) -> list[Path]:
    """Run a group's suites in the validation process on the batch file in ``folder``.

    ``folder`` is the one ``batch_file`` wrote the group's batch tables into; the process
    opens that file read-only and the warehouse stays the run's. A process is started
    when none was warmed up; one that failed is replaced on the next call.

    Returns:
        The failure files the process wrote into ``folder``.

    Raises:
        SuiteError: validation failed; the message is the process's last error line.
    """
    global _worker
    with _lock:
        if _worker is None or not _worker.alive():
            _worker = Worker()
        return _worker.run(folder / BATCH_FILE, group, folder, timeout)


def _answer(request: dict[str, Any]) -> dict[str, Any]:
    from expectations.runner import export_failures
    from warehouse.db import connect

    try:
        con = connect(Path(request["batches"]), read_only=True)
        try:
            files = export_failures(con, request["group"], Path(request["folder"]))
        finally:
            con.close()
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        named = first if isinstance(exc, LaunchsyncError) else f"{type(exc).__name__}: {first}"
        return {"error": named}
    return {"files": [str(f) for f in files]}


def _serve() -> NoReturn:
    # Replies go on the original standard output; anything else printed goes to stderr.
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    import great_expectations  # noqa: F401 - the import this process is started early for

    from expectations import custom, gx_duckdb  # noqa: F401 - ready before the first request

    for line in sys.stdin:
        request = json.loads(line)
        replies.write(json.dumps({"id": request.get("id"), **_answer(request)}) + "\n")
        replies.flush()
    # Input closed: the run is over. Every connection was closed with its request, so skip
    # the interpreter's teardown of GX and SQLAlchemy, which kept the run waiting 1.6 s.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    _serve()
