"""The ``launchsync`` command line: simulate, sync, demo, sql, catalog."""

import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import orjson
import typer
from rich.console import Console
from rich.markup import escape

from launchsync import defaults
from launchsync.errors import ConfigError, LaunchsyncError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Keep Centric PLM, 4ALLPORTAL and Smint.io in step and see what holds launches back.",
)
catalog_app = typer.Typer(no_args_is_help=True, help="Generate catalogs for the simulators.")
app.add_typer(catalog_app, name="catalog")
limits_app = typer.Typer(no_args_is_help=True, help="Rate limits per external API.")
app.add_typer(limits_app, name="limits")
blocks_app = typer.Typer(no_args_is_help=True, help="Keep the systems' credentials in Prefect.")
app.add_typer(blocks_app, name="blocks")
webhooks_app = typer.Typer(no_args_is_help=True, help="Receive 4ALLPORTAL and Smint.io webhooks.")
app.add_typer(webhooks_app, name="webhooks")

out = Console()
err = Console(stderr=True)

StylesOpt = Annotated[int, typer.Option(min=0, help="Number of styles to generate.")]
SeedOpt = Annotated[int, typer.Option(help="Random seed; the same seed gives the same catalog.")]
DefectsOpt = Annotated[
    str,
    typer.Option(help="Defect rates, e.g. 'gtin_invalid=0.05,size_missing=0'. Empty: defaults."),
]


def _catalog(styles: int, seed: int, catalog: Path | None, defects: str) -> Any:
    from systems.catalog import Catalog
    from systems.generator import DefectRates, generate

    if catalog is not None:
        return Catalog.load(catalog)
    try:
        rates = DefectRates.parse(defects)
    except ValueError as exc:
        raise ConfigError(f"--defects: {exc}") from None
    return generate(styles, seed, rates)


@app.command()
def simulate(
    styles: StylesOpt = 300,
    seed: SeedOpt = 7,
    catalog: Annotated[
        Path | None, typer.Option(help="Serve this catalog file instead of a generated one.")
    ] = None,
    defects: DefectsOpt = "",
    host: Annotated[str, typer.Option(help="Address to listen on.")] = defaults.SIMULATOR_HOST,
    centric_port: Annotated[
        int, typer.Option(help="Centric simulator port (0: any free).")
    ] = defaults.CENTRIC_PORT,
    fourallportal_port: Annotated[
        int, typer.Option(help="4ALLPORTAL simulator port (0: any free).")
    ] = defaults.FOURALLPORTAL_PORT,
    smintio_port: Annotated[
        int, typer.Option(help="Smint.io simulator port (0: any free).")
    ] = defaults.SMINTIO_PORT,
    page_cap: Annotated[
        int, typer.Option(min=1, help="Largest page the Centric simulator serves.")
    ] = 200,
    smintio_token_uses: Annotated[
        int | None,
        typer.Option(min=1, help="Smint.io access tokens expire after this many calls."),
    ] = None,
    faults: Annotated[
        str,
        typer.Option(
            help="Faults to inject, e.g. '429:1=0.05,500@POST/api/*=0.02,reset=0.01'"
            " (kinds and format: systems/faults.py). Requests are logged at /_simulator/requests."
        ),
    ] = "",
    fault_seed: Annotated[int, typer.Option(help="Seed of the fault dice.")] = 0,
) -> None:
    """Serve the Centric, 4ALLPORTAL and Smint.io simulators until stopped (Ctrl-C).

    They accept the credentials launchsync is configured with (LAUNCHSYNC_* variables),
    or their built-in ones when none are set.
    """
    from launchsync.settings import load_settings
    from launchsync.simulators import serve
    from systems.faults import FaultSpecError, parse_faults

    try:
        plan = parse_faults(faults)
    except FaultSpecError as exc:
        raise ConfigError(f"--faults: {exc}") from None
    data = _catalog(styles, seed, catalog, defects)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with serve(
        data,
        host=host,
        centric_port=centric_port,
        fourallportal_port=fourallportal_port,
        smintio_port=smintio_port,
        page_cap=page_cap,
        token_uses=smintio_token_uses,
        credentials=load_settings(),
        faults=plan,
        fault_seed=fault_seed,
    ) as sims:
        skus = len(data.centric.get("skus", []))
        err.print(
            f"Centric simulator     {sims.centric_url}  ({len(data.centric.get('styles', []))} styles, {skus} SKUs)"
        )
        err.print(f"4ALLPORTAL simulator  {sims.fourallportal_url}")
        stock = len(data.smintio.get("license_purchase_transactions", []))
        err.print(f"Smint.io simulator    {sims.smintio_url}  ({stock} licensed stock images)")
        if plan:
            err.print(f"Injecting faults: {faults}")
        err.print("Ready. `launchsync sync` uses these addresses by default. Stop with Ctrl-C.")
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    err.print("Simulators stopped.")


