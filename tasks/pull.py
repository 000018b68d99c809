"""Pull: read an entity from its system into the warehouse and merge it into history."""

import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from launchsync import clients
from launchsync.config import load_config
from launchsync.settings import load_settings
from systems.endpoints import Endpoint
from systems.registry import endpoint
from systems.rows import rows_of
from systems.smintio.client import CursorExpired
from warehouse.db import open_warehouse, registered, row, scalar
from warehouse.history import MergeStats, merge_snapshot, new_stage, stage_rows

PROGRESS_EVERY_SECONDS = 5.0
# Records a snapshot writer gathers before it writes them in one transaction: a transaction
# per page of 200 costs more than the rows it writes.
FLUSH_RECORDS = 5_000


@dataclass
class Reject:
    """A record that could not be normalized, and what it belongs to."""

    record_key: str | None
    style_id: str | None
    detail: str
    parent_key: str | None = None


@dataclass
class NormalizedPage:
    """Rows ready for the warehouse, the rejects, and the raw payloads of one page."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    raw: list[tuple[str | None, str]] = field(default_factory=list)


def _text(record: dict[str, Any], name: str | None) -> str | None:
    value = record.get(name) if name else None
    return value if isinstance(value, str) else None


def _listed_as(ep: Endpoint, row: dict[str, Any]) -> Any:
    """The endpoint a row says it belongs to (its own, when its table holds only it)."""
    return row.setdefault(ep.shared_table, ep.name) if ep.shared_table else ep.name


def normalize_page(ep: Endpoint, records: list[Any]) -> NormalizedPage:
    """Check each record against the endpoint's model; split into rows and rejects."""
    page = NormalizedPage()
    objects = [record for record in records if isinstance(record, dict)]
    checked = iter(rows_of(ep.model, objects))
    for record in records:
        if not isinstance(record, dict):
            page.rejects.append(Reject(None, None, f"not a JSON object: {type(record).__name__}"))
            page.raw.append((None, orjson.dumps(record).decode()))
            continue
        key = _text(record, ep.key)
        page.raw.append((key, orjson.dumps(record).decode()))
        row = next(checked)
        if isinstance(row, str):
            detail = row
        elif (listed := _listed_as(ep, row)) == ep.name:
            page.rows.append(row)
            continue
        else:
            detail = f"{ep.shared_table}: {str(listed)[:40]!r} in the listing of {ep.name!r}"
        page.rejects.append(
            Reject(key, _text(record, ep.style_field), detail, _text(record, ep.parent_field))
        )
    return page


