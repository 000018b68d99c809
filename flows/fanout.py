"""The sync flow with a partitioned run's reads fanned out on a Dask cluster (prefect-dask)."""

import dask
from prefect import Flow
from prefect_dask import DaskTaskRunner

from flows.sync import sync
from launchsync.settings import load_settings


def on_dask(address: str | None) -> Flow:
    """The sync flow on the Dask scheduler at ``address`` (None: a temporary local cluster)."""
    if address:
        runner = DaskTaskRunner(address=address)
    else:
        # The workers' statistical profiler can deadlock with thread starts on Python 3.11
        # (docs/scaling.md); the local cluster's workers take this process's Dask settings.
        dask.config.set({"distributed.worker.profile.enabled": False})
        runner = DaskTaskRunner(
            cluster_kwargs={"n_workers": 2, "threads_per_worker": 4, "dashboard_address": ":0"}
        )
    return sync.with_options(name="launchsync-sync-dask", task_runner=runner)


# Deployment entrypoint: the cluster named by LAUNCHSYNC_DASK_ADDRESS where the flow runs.
sync_on_dask = on_dask(load_settings().dask_address)