@app.command()
def serve(
    simulators: Annotated[
        bool,
        typer.Option(help="Serve the simulators too (--no-simulators: use the real systems)."),
    ] = True,
    styles: StylesOpt = 300,
    seed: SeedOpt = 7,
    prefect_api: Annotated[
        str | None,
        typer.Option(
            help="Use this Prefect API (e.g. http://host:4200/api) instead of starting one."
        ),
    ] = None,
    port: Annotated[int, typer.Option(help="Port of the Prefect server it starts.")] = 4200,
    webhook_port: Annotated[int, typer.Option(help="Port of the webhook receiver.")] = 7310,
    logs: Annotated[Path, typer.Option(help="Where each part writes its log.")] = Path(
        "warehouse/logs"
    ),
) -> None:
    """Run a single-machine install: Prefect server, deployments, a worker, the webhook receiver."""
    from launchsync.serve import serve_until_signalled

    data = _catalog(styles, seed, None, "") if simulators else None
    serve_until_signalled(
        catalog=data,
        prefect_api=prefect_api,
        port=port,
        webhook_port=webhook_port,
        logs=logs.resolve(),
        say=lambda text: err.print(text, soft_wrap=True),  # whole URLs and paths, even in logs
    )
    err.print("Stopped.")


def warm_validation() -> None:
    """Start the validation service first, unless it already runs (``expectations.worker``).

    Importing Great Expectations takes it a few seconds; started here, that overlaps the
    run's own imports, the checks of the systems and the pull, instead of only the pull. It
    stays after the command, so the next run finds it ready.
    """
    from expectations import worker

    worker.warm_up()


def _preflight(scenarios: list[str] | None = None) -> None:
    """Fail fast, with the setting to fix, when a system the run needs cannot be used."""
    from launchsync import clients
    from launchsync.config import load_config
    from launchsync.settings import load_settings
    from systems.http import RetryPolicy

    settings = load_settings()
    config = load_config(settings.config)
    quick = RetryPolicy(attempts=2, backoff=0.2)
    retries = logging.getLogger("launchsync.http")
    level = retries.level
    retries.setLevel(logging.ERROR)  # the verdict below says it all
    try:
        with clients.centric(settings, config) as centric:
            centric.api.retry = quick
            centric.check()
        with clients.fourallportal(settings, config) as pim:
            pim.api.retry = quick
            pim.check(required=_required_fields())
        if any(s.lower().startswith("s") for s in scenarios or ["s"]):
            with clients.smintio(settings, config) as smintio:
                smintio.api.retry = quick
                smintio.check()
    finally:
        retries.setLevel(level)


def _required_fields() -> dict[str, set[str]]:
    """Fields launchsync writes, per 4ALLPORTAL module (from the mappings and ownership pairs)."""
    from launchsync.config import load_config
    from launchsync.settings import load_settings
    from tasks.targets import written_fields

    settings = load_settings()
    config = load_config(settings.config)
    with _current_schema(settings.warehouse) as con:
        required = {module: fields for (system, module), fields in written_fields(con).items()
                    if system == "fourallportal"}  # fmt: skip
    for pair in config.ownership.pairs:
        module, field = pair.fourallportal.split(".")
        required.setdefault(module, set()).add(field)
    return required