class SnapshotWriter:
    """Writes the pages of one snapshot: staged rows, raw payloads, quarantined rejects.

    Pages are gathered and written together, ``FLUSH_RECORDS`` at a time, each batch in one
    transaction; ``flush`` writes what is still gathered (before the snapshot is read back).
    """

    def __init__(
        self, con: Any, ep: Endpoint, snapshot_id: str, run_id: str, pulled_at: datetime
    ) -> None:
        self.con, self.ep = con, ep
        self.snapshot_id, self.run_id, self.pulled_at = snapshot_id, run_id, pulled_at
        # When the listing began (our clock): before any page was asked for.
        self.read_from = pulled_at
        self.records = self.rejected = self.keyless = 0
        self.gathered = NormalizedPage()
        # Set aside records that are the version already landed (see ``unlanded``).
        self.skip_landed = False
        self.already = 0
        self.open_rejects = scalar(
            con,
            "SELECT count(*) FROM quarantine WHERE stage = 'land' AND resolved_at IS NULL"
            " AND system = ? AND entity = ?",
            [ep.system, ep.name],
        )

    def write(self, page: NormalizedPage) -> None:
        """Gather one page; write the gathered pages once they hold ``FLUSH_RECORDS``."""
        gathered = self.gathered
        gathered.rows.extend(page.rows)
        gathered.rejects.extend(page.rejects)
        gathered.raw.extend(page.raw)
        if len(gathered.raw) >= FLUSH_RECORDS:
            self.flush()

    def unlanded(self, records: list[Any]) -> list[Any]:
        """The records that are not the current landed version (same key, same modified time).

        An incremental listing reads an overlap window again, and a run reads back what it
        wrote; such a record is the version history already holds, so it is counted in
        ``already`` and not checked, staged or merged again. Anything that cannot be matched
        (no key, an odd timestamp) goes the usual way.
        """
        if not self.skip_landed or not records:
            return records
        ep = self.ep
        stamp = ep.cursor_field or ep.cursor
        index, keys, stamps = [], [], []
        for i, record in enumerate(records):
            if isinstance(record, dict):
                key, at = record.get(ep.key), record.get(stamp)
                if isinstance(key, str) and isinstance(at, str):
                    index.append(i)
                    keys.append(key)
                    stamps.append(at)
        if not index:
            return records
        partition = f' AND t."{ep.shared_table}" = $name' if ep.shared_table else ""
        listed = pa.table({"i": index, "key": keys, "stamp": stamps})
        with registered(self.con, "listed_page", listed):
            landed = {
                i
                for (i,) in self.con.execute(
                    f"""SELECT p.i FROM listed_page p
                        JOIN {ep.table} t ON t.id = p.key AND t._valid_to IS NULL{partition}
                        WHERE t."{ep.cursor}" = TRY_CAST(p.stamp AS TIMESTAMPTZ)""",
                    {"name": ep.name} if ep.shared_table else {},
                ).fetchall()
            }
        self.already += len(landed)
        return [r for i, r in enumerate(records) if i not in landed]

    @property
    def so_far(self) -> int:
        """Well-formed records read so far, written or still gathered."""
        return self.records + len(self.gathered.rows)

    def flush(self) -> None:
        """Write the gathered pages in a single transaction."""
        page, self.gathered = self.gathered, NormalizedPage()
        if not page.raw and not page.rows and not page.rejects:
            return
        con = self.con
        con.execute("BEGIN TRANSACTION")
        unfit = stage_rows(con, self.ep.table, page.rows, self.snapshot_id, self.run_id)
        if unfit:
            for index, reason in unfit:
                row = page.rows[index]
                page.rejects.append(
                    Reject(row.get("id"), row.get(self.ep.style_field or ""), reason)
                )
            dropped = {index for index, _ in unfit}
            page.rows = [r for i, r in enumerate(page.rows) if i not in dropped]
        store_raw(con, page.raw, self.snapshot_id, self.ep.system, self.ep.name, self.pulled_at)
        quarantine_rejects(con, self.ep, page.rejects, self.run_id, self.pulled_at)
        if self.open_rejects:
            # Rows carry the record's key as ``id`` whatever the API calls it (Smint.io: uuid).
            resolve_rejects(con, self.ep, [r["id"] for r in page.rows], self.pulled_at)
        con.execute("COMMIT")
        self.records += len(page.rows)
        self.rejected += len(page.rejects)
        self.keyless += sum(1 for r in page.rejects if r.record_key is None)


def quarantine_rejects(
    con: Any, ep: Endpoint, rejects: list[Reject], run_id: str, at: datetime
) -> None:
    """Record malformed records with their reason; they hold their style back until fixed."""
    if not rejects:
        return
    con.executemany(
        "INSERT INTO quarantine (run_id, stage, system, entity, record_key, style_id, reason, detail,"
        " detected_at) VALUES (?, 'land', ?, ?, ?, ?, 'RECORD_MALFORMED', ?, ?)",
        [[run_id, ep.system, ep.name, r.record_key, r.style_id, r.detail, at] for r in rejects],
    )
    if ep.parent_view:
        # The style of a record that only names its parent (a BOM revision names its BOM).
        for reject in rejects:
            if reject.style_id is None and reject.parent_key is not None:
                con.execute(
                    f"UPDATE quarantine SET style_id = (SELECT style FROM {ep.parent_view} WHERE id = ?)"
                    " WHERE run_id = ? AND stage = 'land' AND entity = ? AND record_key IS NOT DISTINCT FROM ?",
                    [reject.parent_key, run_id, ep.name, reject.record_key],
                )


def resolve_rejects(con: Any, ep: Endpoint, keys: list[str], at: datetime) -> None:
    """Mark earlier malformed records as resolved when they now arrive well-formed."""
    con.execute(
        "UPDATE quarantine SET resolved_at = ? WHERE stage = 'land' AND resolved_at IS NULL"
        " AND system = ? AND entity = ? AND list_contains(?, record_key)",
        [at, ep.system, ep.name, keys],
    )


