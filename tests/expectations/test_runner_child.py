"""The validation child dies with the run that started it, so it never outlives a killed run."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, wait_until

PARENT = """
import subprocess, sys
from expectations.worker import die_with_parent
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                         preexec_fn=die_with_parent)
print(child.pid, flush=True)
child.wait()
"""


def test_the_validation_child_is_killed_when_its_run_is():
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    child = int(parent.stdout.readline())
    assert Path(f"/proc/{child}").exists()
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()

    def gone() -> bool:
        try:
            return Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
        except FileNotFoundError:
            return True

    wait_until(gone, 10, "the orphaned child to die")