@contextmanager
def _current_schema(warehouse: Path) -> Iterator[Any]:
    """A database with the current schema to read view columns from.

    The warehouse when it is up to date and free to read, else an empty one built in memory
    (which takes about a second).
    """
    import duckdb

    from warehouse.db import WarehouseError, connect, migrate, migrations, schema_version

    latest = max(version for version, _, _ in migrations())
    con = None
    if warehouse.exists():
        try:
            con = connect(warehouse, read_only=True)
            if schema_version(con) != latest:
                con.close()
                con = None
        except (duckdb.Error, WarehouseError):
            con = None
    if con is None:
        con = duckdb.connect()
        migrate(con)
    try:
        yield con
    finally:
        con.close()


def _run_sync(
    full: bool,
    dry_run: bool,
    scenarios: list[str] | None = None,
    ids: list[str] | None = None,
    partition_by: str | None = None,
) -> dict[str, Any]:
    from flows.steps import ORDER
    from flows.sync import SCENARIO_FLOWS
    from flows.sync import sync as sync_flow
    from launchsync.settings import load_settings
    from tasks.partition import PARTITION_BY

    chosen = sorted({s.lower() for s in scenarios or []})
    unknown = sorted(set(chosen) - set(ORDER))
    if unknown:
        raise ConfigError(f"--scenario {', '.join(unknown)}: choose from {', '.join(ORDER)}")
    if partition_by:
        if partition_by not in PARTITION_BY:
            raise ConfigError(
                f"--partition-by {partition_by}: choose from {', '.join(PARTITION_BY)}"
            )
        if ids:
            raise ConfigError("--partition-by reads whole partitions; leave out --id")
        address = load_settings().dask_address
        if address:
            from flows.fanout import on_dask

            sync_flow = on_dask(address)
        return sync_flow(
            full=full, dry_run=dry_run, scenarios=chosen or None, partition_by=partition_by
        )
    if ids:
        scoped = [s for s in ORDER if "ids" in SCENARIO_FLOWS[s].parameters.properties]
        if len(chosen) != 1 or chosen[0] not in scoped:
            raise ConfigError(f"--id needs exactly one --scenario of {', '.join(scoped)}")
        return SCENARIO_FLOWS[chosen[0]](full=full, dry_run=dry_run, ids=ids)
    if len(chosen) == 1:
        return SCENARIO_FLOWS[chosen[0]](full=full, dry_run=dry_run)
    return sync_flow(full=full, dry_run=dry_run, scenarios=chosen or None)


@app.command()
def sync(
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object with the counts.")
    ] = False,
    full: Annotated[
        bool, typer.Option(help="Re-read and compare every record, and detect deletions.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option(help="Compute changes without writing to either system.")
    ] = False,
    scenario: Annotated[
        list[str] | None,
        typer.Option(help="Run only this scenario (c1..c7, s1..s8); repeat for more."),
    ] = None,
    ids: Annotated[
        list[str] | None,
        typer.Option(
            "--id",
            help="Write only this record (a style id for c4, a file id for s1/s6/s7, a Smint.io id"
            " for s3/s4); repeat for more. Needs one --scenario.",
        ),
    ] = None,
    partition_by: Annotated[
        str | None,
        typer.Option(
            help="Read Centric's style records by season or collection, side by side (on the"
            " Dask cluster at LAUNCHSYNC_DASK_ADDRESS, else on threads).",
        ),
    ] = None,
) -> None:
    """Run the sync flows once against the configured systems."""
    warm_validation()
    _preflight(scenario)
    result = _run_sync(full, dry_run, scenario, ids, partition_by)
    if json_output:
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
    else:
        from launchsync.summary import print_run

        print_run(out, result)