def store_raw(
    con: Any,
    raw: list[tuple[str | None, str]],
    snapshot_id: str,
    system: str,
    entity: str,
    pulled_at: datetime,
) -> None:
    """Keep the payloads of one page exactly as received."""
    if not raw:
        return
    batch = pa.table({"record_key": [k for k, _ in raw], "payload": [p for _, p in raw]})
    with registered(con, "raw_batch", batch):
        con.execute(
            "INSERT INTO raw_records SELECT ?, ?, ?, record_key, payload, ? FROM raw_batch",
            [snapshot_id, system, entity, pulled_at],
        )


def unseen_keys(con: Any, ep: Endpoint, snapshot_id: str) -> list[str]:
    """Current records of the entity that a snapshot did not see (deletion candidates)."""
    partition = f" AND {ep.shared_table} = $name" if ep.shared_table else ""
    rows = con.execute(
        f"""SELECT id FROM {ep.table} WHERE _valid_to IS NULL{partition}
            AND id NOT IN (SELECT record_key FROM raw_records
                           WHERE snapshot_id = $snapshot AND record_key IS NOT NULL)""",
        {"snapshot": snapshot_id, **({"name": ep.name} if ep.shared_table else {})},
    ).fetchall()
    return [key for (key,) in rows]


def record_landing(con: Any, snapshot_id: str, writer: SnapshotWriter, stats: MergeStats) -> None:
    """Note on the snapshot what landed: records, rejects, new and closed versions, when."""
    con.execute(
        "UPDATE snapshots SET records = ?, rejected = ?, landed_at = ?, new_versions = ?,"
        " closed_versions = ? WHERE snapshot_id = ?",
        [
            writer.records,
            writer.rejected,
            datetime.now(UTC),
            stats.new_versions,
            stats.closed_versions,
            snapshot_id,
        ],
    )


def advance_cursor(
    con: Any,
    ep: Endpoint,
    seen: datetime | None,
    run_id: str,
    token: str | None = None,
    read_at: datetime | None = None,
) -> None:
    """Move an entity's cursor to ``seen`` and its read mark to ``read_at``, never back.

    ``read_at`` is when the listing that landed started, on the server's clock: it saw every
    record modified before then (but those written too late to show). A change feed's position
    (``token``) always moves: the server only hands out later ones.
    """
    where = [ep.system, ep.name]
    current, last_read, last_token = row(
        con,
        "SELECT cursor, read_at, token FROM sync_cursors WHERE system = ? AND entity = ?",
        where,
    ) or (None, None, None)
    cursor = max((t for t in (current, seen) if t is not None), default=None)
    read = max((t for t in (last_read, read_at) if t is not None), default=None)
    if token is None and cursor == current and read == last_read:
        return
    con.execute("DELETE FROM sync_cursors WHERE system = ? AND entity = ?", where)
    con.execute(
        "INSERT INTO sync_cursors (system, entity, cursor, run_id, updated_at, token, read_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [*where, cursor, run_id, datetime.now(UTC), token or last_token, read],
    )


def start_point(con: Any, ep: Endpoint, full: bool, overlap: int) -> tuple[str, Any]:
    """Mode of a pull and where it starts: a timestamp (with overlap), a feed token, or None.

    An incremental pull starts ``overlap`` seconds before the later of the cursor (the newest
    modification landed) and the start of the last complete read: records written late, or
    stamped by a clock a little behind, are read again, and a burst of changes is read again
    once, not on every run until something newer comes.
    """
    if full:
        return "full", None
    where = [ep.system, ep.name]
    if ep.changes == "feed":
        token = scalar(con, "SELECT token FROM sync_cursors WHERE system = ? AND entity = ?", where)
        return ("incremental", token) if token else ("full", None)
    cursor, read_at = row(
        con, "SELECT cursor, read_at FROM sync_cursors WHERE system = ? AND entity = ?", where
    ) or (None, None)
    if cursor is None:
        return "full", None
    anchor = max(cursor, read_at) if read_at is not None else cursor
    return "incremental", anchor - timedelta(seconds=overlap)


