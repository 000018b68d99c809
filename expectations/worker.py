"""The validation service: Great Expectations imported once, kept between runs, beside them.

Importing Great Expectations takes about three seconds, longer than validating the change of a
typical run. So one service per user and code version keeps it imported: it listens on a unix
socket in a folder only its user can open (``runtime_dir``), forks a copy of itself for each
request, and ends after ``IDLE`` seconds without one. A run that finds no service starts it
(``warm_up``, as the run begins, so the import overlaps the pull); the service outlives the run,
so the next run, or the next scheduled flow run, finds it ready.

A request names a batch file the run wrote (``expectations.runner.batch_file``) and a folder
for the failure files; the service never opens the warehouse, so the run keeps it open and
warm throughout. Each request is served by its own forked process: requests of several runs
(or Dask partitions) proceed side by side, one that fails or is killed harms no other, and
memory a large validation took is returned when it ends. A caller that gives up or dies takes
its request with it: the forked process ends when its connection closes.

Code version: the service's socket is named by a digest of the interpreter, the installed
packages folder and the files of the modules it runs (``code_version``), so a changed suite
runner or an upgraded Great Expectations is never served by a service started before the
change; the old one ends when idle. The service starts without the ``LAUNCHSYNC_`` and
``PREFECT_`` variables of the run that started it: it needs no setting and holds no credential.

Requests and replies are one JSON line each; the forked process first answers with its pid.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, NoReturn

from expectations.runner import BATCH_FILE, SuiteError
from launchsync.errors import LaunchsyncError

IDLE = 900.0  # longer than the ten minutes between scheduled change runs
START = 30.0  # how long a run waits for a service it started to listen
TIMEOUT = 1800.0
LOG_MAX, LOG_KEEP = 1 << 20, 1 << 18  # a line per request: weeks of a ten-minute schedule
# The files whose code the service runs, under the project folder.
CODE = ("expectations/**/*.py", "expectations/*.csv", "launchsync/*.py")
ROOT = Path(__file__).resolve().parents[1]
DROPPED = ("LAUNCHSYNC_", "PREFECT_")
MEMORY = re.compile(r"^[0-9.]+ ?[A-Za-z]*$")
SOCKET_PATH_MAX = 100  # sun_path holds 108 bytes


def runtime_dir() -> Path:
    """The folder of this user's services: ``$XDG_RUNTIME_DIR/launchsync`` or a private temp one.

    Raises:
        SuiteError: the folder exists but other users can open it (or it is not this user's).
    """
    base = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(base) / "launchsync" if base else None
    if folder is None or len(str(folder)) > SOCKET_PATH_MAX - 30:
        folder = Path(tempfile.gettempdir()) / f"launchsync-{os.getuid()}"
    if len(str(folder)) > SOCKET_PATH_MAX - 30:
        folder = Path("/tmp") / f"launchsync-{os.getuid()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if folder.is_symlink() or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise SuiteError(
            f"the validation service's folder {folder} is open to other users: remove it, "
            "or set XDG_RUNTIME_DIR to a folder only this user can open"
        )
    return folder


def code_files() -> list[Path]:
    """The files of the modules the service runs (what a code version is made of)."""
    return sorted({file for pattern in CODE for file in ROOT.glob(pattern)})


def code_version() -> str:
    """A digest of the interpreter, the installed packages and the service's own files."""
    digest = hashlib.sha256(sys.executable.encode())
    packages = Path(sysconfig.get_paths()["purelib"])
    for file in [packages, *code_files()]:
        info = file.stat()
        digest.update(f"{file}:{info.st_mtime_ns}:{info.st_size}\n".encode())
    return digest.hexdigest()[:12]


def _paths(folder: Path, version: str) -> tuple[Path, Path, Path]:
    """The service's socket, lock file (holding its pid) and log."""
    stem = folder / f"validate-{version}"
    return stem.with_suffix(".sock"), stem.with_suffix(".lock"), stem.with_suffix(".log")


def _serving(lock: Path) -> int | None:
    """The pid of the service holding ``lock``, or None when no service holds it.

    Asked with a shared lock, which the service's exclusive one refuses and other askers do
    not: two runs asking at once both learn the truth.
    """
    try:
        with lock.open("r") as file:
            try:
                fcntl.flock(file, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                text = file.read().strip()
                return int(text) if text.isdigit() else -1
            fcntl.flock(file, fcntl.LOCK_UN)
            return None
    except FileNotFoundError:
        return None


def _start(folder: Path, version: str) -> None:
    """Start a service for ``version`` (it ends at once if another one already serves)."""
    _, _, log = _paths(folder, version)
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(DROPPED)}
    # Forked per request: no idle BLAS threads in the process that forks.
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    with log.open("ab") as out:
        starter = subprocess.Popen(
            [sys.executable, "-m", "expectations.worker", str(folder), version, str(IDLE)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
    starter.wait()  # the starter forks the service and ends at once


def warm_up() -> None:
    """Start this user's validation service unless one already serves this code version."""
    folder = runtime_dir()
    version = code_version()
    if _serving(_paths(folder, version)[1]) is None:
        _start(folder, version)


def service_pid() -> int | None:
    """The pid of the service for the current code version, if one runs.

    None as well for a service that has just taken its lock and not yet written its pid.
    """
    pid = _serving(_paths(runtime_dir(), code_version())[1])
    return pid if pid and pid > 0 else None


def stop_all(folder: Path) -> list[int]:
    """Stop every service in ``folder`` (whatever its code version); the pids stopped."""
    stopped = []
    for lock in folder.glob("validate-*.lock"):
        pid = _serving(lock)
        if pid and pid > 0:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
                stopped.append(pid)
    return stopped


def _connect(folder: Path, version: str, deadline: float) -> socket.socket | None:
    """A connection to the service, starting one when none listens; None past ``deadline``."""
    path, _, log = _paths(folder, version)
    started: int | None = None  # the log's size when this call started a service
    limit = time.monotonic() + START
    while True:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(str(path))
            return conn
        except (FileNotFoundError, ConnectionRefusedError):
            conn.close()
        if started is None:
            started = log.stat().st_size if log.exists() else 0
            _start(folder, version)
        elif time.monotonic() > deadline:
            return None
        elif time.monotonic() > limit:
            why = _last_error(log, started)
            raise SuiteError(
                f"the validation service did not start within {START:g} s"
                f"{': ' + why if why else ''} (see {log})"
            )
        time.sleep(0.02)


def _last_error(log: Path, offset: int) -> str:
    """The last line naming an error that the log got after ``offset``."""
    try:
        with log.open("rb") as file:
            file.seek(offset)
            lines = file.read().decode(errors="replace").splitlines()
    except OSError:
        return ""
    return next((x.strip() for x in reversed(lines) if "Error" in x), "")


def run_suites_isolated(group: str, folder: Path, timeout: float = TIMEOUT) -> list[Path]:
    """Have the validation service run a group's suites on the batch file in ``folder``.

    ``folder`` is the one ``batch_file`` wrote the group's batch tables into; the service
    opens that file read-only and the warehouse stays the run's. A service is started when
    none runs for this code version.

    Returns:
        The failure files the service wrote into ``folder``.

    Raises:
        SuiteError: validation failed; the message is the service's error, or says it took
            longer than ``timeout`` (the request is then abandoned and its process ends).
    """
    from launchsync.settings import load_settings

    deadline = time.monotonic() + timeout
    services = runtime_dir()
    version = code_version()
    request = {"batches": str(folder / BATCH_FILE), "group": group, "folder": str(folder),
               "memory": load_settings().warehouse_memory}  # fmt: skip
    conn = _connect(services, version, deadline)
    reply: dict[str, Any] | None = None
    if conn is not None:
        with conn:
            try:
                conn.sendall((json.dumps(request) + "\n").encode())
                reply = _reply(conn, deadline)
            except (OSError, ValueError):  # the service ended (or broke) before it answered
                reply = {}
    if reply is None:
        raise SuiteError(f"validation of {group} took longer than {timeout:g} s and was stopped")
    if not reply:
        log = _paths(services, version)[2]
        raise SuiteError(
            f"validation of {group} failed: the validation service ended without an answer"
            f" (see {log})"
        )
    if "error" in reply:
        raise SuiteError(f"validation of {group} failed: {reply['error']}")
    return [Path(name) for name in reply["files"]]


def _reply(conn: socket.socket, deadline: float) -> dict[str, Any] | None:
    """The answer on ``conn``: None when ``deadline`` passed, {} when the connection ended."""
    pending = b""
    while True:
        while b"\n" not in pending:
            conn.settimeout(max(0.001, deadline - time.monotonic()))
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                return None
            if not chunk:
                return {}
            pending += chunk
        line, pending = pending.split(b"\n", 1)
        message = json.loads(line)
        if "pid" not in message:  # the first line only names the process serving
            return message


def _answer(request: dict[str, Any]) -> dict[str, Any]:
    import duckdb

    from expectations.runner import export_failures

    try:
        con = duckdb.connect(request["batches"], read_only=True)
        try:
            con.execute("SET TimeZone = 'UTC'")
            if MEMORY.match(str(request.get("memory", ""))):
                con.execute(f"SET memory_limit = '{request['memory']}'")
            files = export_failures(con, request["group"], Path(request["folder"]))
        finally:
            con.close()
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        named = first if isinstance(exc, LaunchsyncError) else f"{type(exc).__name__}: {first}"
        return {"error": named}
    return {"files": [str(f) for f in files]}


def _handle(conn: socket.socket) -> NoReturn:
    """In a forked process: answer the one request on ``conn``, then end."""
    try:
        conn.settimeout(60)
        pending = b""
        while b"\n" not in pending:
            chunk = conn.recv(65536)
            if not chunk:
                os._exit(0)  # a caller that only looked whether the service listens
            pending += chunk
        conn.settimeout(None)
        conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
        threading.Thread(target=_end_with_caller, args=(conn,), daemon=True).start()
        started = time.monotonic()
        request = json.loads(pending.split(b"\n", 1)[0])
        reply = _answer(request)
        _note(request, reply, time.monotonic() - started)
        conn.sendall(json.dumps(reply).encode() + b"\n")
    except (OSError, ValueError):
        pass  # the caller went away
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's teardown of GX and SQLAlchemy (over a second); nothing is open.
    os._exit(0)


def _note(request: dict[str, Any], reply: dict[str, Any], seconds: float) -> None:
    """One line on the service's log per request: what, how long, at what peak memory."""
    import resource

    line = {"at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "pid": os.getpid(),
            "group": request.get("group"), "seconds": round(seconds, 3),
            "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            **({"error": reply["error"]} if "error" in reply else
               {"files": len(reply["files"])})}  # fmt: skip
    print(json.dumps(line), file=sys.stderr, flush=True)


def requests_served(folder: Path) -> list[dict[str, Any]]:
    """The requests the services in ``folder`` noted on their logs, oldest first per log."""
    noted = []
    for log in sorted(folder.glob("validate-*.log")):
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith('{"at"'):
                noted.append(json.loads(line))
    return noted


def _end_with_caller(conn: socket.socket) -> None:
    """End this request's process when its caller closes the connection (gave up or died)."""
    try:
        while conn.recv(65536, socket.MSG_PEEK):
            time.sleep(0.1)  # a caller sends nothing after its request; not reached in practice
    except OSError:
        pass
    os._exit(1)


def _caller_is_this_user(conn: socket.socket) -> bool:
    credentials = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", credentials)
    return uid == os.getuid()


def _listening(path: Path) -> bool:
    """Whether a service answers on ``path`` (a socket file can outlive a killed one)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def _take_lock(lock: Path, path: Path) -> Any:
    """The service's lock file, held; None when another service already serves."""
    file = lock.open("a+")
    deadline = time.monotonic() + 10
    while True:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if _listening(path) or time.monotonic() > deadline:
                file.close()
                return None
            time.sleep(0.05)  # one that is ending releases it in a moment
    file.truncate(0)
    file.write(str(os.getpid()))
    file.flush()
    return file


def _trim(log: Path) -> None:
    """Keep the log's last ``LOG_KEEP`` bytes once it outgrows ``LOG_MAX`` (no request runs)."""
    try:
        if log.stat().st_size <= LOG_MAX:
            return
        tail = log.read_bytes()[-LOG_KEEP:]
        log.write_bytes(tail[tail.find(b"\n") + 1 :])  # the service writes on at the new end
    except OSError:
        pass


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` names now (device and inode), None when none."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def serve(folder: Path, version: str, idle: float) -> None:
    """Serve requests on the socket of ``version`` until ``idle`` seconds pass without one."""
    path, lock, log = _paths(folder, version)
    held = _take_lock(lock, path)
    if held is None:
        return
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(64)
    own_socket, own_lock = _identity(path), os.fstat(held.fileno())
    import great_expectations  # noqa: F401 - the import this service exists to keep

    from expectations import custom, gx_duckdb, runner  # noqa: F401 - ready for requests

    busy: set[int] = set()
    last = time.monotonic()
    limit = os.cpu_count() or 2
    while True:
        while busy:  # reap the requests that ended
            pid, _ = os.waitpid(-1, os.WNOHANG)
            if not pid:
                break
            busy.discard(pid)
            last = time.monotonic()
            if not busy:
                _trim(log)
        if len(busy) >= limit:
            busy.discard(os.waitpid(-1, 0)[0])
            continue
        left = idle - (time.monotonic() - last)
        if left <= 0 and not busy:
            break
        if _identity(lock) != (own_lock.st_dev, own_lock.st_ino):
            break  # the folder was removed (a logout empties XDG_RUNTIME_DIR): leave it
        # Woken at least each minute to see that, and each second to reap requests.
        listener.settimeout(1.0 if busy else min(max(left, 0.01), 60.0))
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        last = time.monotonic()
        with conn:
            if not _caller_is_this_user(conn):
                continue
            pid = os.fork()
            if pid == 0:
                listener.close()
                held.close()  # the lock is the service's, not a request's
                _handle(conn)
            busy.add(pid)
    # Idle: new callers find no socket and start a new service; the ones already queued
    # on this one are served before it ends. A socket file of another service stays.
    if _identity(path) == own_socket:
        path.unlink(missing_ok=True)
    listener.setblocking(False)
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            break
        if os.fork() == 0:
            listener.close()
            held.close()
            _handle(conn)
        conn.close()
    listener.close()
    held.close()


def main(argv: list[str]) -> None:
    """``python -m expectations.worker FOLDER VERSION IDLE``: start a service and return."""
    if os.fork():
        os._exit(0)  # the caller waits for this one; the service goes on in the background
    serve(Path(argv[0]), argv[1], float(argv[2]))
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