@app.command()
def readiness(
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object with the counts.")
    ] = False,
    full: Annotated[
        bool, typer.Option(help="Re-read every record and recompute every key.")
    ] = False,
) -> None:
    """Recompute launch readiness (what changed, or everything with --full) and summarize it."""
    from flows.readiness import launch_readiness

    warm_validation()
    _preflight([])
    result = launch_readiness(full=full)
    if json_output:
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
    else:
        from launchsync.settings import load_settings
        from launchsync.summary import print_readiness

        print_readiness(out, load_settings().warehouse, result["readiness"])


@app.command()
def report(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the HTML report.")] = Path(
        "reports/readiness.html"
    ),
    season: Annotated[str | None, typer.Option(help="Only this season, e.g. SS27.")] = None,
    collection: Annotated[str | None, typer.Option(help="Only this collection code.")] = None,
    max_styles: Annotated[
        int, typer.Option(min=1, help="Styles not ready to list with their failing checks.")
    ] = 500,
    data_docs: Annotated[
        bool,
        typer.Option(help="Also build Great Expectations Data Docs of the suites next to it."),
    ] = False,
) -> None:
    """Write the launch readiness report: one HTML file that works offline."""
    from launchsync.report import Scope
    from launchsync.settings import load_settings

    _write_report(
        load_settings().warehouse, out_file, data_docs, Scope(season, collection, max_styles)
    )


def _write_report(warehouse: Path, out_file: Path, data_docs: bool, scope: Any = None) -> None:
    from launchsync.query import reader
    from launchsync.report import Scope, write_report

    with reader(warehouse) as con:  # the state after the latest run; never holds up a sync
        written = write_report(con, out_file, scope or Scope())
    err.print(
        f"Wrote {out_file}: run {written.run_id} ({written.computed_at:%Y-%m-%d %H:%M} UTC),"
        f" {written.totals['ready_styles']} of {written.totals['styles']} styles ready.",
        soft_wrap=True,
    )
    if data_docs:
        from expectations.docs import build_data_docs

        index = build_data_docs(out_file.parent / "data-docs")
        err.print(f"Data Docs of the suites: {index}", soft_wrap=True)


@app.command()
def demo(
    styles: StylesOpt = 300,
    seed: SeedOpt = 7,
    warehouse: Annotated[Path, typer.Option(help="Warehouse file to (re)create.")] = Path(
        "warehouse/demo.duckdb"
    ),
) -> None:
    """Start simulators, sync a fresh warehouse, change one style in Centric, sync again, summarize."""
    from launchsync.simulators import serve
    from launchsync.summary import print_demo

    for path in (warehouse, warehouse.with_name(warehouse.name + ".wal")):
        path.unlink(missing_ok=True)
    data = _catalog(styles, seed, None, "")
    with serve(data, centric_port=0, fourallportal_port=0, smintio_port=0) as sims:
        os.environ.update(sims.environment())
        os.environ["LAUNCHSYNC_WAREHOUSE"] = str(warehouse)
        store = warehouse.parent / ".smintio-token.json"
        store.unlink(missing_ok=True)  # the fresh simulator knows only its first refresh token
        err.print(
            f"Simulators on {sims.centric_url}, {sims.fourallportal_url} and {sims.smintio_url};"
            " first sync (full)…"
        )
        _preflight()
        first = _run_sync(full=False, dry_run=False)
        changed = _change_one_style(sims)
        err.print(f"Changed {changed['code']} in Centric; second sync (incremental)…")
        second = _run_sync(full=False, dry_run=False)
        print_demo(out, warehouse, first, second, changed)
    _write_report(warehouse, Path("reports/readiness.html"), data_docs=True)