def open_snapshot(con: Any, ep: Endpoint, run_id: str, mode: str, since: Any) -> SnapshotWriter:
    """Start a snapshot of an entity: its row in ``snapshots``, an empty stage, its writer."""
    pulled_at, snapshot_id = datetime.now(UTC), str(uuid.uuid4())
    con.execute(
        "INSERT INTO snapshots (snapshot_id, run_id, system, entity, mode, modified_after, pulled_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [snapshot_id, run_id, ep.system, ep.name, mode,
         since if isinstance(since, datetime) else None, pulled_at],
    )  # fmt: skip
    new_stage(con, ep.table)
    writer = SnapshotWriter(con, ep, snapshot_id, run_id, pulled_at)
    # Only a listing of changes skips what it already holds: a full one must see every
    # record, and while malformed records are open each read counts towards resolving them.
    writer.skip_landed = mode == "incremental" and ep.changes == "modified_after"
    writer.skip_landed &= not writer.open_rejects
    return writer


def close_snapshot(
    con: Any, client: Any, ep: Endpoint, writer: SnapshotWriter, mode: str, pages: int, log: Any
) -> dict[str, Any]:
    """Merge a landed snapshot into history, move the cursor, and say what changed.

    A full snapshot closes records that are gone, after asking for each missing one by id:
    offset paging over data that changes while it is read can skip a record, and a skipped
    record is not a deleted one.
    """
    writer.flush()
    config = load_config(load_settings().config)
    close_missing = mode == "full" and confirm_missing(
        con, client, ep, writer, config.sync.verify_missing_max, log
    )
    if writer.keyless and close_missing:
        log.warning(
            "%s/%s: malformed records without an id; nothing is closed this time",
            ep.system,
            ep.name,
        )
        close_missing = False
    # Nothing staged and nothing to close (most pulls of a change run): history stands.
    stats = MergeStats(0, 0, 0, None)
    if writer.records or close_missing:
        stats = merge_snapshot(
            con,
            ep.table,
            snapshot_id=writer.snapshot_id,
            pulled_at=writer.pulled_at,
            order_by=ep.cursor,
            full=close_missing,
            partition=(ep.shared_table, ep.name) if ep.shared_table else None,
        )
    if close_missing:
        # A malformed record that is gone at the source no longer holds anything back.
        con.execute(
            "UPDATE quarantine SET resolved_at = ? WHERE stage = 'land' AND resolved_at IS NULL"
            " AND system = ? AND entity = ? AND record_key IS NOT NULL AND record_key NOT IN"
            " (SELECT record_key FROM raw_records WHERE snapshot_id = ? AND record_key IS NOT NULL)",
            [writer.pulled_at, ep.system, ep.name, writer.snapshot_id],
        )
    record_landing(con, writer.snapshot_id, writer, stats)
    token = getattr(client, "position", None) if ep.changes == "feed" else None
    read_at = client.server_time(writer.read_from)
    if stats.max_cursor is not None or token is not None or read_at is not None:
        advance_cursor(con, ep, stats.max_cursor, writer.run_id, token, read_at)
    if writer.rejected:
        log.warning("%s/%s: %d malformed records quarantined", ep.system, ep.name, writer.rejected)
    again = f"; {writer.already} already landed, set aside" if writer.already else ""
    log.info(
        "%s/%s: %d records (%s, %d pages%s), %d new versions, %d closed",
        ep.system, ep.name, writer.records, mode, pages, again, stats.new_versions,
        stats.closed_versions,
    )  # fmt: skip
    return {
        "system": ep.system,
        "entity": ep.name,
        "snapshot_id": writer.snapshot_id,
        "mode": mode,
        "records": writer.records,
        "rejected": writer.rejected,
        "already_landed": writer.already,
        "new_versions": stats.new_versions,
        "closed_versions": stats.closed_versions,
    }


