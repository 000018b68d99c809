"""Endpoints as data: each system lists the resources launchsync reads in one table."""

from dataclasses import dataclass

from pydantic import BaseModel


@dataclass(frozen=True)
class Endpoint:
    """One readable resource of one system and where its history lands in the warehouse.

    Attributes:
        system: System name, as used in the warehouse (``centric``, ``fourallportal``).
        name: Resource name: a Centric type (``styles``) or a 4ALLPORTAL module (``product``).
        model: Pydantic model that checks and normalizes one record.
        table: Warehouse history table of the normalized rows.
        key: Field that identifies a record.
        paging: Name of the paging style (see ``systems.paging``).
        style_field: Field holding the id of the style a record belongs to, so a malformed
            record can hold back its style.
        parent_field: Field naming a parent record whose style a record belongs to, when the
            record does not name the style itself (a BOM revision names its BOM).
        parent_view: Warehouse view of those parents (with a ``style`` column).
        cursor: Normalized column with the source's modification time (incremental cursor).
        cursor_field: The same field in a record as the API sends it, when named otherwise.
        shared_table: The history table holds several endpoints, told apart by a column of
            this name whose value is the endpoint name.
        path: Path of the listing relative to the API base, when not derived from the name.
        records_key: Key of the records array in a page envelope (continuation paging).
        changes: How an incremental pull asks for changes: ``modified_after`` (a timestamp
            filter, re-read with an overlap) or ``feed`` (the continuation cursor of a change
            feed, resumed exactly).
    """

    system: str
    name: str
    model: type[BaseModel]
    table: str
    key: str = "id"
    paging: str = "skip_limit"
    style_field: str | None = None
    parent_field: str | None = None
    parent_view: str | None = None
    cursor: str = "modified_at"
    cursor_field: str | None = None
    shared_table: str | None = None
    path: str | None = None
    records_key: str | None = None
    changes: str = "modified_after"