def _change_one_style(sims: Any) -> dict[str, Any]:
    """Edit the description of a transferred style through the Centric simulator's API."""
    from pydantic import SecretStr

    from systems.centric.client import CentricClient

    pim_ids = {
        v["value"] for o in sims.fourallportal.objects("product") for v in o.get("centric_id", [])
    }
    with CentricClient.connect(
        sims.centric_url, sims.centric.username, SecretStr(sims.centric.password)
    ) as centric:
        style_id = sorted(pim_ids)[0]
        style = centric.get("styles", style_id)
        description = (style.get("description") or "").rstrip(".") + ". Updated care label."
        return centric.update("styles", style_id, {"description": description})


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A read-only SQL query.")],
    fmt: Annotated[
        str, typer.Option("--format", help="table, csv, json or parquet (needs --out).")
    ] = "table",
    max_rows: Annotated[int, typer.Option(min=1, help="Rows to show in table format.")] = 100,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the result to this file.")
    ] = None,
) -> None:
    """Query the state after the latest run, read-only, and print or save the result."""
    from launchsync.query import run_query

    run_query(query, fmt, max_rows, err if out_file else out, out_file)


@app.command()
def export(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the Parquet files.")] = Path(
        "export"
    ),
) -> None:
    """Write every table (with its history) and current-state view as Parquet, for BI tools."""
    from launchsync.query import export_tables

    written = export_tables(out_dir, err)
    err.print(f"Wrote {len(written)} Parquet files to {out_dir} (manifest.json lists them).")


@limits_app.command("apply")
def limits_apply() -> None:
    """Make the Prefect server's rate limits match requests_per_second in launchsync.toml."""
    from launchsync.config import load_config
    from launchsync.settings import load_settings
    from systems.limits import apply_prefect_limits

    config = load_config(load_settings().config)
    rates = {
        "centric": config.centric.requests_per_second,
        "fourallportal": config.fourallportal.requests_per_second,
        "smintio": config.smintio.requests_per_second,
    }
    for line in apply_prefect_limits(rates):
        err.print(line)


@blocks_app.command("save")
def blocks_save(
    name: Annotated[str, typer.Argument(help="Name of the blocks, e.g. production.")],
) -> None:
    """Store the current URLs and credentials (LAUNCHSYNC_* variables) as Prefect blocks.

    Runs then read them with LAUNCHSYNC_CREDENTIALS_BLOCK=NAME; secrets stay SecretStr.
    """
    from launchsync.blocks import save_blocks
    from launchsync.settings import load_settings

    for written in save_blocks(name, dict(load_settings())):
        err.print(f"Saved block {written}")


@catalog_app.command("generate")
def catalog_generate(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the catalog JSON.")],
    styles: StylesOpt = 300,
    seed: SeedOpt = 7,
    defects: DefectsOpt = "",
) -> None:
    """Write a generated catalog in the documented file format (see docs/catalog-format.md)."""
    data = _catalog(styles, seed, None, defects)
    data.save(out_file)
    err.print(f"Wrote {out_file}: {len(data.centric['styles'])} styles, {data.info['skus']} SKUs.")


def _webhook_secret() -> Any:
    from launchsync.settings import load_settings

    settings = load_settings()
    secret = settings.webhook_secret
    if secret is None or len(secret.get_secret_value()) < 16:
        raise ConfigError(
            "set LAUNCHSYNC_WEBHOOK_SECRET (16 characters or more) to receive webhooks"
        )
    return settings, secret