@task(task_run_name="pull {system}/{entity}", cache_policy=NO_CACHE)
def pull(
    system: str, entity: str, run_id: str, warehouse: str, full: bool = False
) -> dict[str, Any]:
    """Read an entity into the warehouse and merge it into history.

    Incremental unless ``full`` or no cursor exists yet: then it asks for records modified
    after the cursor minus the configured overlap, or, from a change feed, for what changed
    after the feed position the last pull reached. Malformed records are quarantined with the
    reason and their raw payload; the rest carry on.
    """
    log = get_run_logger()
    settings, ep = load_settings(), endpoint(system, entity)
    config = load_config(settings.config)
    with open_warehouse(Path(warehouse)) as con:
        mode, since = start_point(con, ep, full, config.sync.overlap_seconds)
        writer = open_snapshot(con, ep, run_id, mode, since)
        with clients.for_system(system, settings, config) as client:
            try:
                pages = land_pages(client, ep, since, writer, log)
            except CursorExpired as expired:
                if expired.pages:
                    raise
                log.warning(
                    "%s/%s: the feed cursor is no longer valid; reading everything", system, entity
                )
                mode = "full"
                con.execute(
                    "UPDATE snapshots SET mode = 'full' WHERE snapshot_id = ?", [writer.snapshot_id]
                )
                pages = land_pages(client, ep, None, writer, log)
            return close_snapshot(con, client, ep, writer, mode, pages, log)


def land_pages(client: Any, ep: Endpoint, since: Any, writer: SnapshotWriter, log: Any) -> int:
    """Read a listing page by page into the snapshot, reporting progress; return the pages.

    Raises:
        CursorExpired: the feed cursor is unknown; ``pages`` on it says how many pages landed.
    """
    pages, last_report, chunk = 0, time.monotonic(), []
    try:
        for batch in client.iter_pages(ep, since):
            chunk.extend(batch)
            pages += 1
            if len(chunk) >= FLUSH_RECORDS:
                writer.write(normalize_page(ep, writer.unlanded(chunk)))
                chunk = []
            if time.monotonic() - last_report > PROGRESS_EVERY_SECONDS:
                log.info(
                    "%s/%s: %d records so far (%d pages)", ep.system, ep.name, writer.so_far, pages
                )
                last_report = time.monotonic()
    except CursorExpired as expired:
        expired.pages = pages
        raise
    writer.write(normalize_page(ep, writer.unlanded(chunk)))
    return pages


def confirm_missing(
    con: Any, client: Any, ep: Endpoint, writer: SnapshotWriter, limit: int, log: Any
) -> bool:
    """Ask for each current record a full listing did not return; stage those that exist.

    Returns:
        Whether the snapshot may now close what is still missing (False when there were more
        candidates than ``limit``: then nothing is closed and the operator is told).
    """
    missing = unseen_keys(con, ep, writer.snapshot_id)
    if len(missing) > limit:
        log.warning(
            "%s/%s: %d current records missing from a full listing (more than %d to check); "
            "nothing is closed this time",
            ep.system, ep.name, len(missing), limit,
        )  # fmt: skip
        return False
    found = [record for key in missing if (record := client.fetch(ep, key)) is not None]
    if found:
        log.info(
            "%s/%s: %d records the listing skipped were read by id", ep.system, ep.name, len(found)
        )
        writer.write(normalize_page(ep, found))
        writer.flush()
    return True


# Styles whose current version came with this run, is active and released, while no earlier
# version was (a style first seen released counts only when styles had been pulled before).
REACHED_RELEASE = """
WITH released AS (SELECT milestone FROM milestone_rules WHERE released)
SELECT cur.id FROM centric_styles_history cur
WHERE cur._run_id = $run AND cur._valid_to IS NULL AND cur.active
  AND cur.bx_milestone IN (SELECT milestone FROM released)
  AND NOT EXISTS (SELECT 1 FROM centric_styles_history prev
                  WHERE prev.id = cur.id AND prev._valid_from < cur._valid_from AND prev.active
                    AND prev.bx_milestone IN (SELECT milestone FROM released))
  AND EXISTS (SELECT 1 FROM centric_styles_history h WHERE h._run_id <> $run)
ORDER BY cur.id
"""


@task(cache_policy=NO_CACHE)
def milestones_reached(run_id: str, warehouse: str) -> list[str]:
    """Styles this run's Centric pull saw reach a released milestone."""
    with open_warehouse(Path(warehouse)) as con:
        return [row[0] for row in con.execute(REACHED_RELEASE, {"run": run_id}).fetchall()]
