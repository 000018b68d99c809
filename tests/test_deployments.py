import importlib.util

import yaml
from prefect import Flow

from tests.conftest import REPO


def deployments():
    return yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"]


def test_every_deployment_entrypoint_is_a_flow_with_its_parameters():
    names = set()
    for deployment in deployments():
        path, _, attribute = deployment["entrypoint"].partition(":")
        spec = importlib.util.spec_from_file_location(f"entry_{attribute}", REPO / path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        flow = getattr(module, attribute)
        assert isinstance(flow, Flow), deployment["name"]
        assert set(deployment.get("parameters", {})) <= set(flow.parameters.properties)
        assert deployment["concurrency_limit"] == 1
        names.add(deployment["name"])
    assert len(names) == len(deployments())


def test_every_flow_module_has_a_deployment():
    entry_files = {d["entrypoint"].split(":")[0] for d in deployments()}
    flow_files = {
        f"flows/{p.name}"
        for p in (REPO / "flows").glob("*.py")
        if p.name not in ("__init__.py", "steps.py")
    }
    assert flow_files == entry_files


def test_schedules_are_valid_cron_and_the_nightly_run_is_full():
    from prefect.client.schemas.schedules import CronSchedule

    scheduled = {}
    for deployment in deployments():
        for schedule in deployment.get("schedules", []):
            CronSchedule(cron=schedule["cron"], timezone=schedule["timezone"])
            scheduled[deployment["name"]] = deployment["parameters"]["full"]
    assert scheduled == {"sync-incremental": False, "sync-nightly-reconciliation": True}
