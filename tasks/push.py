"""Push: send a run's field changes to their target, recording intent and result in the ledger."""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import orjson
import polars as pl
import pyarrow as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from launchsync import clients
from launchsync.canonical import canonical_json
from launchsync.config import Config, load_config
from launchsync.errors import LaunchsyncError
from launchsync.settings import load_settings
from systems.http import ApiError, NotFound, OutcomeUnknown, RequestRejected
from systems.smintio.schema import KINDS, REQUIRED, problems
from tasks.changeset import (
    BASELINE_SCHEMA,
    Write,
    centric_payload,
    fourallportal_payload,
    plan_writes,
    smintio_payload,
)
from tasks.diff import DELETES, remember
from tasks.targets import Mapping, history_table, managed_count, mapping, read_desired
from warehouse.db import frame, open_warehouse, registered, row, scalar
from warehouse.history import close_current

PAYLOAD = {
    "fourallportal": fourallportal_payload,
    "centric": centric_payload,
    "smintio": smintio_payload,
}


class DeleteGuardTripped(LaunchsyncError):
    """A run would delete more target objects than the configuration allows."""


# Writes go into the ledger as intended, and their outcomes are recorded, this many at a
# time. Until a group's outcomes are recorded the ledger holds its writes as pending, as it
# would after a lost answer: the next run re-reads the target and settles them.
GROUP = 10_000


def batch_key(keys: list[str]) -> str:
    """The idempotency key of a batch: the same writes in the same order, the same key."""
    return hashlib.sha256("|".join(keys).encode()).hexdigest()[:32]