@app.command()
def soak(
    styles: StylesOpt = 1000,
    rounds: Annotated[
        int, typer.Option(min=1, help="Rounds of catalog changes, each synced.")
    ] = 20,
    faults: Annotated[
        str, typer.Option(help="Fault plan of the faulted play (format: systems/faults.py).")
    ] = "",
    seed: SeedOpt = 7,
    work: Annotated[Path, typer.Option(help="Where the two plays keep their warehouses.")] = Path(
        "warehouse/soak"
    ),
) -> None:
    """Sync the same rounds of changes with and without faults; fail unless the targets match."""
    from rich.table import Table

    from launchsync.soak import DEFAULT_FAULTS
    from launchsync.soak import soak as run_soak
    from systems.faults import FaultSpecError, parse_faults

    try:
        parse_faults(faults or DEFAULT_FAULTS)
    except FaultSpecError as exc:
        raise ConfigError(f"--faults: {exc}") from None
    outcome = run_soak(styles, rounds, faults or DEFAULT_FAULTS, seed, work.resolve(), err.print)
    ref, bad = outcome.reference, outcome.faulted
    table = Table("", "fault-free", "faulted")
    table.add_row("runs", str(ref.runs), str(bad.runs))
    table.add_row("failed runs (resumed)", str(ref.failed), str(bad.failed))
    table.add_row("faults injected", "0", str(sum(bad.faults.values())))
    table.add_row("seconds", f"{ref.seconds:.1f}", f"{bad.seconds:.1f}")
    _compared_rows(table, ref.state, outcome.lost, outcome.duplicated)
    table.add_row(
        "creates applied twice (by key)", str(ref.creates_repeated), str(bad.creates_repeated)
    )
    table.add_row(
        "idempotent writes repeated (by key)", str(ref.writes_repeated), str(bad.writes_repeated)
    )
    out.print(table)
    out.print("faults: " + ", ".join(f"{k} {v}" for k, v in sorted(bad.faults.items())))
    if not outcome.ok:
        differ = [t for t in outcome.lost if outcome.lost[t] or outcome.duplicated[t]]
        raise LaunchsyncError(
            f"the targets differ from the fault-free play in {', '.join(differ)};"
            f" compare {work / 'reference' / 'targets.json'} with {work / 'faulted' / 'targets.json'}"
        )
    out.print("The targets match the fault-free play: nothing lost, nothing duplicated.")


def _compared_rows(
    table: Any, reference: dict[str, Any], lost: dict[str, int], duplicated: dict[str, int]
) -> None:
    """The rows both the soak and the crash test show: records compared, lost, duplicated."""
    table.add_row("records compared", str(sum(sum(c.values()) for c in reference.values())), "")
    table.add_row("lost", "", str(sum(lost.values())))
    table.add_row("duplicated", "", str(sum(duplicated.values())))


@app.command()
def crash(
    styles: StylesOpt = 1000,
    kills: Annotated[int, typer.Option(min=1, help="Syncs to kill with SIGKILL.")] = 50,
    rounds: Annotated[
        int,
        typer.Option(min=1, help="Rounds of catalog changes; the kills are spread over them."),
    ] = 10,
    seed: SeedOpt = 7,
    work: Annotated[Path, typer.Option(help="Where the two plays keep their warehouses.")] = Path(
        "warehouse/crash"
    ),
) -> None:
    """Kill syncs with SIGKILL at random points; fail unless the resumed runs end as if never killed."""
    from rich.table import Table

    from launchsync.crash import crash as run_crash

    outcome = run_crash(styles, kills, rounds, seed, work.resolve(), err.print)
    ref, hit = outcome.reference, outcome.killed
    table = Table("", "reference", "killed")
    table.add_row("runs", str(ref.runs), str(hit.runs))
    table.add_row("killed (SIGKILL)", "0", str(hit.kills))
    table.add_row("runs left unfinished", str(ref.unfinished_runs), str(hit.unfinished_runs))
    _compared_rows(table, ref.state, outcome.lost, outcome.duplicated)
    table.add_row("writes applied twice", "", str(hit.applied_twice))
    table.add_row("writes left pending", str(ref.unsettled), str(hit.unsettled))
    out.print(table)
    out.print("kills landed: " + ", ".join(f"{k} {v}" for k, v in sorted(hit.landed.items())))
    if not outcome.ok:
        raise LaunchsyncError(
            "the killed play differs from the reference; compare the targets.json files under"
            f" {work}"
        )
    out.print("The resumed runs ended as if never killed: nothing lost, nothing applied twice.")


