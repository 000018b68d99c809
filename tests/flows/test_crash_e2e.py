"""The crash test in short form: syncs killed with SIGKILL, resumed, end as if never killed."""

import os
import re
import subprocess

import pytest

from tests.flows.live import LAUNCHSYNC

pytestmark = pytest.mark.e2e


def test_killed_syncs_resume_without_losing_or_repeating_a_write(tmp_path, prefect_api):
    done = subprocess.run(
        [*LAUNCHSYNC, "crash", "--styles", "10", "--kills", "3", "--seed", "5",
         "--work", str(tmp_path)],
        env={**os.environ, "PREFECT_API_URL": prefect_api, "COLUMNS": "200"},
        capture_output=True, text=True, timeout=1500,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout
    figures = dict(re.findall(r"│ ([A-Za-z ()]+?)\s+│[^│]*│ (\d+)", done.stdout))
    assert figures["killed (SIGKILL)"] == "3"
    assert figures["lost"] == "0" and figures["duplicated"] == "0"
    assert figures["writes applied twice"] == "0"
    assert figures["runs left unfinished"] == "0"  # each killed run was closed as interrupted
    assert figures["writes left pending"] == "0"  # the last complete run settled them
    assert "kills landed:" in done.stdout