def chunks(items: list[Write], size: int) -> Iterator[list[Write]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Ledger:
    """Ledger entries for the writes of one mapping in one run."""

    def __init__(self, con: duckdb.DuckDBPyConnection, run_id: str, m: Mapping) -> None:
        self.con, self.run_id, self.mapping = con, run_id, m
        # The earliest time stamped on this ledger's entries: an update of them skips the
        # older part of the ledger.
        self.since: datetime | None = None

    def intend(self, writes: list[Write]) -> list[str]:
        """Record that these writes are about to be sent (state ``pending``)."""
        ids = [str(uuid.uuid4()) for _ in writes]
        now = datetime.now(UTC)
        self.since = now if self.since is None else min(self.since, now)  # clocks step back
        payload = PAYLOAD[self.mapping.system]
        batch = pa.table(
            {
                "entry_id": ids,
                "operation": [w.operation for w in writes],
                "record_key": [w.key for w in writes],
                "object_id": pa.array([w.object_id for w in writes], pa.string()),
                "fields": pa.array([w.fields for w in writes], pa.list_(pa.string())),
                "payload": [
                    orjson.dumps(payload(w) if w.operation != "delete" else {}).decode()
                    for w in writes
                ],
                "idempotency_key": [w.idempotency_key(self.target) for w in writes],
            }
        )
        with registered(self.con, "intents", batch):
            self.con.execute(
                """INSERT INTO push_ledger BY NAME
                   SELECT *, $run AS run_id, $system AS system, $entity AS entity,
                          'pending' AS state, $now AS recorded_at
                   FROM intents""",
                {"run": self.run_id, "system": self.mapping.system, "entity": self.mapping.entity,
                 "now": now},
            )  # fmt: skip
        return ids

    @property
    def target(self) -> str:
        """Target system and entity, as idempotency keys name them."""
        return f"{self.mapping.system}.{self.mapping.entity}"

    def applied(self, entries: list[str], object_ids: list[str | None]) -> None:
        """Record that the target confirmed the writes."""
        batch = pa.table({"entry_id": entries, "object_id": pa.array(object_ids, pa.string())})
        with registered(self.con, "confirmed", batch):
            self.con.execute(
                """UPDATE push_ledger SET state = 'applied', applied_at = $now,
                          object_id = coalesce(confirmed.object_id, push_ledger.object_id)
                   FROM confirmed WHERE push_ledger.entry_id = confirmed.entry_id
                     AND push_ledger.recorded_at >= $since""",
                {"now": datetime.now(UTC), "since": self.since},
            )

    def refused_before(self) -> set[str]:
        """Idempotency keys of writes this target refused and that never succeeded since."""
        rows = self.con.execute(
            "SELECT idempotency_key FROM push_ledger WHERE system = ? AND entity = ? AND state = 'rejected'"
            " EXCEPT SELECT idempotency_key FROM push_ledger WHERE state = 'applied'",
            [self.mapping.system, self.mapping.entity],
        ).fetchall()
        return {key for (key,) in rows}

    def failed(self, entries: list[str], state: str, error: str) -> None:
        """Record that the writes did not take effect (``failed``, ``rejected``) or are unknown."""
        ended = pl.DataFrame({"entry_id": entries}, schema={"entry_id": pl.Utf8})
        with registered(self.con, "ended", ended):
            self.con.execute(
                "UPDATE push_ledger SET state = ?, error = ? WHERE recorded_at >= ?"
                " AND entry_id IN (SELECT entry_id FROM ended)",
                [state, error, self.since],
            )


def guard_deletes(con: duckdb.DuckDBPyConnection, m: Mapping, deletes: int, config: Config) -> None:
    """Refuse a mass delete that looks like a broken source rather than real deletions.

    Raises:
        DeleteGuardTripped: more than ``sync.max_delete_share`` of the objects the mapping
            manages (and more than ``sync.delete_guard_floor``) would be deleted.
    """
    managed = managed_count(con, m)
    limit = max(config.sync.delete_guard_floor, int(managed * config.sync.max_delete_share))
    if deletes > limit:
        raise DeleteGuardTripped(
            f"refusing to delete {deletes} of {managed} {m.system} {m.entity} records in one run "
            f"(limit {limit}); if intended, raise sync.max_delete_share in launchsync.toml"
        )


class Pusher:
    """Sends the writes of one mapping; records ledger, baseline and refusals."""

    def __init__(
        self, client: Any, ledger: Ledger, con: duckdb.DuckDBPyConnection, concurrency: int = 1
    ) -> None:
        self.client, self.ledger, self.con = client, ledger, con
        self.concurrency = concurrency
        self.m = ledger.mapping
        self.counts = {"created": 0, "updated": 0, "deleted": 0, "already_gone": 0, "rejected": 0}
        self.confirmed: list[tuple[Write, str, str | None]] = []

    def send_group(
        self, writes: list[Write], refused: set[str], attempts: Attempts, batch_size: int
    ) -> None:
        """Send a group of planned writes: creates and updates, then deletes.

        Writes the target refused before, unchanged, are not sent again; writes the target's
        published contract refuses are quarantined instead of sent.
        """
        deletes = [w for w in writes if w.operation == "delete"]
        upserts = [w for w in writes if w.operation != "delete"]
        repeats = [w for w in upserts if w.idempotency_key(self.ledger.target) in refused]
        self.counts["still_rejected"] += len(repeats)
        upserts = [w for w in upserts if w.idempotency_key(self.ledger.target) not in refused]
        checked = [(w, contract_problems(self.m, w)) for w in upserts]
        for write, found in checked:
            if found:  # never sent: the target would refuse it
                self.counts["invalid"] += 1
                self.quarantine(write, "; ".join(found), "PUSH_INVALID")
        self.send([w for w, found in checked if not found], attempts, batch_size)
        for write in deletes:
            attempts.run(self.delete, write)

    def send(self, writes: list[Write], attempts: Attempts, batch_size: int) -> None:
        """Send creates and updates: intended a group at a time, then batch by batch.

        4ALLPORTAL and Smint.io take a batch in one call; Centric one call per record, so
        there each record succeeds or fails on its own. A group's outcomes are recorded once
        it is through, or stopped: the writes never sent are then recorded as ``failed``.
        """
        for group in chunks(writes, GROUP):
            entries = self.ledger.intend(group)
            sent = 0
            try:
                if self.m.system == "fourallportal":
                    sent = len(group)  # the batches never sent are recorded there
                    self.upsert_batches(group, entries, batch_size, attempts)
                    continue
                for start in range(0, len(group), batch_size):
                    batch = group[start : start + batch_size]
                    ids = entries[start : start + batch_size]
                    sent = start + len(batch)
                    if self.m.system == "smintio":
                        attempts.run(self.put_batch, batch, ids)
                    else:
                        self.upsert_each(batch, ids, attempts)
            finally:
                self.record()
                if sent < len(group):
                    self.ledger.failed(entries[sent:], "failed", "not sent: the step stopped first")

    def upsert_batches(
        self, writes: list[Write], entries: list[str], batch_size: int, attempts: Attempts
    ) -> None:
        """Send writes to 4ALLPORTAL a batch per call, up to ``concurrency`` calls in flight.

        Each answer is handled here as it comes (a refused batch is split to find the refused
        writes). If ``attempts`` gives up, the calls in flight finish and are recorded, and
        the batches not sent are recorded as ``failed``.
        """
        items = [
            (writes[start : start + batch_size], entries[start : start + batch_size])
            for start in range(0, len(writes), batch_size)
        ]
        window = Window(self._bulk_upsert, self.concurrency)
        stopped: ApiError | None = None
        try:
            for item, result in window.send(items):
                if stopped is None:
                    try:
                        attempts.run(self._settle_batch, item, result)
                    except ApiError as exc:
                        stopped = exc
                        window.stop()
                else:
                    with contextlib.suppress(ApiError):
                        self._settle_batch(item, result)
        finally:
            unsent = [entry for _, ids in items[window.started :] for entry in ids]
            if unsent:
                self.ledger.failed(unsent, "failed", "not sent: the step stopped first")
        if stopped is not None:
            raise stopped

    def _bulk_upsert(self, batch: list[Write]) -> list[str]:
        """One batch to 4ALLPORTAL (on a thread of the window): the ids it answers."""
        key = batch_key([w.idempotency_key(self.ledger.target) for w in batch])
        return self.client.bulk_upsert(
            self.m.entity, [fourallportal_payload(w) for w in batch], key=key
        )

    def _settle_batch(
        self, item: tuple[list[Write], list[str]], result: list[str] | BaseException
    ) -> None:
        """Record the answer to one batch; an error of the call is raised after recording."""
        batch, entries = item
        if not isinstance(result, BaseException):
            self.confirm(batch, entries, list(result))
            return
        if isinstance(result, (RequestRejected, NotFound)):  # refused, or an object gone
            if len(batch) == 1:
                self.refused(batch[0], entries[0], result)
                return
            self.ledger.failed(entries, "failed", "batch refused; resent in halves")
            middle = len(batch) // 2
            for half in (batch[:middle], batch[middle:]):
                self.upsert(half, self.ledger.intend(half))
            return
        if isinstance(result, ApiError):
            self.unanswered(entries, result)
        raise result

    def upsert(self, batch: list[Write], entries: list[str]) -> None:
        """Create or update a batch in one call; a refused batch is split to find the refused."""
        try:
            result: list[str] | BaseException = self._bulk_upsert(batch)
        except ApiError as exc:
            result = exc
        self._settle_batch((batch, entries), result)

    def unanswered(self, entries: list[str], exc: ApiError) -> None:
        """Record a call that failed as a whole.

        A call that may have applied stays pending: the next run re-reads the target and its
        diff decides what is left.
        """
        self.ledger.failed(
            entries, "pending" if isinstance(exc, OutcomeUnknown) else "failed", str(exc)
        )

    def put_batch(self, batch: list[Write], entries: list[str]) -> None:
        """Create or replace a batch in Smint.io in one call.

        Each record succeeds or fails on its own, as by its own PUT (a repeat changes nothing).
        """
        target = self.ledger.target
        key = batch_key([w.idempotency_key(target) for w in batch])
        try:
            outcomes = self.client.put_many(
                self.m.entity, [(w.key, smintio_payload(w)) for w in batch], key=key
            )
        except ApiError as exc:
            self.unanswered(entries, exc)
            raise
        written: list[tuple[Write, str]] = []
        failed: list[tuple[str, ApiError]] = []
        for write, entry, outcome in zip(batch, entries, outcomes, strict=True):
            if outcome is None:
                written.append((write, entry))
            elif isinstance(outcome, (RequestRejected, NotFound)):
                self.refused(write, entry, outcome)
            else:
                failed.append((entry, outcome))
        if written:
            self.confirm(
                [w for w, _ in written], [e for _, e in written], [w.key for w, _ in written]
            )
        for entry, error in failed:
            self.ledger.failed([entry], "failed", str(error))
        if failed:
            raise failed[0][1]

    def upsert_each(self, batch: list[Write], entries: list[str], attempts: Attempts) -> None:
        """Send a batch one call per record (Centric).

        Up to ``concurrency`` calls are in flight at once (the client's rate limit still
        applies to each). If ``attempts`` gives up, the calls in flight finish and are
        recorded, and the writes not sent are recorded as ``failed``.
        """
        applied: list[tuple[Write, str, str | None]] = []
        unsettled: dict[tuple[str, str], list[str]] = {}
        window = Window(self._send_one, self.concurrency)

        def settle(done: tuple[tuple[Write, str], str | BaseException | None]) -> None:
            (write, entry), result = done
            if not isinstance(result, BaseException):
                applied.append((write, entry, result))
                return
            try:
                raise result
            except (RequestRejected, NotFound) as exc:
                self.refused(write, entry, exc)
            except ApiError as exc:
                state = "pending" if isinstance(exc, OutcomeUnknown) else "failed"
                unsettled.setdefault((state, str(exc)), []).append(entry)
                raise

        stopped: ApiError | None = None
        try:
            for done in window.send(list(zip(batch, entries, strict=True))):
                if stopped is None:
                    try:
                        attempts.run(settle, done)
                    except ApiError as exc:
                        stopped = exc
                        window.stop()
                else:
                    with contextlib.suppress(ApiError):
                        settle(done)
        finally:
            if applied:
                writes, done_entries, ids = (list(column) for column in zip(*applied, strict=True))
                self.confirm(writes, done_entries, ids)
            for (state, error), failed in unsettled.items():
                self.ledger.failed(failed, state, error)
            if window.started < len(batch):
                self.ledger.failed(
                    entries[window.started :], "failed", "not sent: the step stopped first"
                )
        if stopped is not None:
            raise stopped

    def _send_one(self, write: Write) -> str | None:
        """One record to Centric; the id it has there."""
        key = write.idempotency_key(self.ledger.target)
        if write.operation == "create":
            return self.client.create(self.m.entity, centric_payload(write), key=key)["id"]
        self.client.update(self.m.entity, str(write.object_id), centric_payload(write), key=key)
        return write.object_id

    def confirm(self, batch: list[Write], entries: list[str], ids: list[str | None]) -> None:
        """Count writes the target confirmed, to be recorded with their group."""
        self.confirmed.extend(zip(batch, entries, ids, strict=True))
        for write in batch:
            self.counts["created" if write.operation == "create" else "updated"] += 1

    def record(self) -> None:
        """Record the confirmed writes not recorded yet: ledger and agreed values."""
        if not self.confirmed:
            return
        writes, entries, ids = (list(column) for column in zip(*self.confirmed, strict=True))
        self.ledger.applied(entries, ids)
        self.remember(writes)
        self.confirmed = []

    def refused(self, write: Write, entry: str, exc: ApiError) -> None:
        """Record a write the target refused, and keep it in quarantine."""
        self.ledger.failed([entry], "rejected", str(exc))
        self.quarantine(write, str(exc))
        self.counts["rejected"] += 1

    def delete(self, write: Write) -> None:
        """Delete one record and close its history: a re-read cannot see what no longer exists.

        A record that is already gone counts as done, not as a new deletion.
        """
        entries = self.ledger.intend([write])
        try:
            key = write.idempotency_key(self.ledger.target)
            if self.m.system == "smintio":
                self.client.retire(self.m.entity, str(write.object_id), key=key)
            else:
                self.client.delete(self.m.entity, str(write.object_id), key=key)
            self.counts["deleted"] += 1
        except NotFound:
            self.counts["already_gone"] += 1
        except ApiError as exc:
            self.ledger.failed(entries, "failed", str(exc))
            raise
        self.ledger.applied(entries, [write.object_id])
        now = datetime.now(UTC)
        close_current(self.con, history_table(self.m), [str(write.object_id)], now)
        self.con.execute(
            "DELETE FROM sync_baseline WHERE system = ? AND entity = ? AND record_key = ?",
            [self.m.system, self.m.entity, write.key],
        )

    def remember(self, batch: list[Write]) -> None:
        """Written values are now what both sides agree on; refusals of these records end."""
        rows = [
            (w.key, name, locale, channel, None if value is None else canonical_json(value))
            for w in batch
            for name, locale, channel, value in w.values
        ]
        remember(
            self.con,
            self.m,
            pl.DataFrame(rows, schema=BASELINE_SCHEMA, orient="row"),
            self.ledger.run_id,
        )
        keys = pl.DataFrame({"key": [w.key for w in batch]}, schema={"key": pl.Utf8})
        with registered(self.con, "written_keys", keys):
            self.con.execute(
                "UPDATE quarantine SET resolved_at = ? WHERE stage = 'push' AND resolved_at IS NULL"
                " AND system = ? AND entity = ? AND record_key IN (SELECT key FROM written_keys)",
                [datetime.now(UTC), self.m.system, self.m.entity],
            )

    def quarantine(self, write: Write, error: str, reason: str = "PUSH_REJECTED") -> None:
        """Keep a write the target refused (or would refuse), with why, for the people fixing it."""
        style_id = write.key if self.m.entity in ("product", "styles", "launch_package") else None
        if self.m.entity in ("variant", "skus"):
            style_id = scalar(self.con, "SELECT style FROM centric_skus WHERE id = ?", [write.key])
        # A problem still open from an earlier run is not recorded again.
        self.con.execute(
            "INSERT INTO quarantine (run_id, stage, system, entity, record_key, style_id, reason, detail,"
            " detected_at) SELECT $run, 'push', $system, $entity, $key, $style, $reason, $detail, $at"
            " WHERE NOT EXISTS (SELECT 1 FROM quarantine WHERE stage = 'push' AND resolved_at IS NULL"
            " AND system = $system AND entity = $entity AND record_key = $key AND reason = $reason"
            " AND detail = $detail)",
            {
                "run": self.ledger.run_id,
                "system": self.m.system,
                "entity": self.m.entity,
                "key": write.key,
                "style": style_id,
                "reason": reason,
                "detail": error,
                "at": datetime.now(UTC),
            },
        )


class Window:
    """Calls ``send`` on items, at most ``width`` at a time, yielding each item as it finishes."""

    def __init__(self, send: Callable[[Any], Any], width: int) -> None:
        self._send, self.width = send, width
        self.started = 0
        self._stopped = False

    def stop(self) -> None:
        """Start nothing more; the calls in flight still finish and are yielded."""
        self._stopped = True

    def send(self, items: list[tuple[Any, ...]]) -> Iterator[tuple[Any, Any]]:
        """Yield ``(item, result)`` per item in the order calls end; an error is the result.

        ``send`` gets the first element of each item. Items are started in order, so the
        ones after ``started`` were never sent.
        """
        with ThreadPoolExecutor(self.width, thread_name_prefix="push") as pool:
            running: dict[Future[Any], tuple[Any, ...]] = {}
            while True:
                while not self._stopped and len(running) < self.width and self.started < len(items):
                    item = items[self.started]
                    running[pool.submit(self._send, item[0])] = item
                    self.started += 1
                if not running:
                    return
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    item = running.pop(future)
                    error = future.exception()
                    yield item, error if error is not None else future.result()


class Attempts:
    """Writes go on after one fails, so a run does all it can; the first failure ends the task.

    Failed and unknown writes are in the ledger, and the next run retries or reconciles them.
    After ``give_up`` failures in a row the target is taken to be down and the task stops.
    """

    def __init__(self, name: str, give_up: int = 3) -> None:
        self.name, self.give_up = name, give_up
        self.failures: list[ApiError] = []
        self.in_a_row = 0

    def run(self, write: Callable[..., Any], *item: Any) -> None:
        """Send one batch or write; a failure is kept, or raised once ``give_up`` are in a row."""
        try:
            write(*item)
        except ApiError as exc:
            self.failures.append(exc)
            self.in_a_row += 1
            if self.in_a_row >= self.give_up:
                raise
        else:
            self.in_a_row = 0

    def settle(self, log: Any) -> None:
        """Raise the first failure, after saying how many writes failed."""
        if self.failures:
            log.warning(
                "%s: %d writes or batches failed; the next run retries them",
                self.name,
                len(self.failures),
            )
            raise self.failures[0]


SETTLE = """
UPDATE push_ledger p SET state = CASE WHEN EXISTS (
    SELECT 1 FROM push_ledger q WHERE q.system = p.system AND q.entity = p.entity
      AND q.record_key = p.record_key AND q.state = 'applied' AND q.recorded_at > p.recorded_at)
  THEN 'superseded' ELSE 'settled' END
WHERE p.state = 'pending' AND p.run_id <> $run
"""


@task(cache_policy=NO_CACHE)
def settle_pending(run_id: str, warehouse: str) -> int:
    """Close the unknown outcomes of earlier runs, once a complete run has diffed every target.

    That run re-read each target and wrote whatever was still missing. So a pending write of
    an earlier run was either followed by an applied write of the same record (superseded),
    or nothing was left to write for its record (settled). Returns how many were closed.
    """
    with open_warehouse(Path(warehouse)) as con:
        rows = con.execute(SETTLE + " RETURNING 1", {"run": run_id}).fetchall()
    return len(rows)


def contract_problems(m: Mapping, write: Write) -> list[str]:
    """What the target's published record contract finds wrong with a write (Smint.io kinds)."""
    if m.system != "smintio" or write.operation == "delete":
        return []
    return problems(KINDS[m.entity], smintio_payload(write), REQUIRED.get(m.entity, ()))


def whole_records(
    con: duckdb.DuckDBPyConnection, m: Mapping, config: Config, level: int, writes: list[Write]
) -> list[Write]:
    """Give each create or update every desired value of its record, not only the changed ones."""
    values: dict[str, list[tuple[str, str, str, Any]]] = {}
    keys = pl.DataFrame({"key": sorted({w.key for w in writes})}, schema={"key": pl.Utf8})
    with registered(con, "written_keys", keys):
        desired = read_desired(con, m, config, level, only="written_keys").values
    for value in desired.iter_rows(named=True):
        values.setdefault(value["key"], []).append(
            (value["field"], value["locale"], value["channel"], orjson.loads(value["value"]))
        )
    for write in writes:
        if write.operation != "delete":
            write.values = sorted(values.get(write.key, []), key=lambda v: v[:3])
    return writes


# The writes of one level, numbered in the order they are sent: creates, updates, deletes,
# each in key order. A push reads their field changes a group at a time, so its memory
# follows the group, not the level (a full sync creates 632,360 variants at 1M SKUs).
PLAN = """
CREATE OR REPLACE TEMP TABLE planned_writes AS
SELECT row_number() OVER (ORDER BY min(CASE operation WHEN 'create' THEN 0 WHEN 'update' THEN 1
                                       ELSE 2 END), record_key, object_id NULLS FIRST) AS n,
       record_key, object_id, min(operation) = 'delete' AS deletes
FROM field_changes
WHERE run_id = $run AND mapping = $mapping AND level = $level AND computed_at = $at
GROUP BY record_key, object_id
"""
PLANNED_CHANGES = """
SELECT c.record_key AS key, c.object_id, c.object_type, c.operation, c.field, c.locale,
       c.channel, c.new_value
FROM field_changes c JOIN planned_writes w
  ON w.record_key = c.record_key AND w.object_id IS NOT DISTINCT FROM c.object_id
WHERE c.run_id = $run AND c.mapping = $mapping AND c.level = $level AND c.computed_at = $at
  AND w.n > $after AND w.n <= $upto
ORDER BY w.n
"""


class Plan:
    """The writes a run's diff planned for one mapping level, read a group at a time."""

    def __init__(self, con: duckdb.DuckDBPyConnection, run_id: str, name: str, level: int) -> None:
        self.con = con
        self.params: dict[str, Any] = {"run": run_id, "mapping": name, "level": level}
        self.params["at"] = scalar(
            con,
            "SELECT max(computed_at) FROM field_changes"
            " WHERE run_id = $run AND mapping = $mapping AND level = $level",
            self.params,
        )
        con.execute(PLAN, self.params)
        self.total, self.deletes = row(
            con, "SELECT count(*), count(*) FILTER (deletes) FROM planned_writes"
        ) or (0, 0)

    def groups(self, size: int) -> Iterator[list[Write]]:
        """The writes in the order they are sent, ``size`` at a time."""
        for after in range(0, self.total, size):
            changes = frame(
                self.con, PLANNED_CHANGES, {**self.params, "after": after, "upto": after + size}
            )
            yield plan_writes(changes)


@task(task_run_name="push {name} level {level}", cache_policy=NO_CACHE)
def push(
    run_id: str, warehouse: str, name: str, level: int, dry_run: bool = False
) -> dict[str, Any]:
    """Write one mapping level's changes to its target; with ``dry_run`` only count them."""
    log = get_run_logger()
    m = mapping(name)
    settings = load_settings()
    config = load_config(settings.config)
    with open_warehouse(Path(warehouse)) as con:
        plan = Plan(con, run_id, name, level)
        if not plan.total or dry_run:
            return {"mapping": name, "level": level, "planned": plan.total, "dry_run": dry_run}
        if plan.deletes:
            guard_deletes(con, m, plan.deletes, config)
        ledger = Ledger(con, run_id, m)
        refused = ledger.refused_before()
        with clients.for_system(m.system, settings, config) as client:
            pusher = Pusher(client, ledger, con, config.sync.push_concurrency)
            pusher.counts.update(still_rejected=0, invalid=0)
            outcome = Attempts(name)
            done = 0
            for writes in plan.groups(GROUP):
                if m.system == "smintio" and level != DELETES:
                    writes = whole_records(con, m, config, level, writes)
                pusher.send_group(writes, refused, outcome, config.sync.push_batch_size)
                done += len(writes)
                if plan.total > GROUP:
                    log.info("%s level %d: %d of %d writes sent", name, level, done, plan.total)
            if pusher.counts["still_rejected"]:
                log.warning(
                    "%s: %d writes refused before are not sent again (see quarantine)",
                    name,
                    pusher.counts["still_rejected"],
                )
            outcome.settle(log)
    counts = pusher.counts
    log.info("%s level %d: pushed %s", name, level, {k: v for k, v in counts.items() if v})
    return {"mapping": name, "level": level, "planned": plan.total, **counts}