@webhooks_app.command("serve")
def webhooks_serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7310,
) -> None:
    """Receive signed 4ALLPORTAL and Smint.io deliveries into the inbox the next run imports.

    With PREFECT_API_URL set, each delivery also becomes a Prefect event that runs the
    deployment triggered by it (see prefect.yaml).
    """
    import uvicorn

    from launchsync.webhooks import receiver

    settings, secret = _webhook_secret()
    err.print(
        f"Receiving webhooks on http://{host}:{port}/webhooks/fourallportal and"
        f" /webhooks/smintio into {settings.inbox}"
    )
    uvicorn.run(
        receiver(secret.get_secret_value(), settings.inbox, settings.warehouse.resolve()),
        host=host,
        port=port,
        log_level="warning",
    )


@webhooks_app.command("register")
def webhooks_register(
    url: Annotated[
        str,
        typer.Argument(help="Receiver base URL as the systems reach it, e.g. http://host:7310."),
    ],
    modules: Annotated[
        str, typer.Option(help="4ALLPORTAL modules to hear about, comma separated.")
    ] = "product,variant,file",
) -> None:
    """Register the receiver with 4ALLPORTAL (object events) and Smint.io (change notifications)."""
    from launchsync import clients
    from launchsync.config import load_config
    from systems.smintio.simulator import EVENT_TYPES

    settings, secret = _webhook_secret()
    config = load_config(settings.config)
    base = url.rstrip("/").removesuffix("/webhooks/fourallportal")
    with clients.fourallportal(settings, config) as pim:
        hook = pim.register_webhook(
            f"{base}/webhooks/fourallportal",
            secret,
            [m.strip() for m in modules.split(",") if m.strip()],
        )
    err.print(f"Registered 4ALLPORTAL webhook {hook['id']} for {base}/webhooks/fourallportal")
    with clients.smintio(settings, config) as smintio:
        hook = smintio.register_webhook(f"{base}/webhooks/smintio", secret, list(EVENT_TYPES))
    err.print(f"Registered Smint.io webhook {hook['id']} for {base}/webhooks/smintio")


@app.command()
def bench(
    cases: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="CASE",
            help="Cases to run, e.g. sync or diff (default: every case; BENCHMARKS.md lists them).",
            show_default=False,
        ),
    ] = None,
    quick: Annotated[
        bool, typer.Option(help="Small sizes (a few thousand SKUs), quick enough for CI.")
    ] = False,
    work_dir: Annotated[
        Path | None,
        typer.Option(help="Keep the benchmark warehouses here (default: a temporary folder)."),
    ] = None,
    size: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Run the cases at this size instead (what a case counts, e.g. SKUs or rows).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Measure launchsync on generated catalogs and print the figures (see BENCHMARKS.md)."""
    from launchsync import bench as benchmarks

    if size is not None and quick:
        raise ConfigError("--size and --quick both set a size: give one of them")
    chosen = benchmarks.choose(cases or [])
    progress = logging.StreamHandler(sys.stderr)
    progress.setFormatter(logging.Formatter("%(message)s"))
    benchmarks.log.addHandler(progress)
    benchmarks.log.setLevel(logging.INFO)
    benchmarks.log.propagate = False
    try:
        results = benchmarks.run_cases(chosen, quick, work_dir, size)
    finally:
        benchmarks.log.removeHandler(progress)
    out.print(benchmarks.figures_table(results))
    if any(outcome.error is not None for outcome in results):
        raise typer.Exit(1)


def main() -> None:
    """Entry point: run the CLI; operator errors print one line and exit with status 2."""
    try:
        app()
    except LaunchsyncError as exc:
        _fail(str(exc))
    except Exception as exc:
        import duckdb

        if not isinstance(exc, duckdb.OutOfMemoryException):
            raise
        from warehouse.db import out_of_memory

        _fail(out_of_memory(exc))


def _fail(message: str) -> NoReturn:
    """Print an operator error in one line and exit with status 2."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(2)
