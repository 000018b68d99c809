"""The crash test in short form: syncs killed with SIGKILL, resumed, end as if never killed."""

import pytest

from tests.flows.live import figures_of

pytestmark = pytest.mark.e2e


def test_killed_syncs_resume_without_losing_or_repeating_a_write(tmp_path, prefect_api):
    done, figures = figures_of(
        "crash", "--styles", "10", "--kills", "3", "--rounds", "2", "--seed", "5", "--work", str(tmp_path),
        prefect_api=prefect_api, timeout=1500,
    )  # fmt: skip
    assert figures["killed (SIGKILL)"] == "3"
    assert figures["lost"] == "0" and figures["duplicated"] == "0"
    assert figures["writes applied twice"] == "0"
    assert figures["runs left unfinished"] == "0"  # each killed run was closed as interrupted
    assert figures["writes left pending"] == "0"  # the last complete run settled them
    assert "kills landed:" in done.stdout
