"""A 4ALLPORTAL REST simulator: modules of objects whose fields carry dimensioned values.

- Every call needs ``Authorization: Bearer <API key>``, else 401.
- ``GET /api/modules`` describes modules and fields.
- ``GET /api/modules/{module}/objects?fields=&offset=&limit=&sort=&query=&totalCount=true``
  returns ``{"total_count": n, "result": [...]}``; pages are capped (1000 by default).
- ``PATCH /api/modules/{module}/objects`` with an array upserts in bulk (with ``id``: update,
  without: create), all or nothing, and returns the ids in order.
- ``GET``/``PATCH``/``DELETE /api/modules/{module}/objects/{id}`` address one object.

Written values are ``{"value": v, "dimensions": {...}, "instruction": ...}`` with the
instructions ``overwrite`` (default), ``if_empty``, ``list_add`` and ``list_remove``; a null
value removes the value for those dimensions. ``mod_time`` moves only when something changed.

The ``query`` syntax (designed): clauses ``<field><op><value>`` joined by `` AND ``, with ops
``=``, ``!=``, ``>``, ``>=``, ``<``, ``<=``; values may be double-quoted. Header fields (``id``,
``type``, ``mod_time``) compare directly; other fields match when any of their values does.
"""

import hashlib
import re
import uuid
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from launchsync import defaults
from systems.fourallportal.schema import CHANNELS, LOCALES, MODULES, FieldSpec, ModuleSpec
from systems.signing import FOURALLPORTAL
from systems.simulation import (
    BadRequest,
    Handler,
    JSONResponse,
    RecordTable,
    copy_record,
    endpoint,
    error,
    int_param,
    new_uuid,
    read_json,
)
from systems.timestamps import Clock, iso_ms, parse_iso
from systems.webhooks import Deliveries, Webhook

HEADER = ("id", "module", "type", "mod_time")
LINKED_MODULES = ("product", "file")
INSTRUCTIONS = ("overwrite", "if_empty", "list_add", "list_remove")
EVENT_TYPES = ("moduleobject_create", "moduleobject_modify", "moduleobject_delete")
_CLAUSE = re.compile(r"^\s*([A-Za-z_]\w*)\s*(>=|<=|!=|=|>|<)\s*(.*?)\s*$")
_OPS: dict[str, Callable[[str, str], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def mod_time(obj: dict[str, Any]) -> str:
    """An object's ``mod_time`` as queries compare it (text)."""
    return _text(obj.get("mod_time"))


def first_value(obj: dict[str, Any] | None, name: str) -> Any:
    """The value of a field without dimensions, or None."""
    entries = (obj or {}).get(name)
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and not entry.get("dimensions"):
            return entry.get("value")
    return None


def parse_query(query: str) -> list[tuple[str, str, str]]:
    """Split a ``query`` parameter into (field, op, value) clauses.

    Raises:
        BadRequest: a clause does not have the ``<field><op><value>`` form.
    """
    clauses = []
    for part in re.split(r"\s+AND\s+", query.strip(), flags=re.IGNORECASE):
        match = _CLAUSE.match(part)
        if not match:
            raise BadRequest(f"query: cannot read clause {part!r}")
        name, op, value = match.groups()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        clauses.append((name, op, value))
    return clauses


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _list_of(kind: type) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, list) and all(isinstance(i, kind) for i in value)


# What a value of each field type must be.
VALUE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "text": lambda value: isinstance(value, str),
    "integer": _is_int,
    "decimal": _is_number,
    "boolean": lambda value: isinstance(value, bool),
    "reference": lambda value: isinstance(value, str),
    "reference_list": _list_of(str),
    "string_list": _list_of(str),
    "object_list": _list_of(dict),
}


def _check_value(spec: FieldSpec, value: Any, exists: Callable[[str], bool]) -> None:
    kind = spec.type
    if not VALUE_CHECKS[kind](value):
        raise BadRequest(f"field {spec.name!r} expects a {kind} value, got {type(value).__name__}")
    targets = [value] if kind == "reference" else value if kind == "reference_list" else []
    for target in targets:
        if not exists(target):
            raise BadRequest(f"field {spec.name!r} references unknown object {target!r}")


def _check_dimensions(spec: FieldSpec, dims: Any) -> dict[str, str]:
    if not isinstance(dims, dict):
        raise BadRequest(f"field {spec.name!r}: dimensions must be an object")
    for key, value in dims.items():
        if key == "locale":
            if not spec.localizable:
                raise BadRequest(f"field {spec.name!r} is not localizable")
            if value not in LOCALES:
                raise BadRequest(f"field {spec.name!r}: unknown locale {value!r}")
        elif key == "channel":
            if not spec.channel_dependent:
                raise BadRequest(f"field {spec.name!r} does not depend on the channel")
            if value not in CHANNELS:
                raise BadRequest(f"field {spec.name!r}: unknown channel {value!r}")
        else:
            raise BadRequest(f"field {spec.name!r}: unknown dimension {key!r}")
    return {k: dims[k] for k in sorted(dims)}


def apply_field(
    obj: dict[str, Any], spec: FieldSpec, writes: Any, exists: Callable[[str], bool]
) -> bool:
    """Apply written values to one field of an object; tell whether anything changed.

    Raises:
        BadRequest: a value, dimension or instruction is not valid for the field.
    """
    if not isinstance(writes, list):
        raise BadRequest(f"field {spec.name!r} must be written as a list of values")
    entries: list[dict[str, Any]] = obj.setdefault(spec.name, [])
    changed = False
    for write in writes:
        if not isinstance(write, dict) or "value" not in write:
            raise BadRequest(f"field {spec.name!r}: each write needs a 'value'")
        instruction = write.get("instruction", "overwrite")
        if instruction not in INSTRUCTIONS:
            raise BadRequest(f"field {spec.name!r}: unknown instruction {instruction!r}")
        dims = write.get("dimensions")
        dims = {} if dims is None or dims == {} else _check_dimensions(spec, dims)
        value = write["value"]
        current = None
        for entry in entries:
            if entry["dimensions"] == dims:
                current = entry
                break
        if instruction in ("list_add", "list_remove"):
            if not spec.type.endswith("_list"):
                raise BadRequest(f"field {spec.name!r}: {instruction} needs a list field")
            items = value if isinstance(value, list) else [value]
            _check_value(spec, items, exists)
            old = list(current["value"]) if current else []
            if instruction == "list_add":
                new = old + [i for i in items if i not in old]
            else:
                new = [i for i in old if i not in items]
            value = new
        elif value is not None:
            _check_value(spec, value, exists)
        if instruction == "if_empty" and current is not None:
            continue
        if value is None:
            if current is not None:
                entries.remove(current)
                changed = True
        elif current is None:
            entries.append({"value": value, "dimensions": dims})
            changed = True
        elif current["value"] != value:
            current["value"] = value
            changed = True
    if not entries:
        obj.pop(spec.name, None)
    return changed


def new_event(event_type: str, module: str, obj: dict[str, Any]) -> dict[str, Any]:
    """The body of one 4ALLPORTAL event."""
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "module": module,
        "object_id": obj["id"],
        "object_type": obj.get("type"),
        "mod_time": obj.get("mod_time"),
    }


class FourAllPortalSimulator:
    """In-memory 4ALLPORTAL modules served over the 4ALLPORTAL REST API shape."""

    def __init__(
        self,
        data: dict[str, list[dict[str, Any]]] | None = None,
        *,
        api_key: str = defaults.FOURALLPORTAL_SIMULATOR_API_KEY,
        modules: dict[str, ModuleSpec] = MODULES,
        page_cap: int = 1000,
    ) -> None:
        self.api_key = api_key
        self.modules = modules
        self.page_cap = page_cap
        self.clock = Clock()
        self.requests = 0
        self.writes = 0
        self.tables: dict[str, RecordTable] = {}
        for name in modules:
            records = (data or {}).get(name, [])
            for record in records:
                record.setdefault("id", new_uuid())
                record.setdefault("module", name)
                try:
                    stamp = parse_iso(record["mod_time"])
                except (KeyError, TypeError, AttributeError, ValueError):
                    record["mod_time"] = self.clock.now()
                else:
                    # Stored in the one format the server writes, so filters compare as text.
                    record["mod_time"] = iso_ms(stamp)
                    self.clock.observe(stamp)
            self.tables[name] = RecordTable(records, stamp=mod_time)
        self.webhooks: dict[str, Webhook] = {}
        self.deliveries = Deliveries(FOURALLPORTAL)
        # Files are linked to products by style number (a linking rule of the DAM).
        self._by_style: dict[tuple[str, str], set[str]] = {}
        for module in LINKED_MODULES:
            for obj in self.tables.get(module, RecordTable()).rows.values():
                self._index(module, obj)
        for obj in self.tables.get("file", RecordTable()).rows.values():
            self._link_file(obj)

    def _count(self) -> None:
        self.requests += 1

    def exists(self, object_id: str) -> bool:
        """Whether any module holds an object with this id."""
        return any(t.get(object_id) is not None for t in self.tables.values())

    def _index(self, module: str, obj: dict[str, Any], remove: bool = False) -> None:
        style = first_value(obj, "style_number")
        if isinstance(style, str):
            ids = self._by_style.setdefault((module, style), set())
            (ids.discard if remove else ids.add)(obj["id"])

    def _link_file(self, obj: dict[str, Any]) -> bool:
        """Add the products sharing the file's style number to its ``products``; tell if it changed."""
        style = first_value(obj, "style_number")
        found = (
            sorted(self._by_style.get(("product", style), set())) if isinstance(style, str) else []
        )
        current = first_value(obj, "products") or []
        linked = current + [p for p in found if p not in current]
        if linked == current:
            return False
        obj["products"] = [{"value": linked, "dimensions": {}}]
        return True

    def _store(self, table: RecordTable, obj: dict[str, Any], created: bool) -> None:
        module = obj["module"]
        if module == "file":
            self._link_file(obj)
        old = table.get(obj["id"])
        if old is not None and module in LINKED_MODULES:
            self._index(module, old, remove=True)
        obj["mod_time"] = self.clock.now(after=old.get("mod_time") if old else None)
        table.put(obj)
        self.writes += 1
        if module in LINKED_MODULES:
            self._index(module, obj)
        self._notify("moduleobject_create" if created else "moduleobject_modify", module, obj)
        if module == "product":
            files = self.tables["file"]
            style = first_value(obj, "style_number")
            for file_id in (
                sorted(self._by_style.get(("file", style), set())) if isinstance(style, str) else []
            ):
                linked = copy_record(files.get(file_id))
                if linked is not None and self._link_file(linked):
                    self._store(files, linked, created=False)

    def _notify(self, event_type: str, module: str, obj: dict[str, Any]) -> None:
        for hook in self.webhooks.values():
            if hook.wants(event_type, module):
                self.deliveries.send(hook, new_event(event_type, module, obj))

    def objects(self, module: str) -> list[dict[str, Any]]:
        """All objects of a module (for tests and the demo summary)."""
        return list(self.tables[module].rows.values())

    # --- requests ---------------------------------------------------------------------------

    def _module(self, request: Request) -> tuple[ModuleSpec, RecordTable]:
        name = request.path_params["module"]
        if name not in self.modules:
            raise LookupError(f"unknown module {name!r}")
        return self.modules[name], self.tables[name]

    async def describe(self, request: Request) -> JSONResponse:
        """``GET /api/modules``."""
        described = [m.describe() for m in self.modules.values()]
        return JSONResponse({"total_count": len(described), "result": described})

    async def list_objects(self, request: Request) -> JSONResponse:
        """``GET /api/modules/{module}/objects``."""
        _, table = self._module(request)
        offset = int_param(request, "offset", 0)
        limit = min(int_param(request, "limit", 100, minimum=1), self.page_cap)
        query = request.query_params.get("query") or ""
        sort = request.query_params.get("sort") or ""
        clauses = parse_query(query) if query else []
        keep, order = self._selector(clauses), self._order(sort)
        # A query on what changed since a time reads the objects stamped since, not all.
        after = next(((op, v) for name, op, v in clauses if name == "mod_time" and op in (">", ">=")), None)  # fmt: skip
        rows = (
            table.select((query, sort), keep, order)
            if after is None
            else table.since((query, sort), after[1], keep, order, inclusive=after[0] == ">=")
        )
        page = rows[offset : offset + limit]
        wanted = request.query_params.get("fields")
        if wanted:
            keep = set(HEADER) | {f.strip() for f in wanted.split(",") if f.strip()}
            page = [{k: v for k, v in o.items() if k in keep} for o in page]
        body: dict[str, Any] = {"result": page}
        if request.query_params.get("totalCount", "").lower() == "true":
            body = {"total_count": len(rows), **body}
        return JSONResponse(body)

    @staticmethod
    def _values(obj: dict[str, Any], name: str) -> list[str]:
        if name in HEADER:
            return [_text(obj.get(name))]
        entries = obj.get(name)
        return (
            [_text(e.get("value")) for e in entries if isinstance(e, dict)]
            if isinstance(entries, list)
            else []
        )

    def _selector(self, clauses: list[tuple[str, str, str]]) -> Callable[[dict], bool] | None:
        if not clauses:
            return None

        def keep(obj: dict[str, Any]) -> bool:
            return all(
                any(_OPS[op](v, wanted) for v in self._values(obj, name))
                for name, op, wanted in clauses
            )

        return keep

    def _order(self, sort: str) -> Callable[[list[dict]], list[dict]] | None:
        keys = [k.strip() for k in sort.split(",") if k.strip()]
        if not keys:
            return None

        def order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
            # Stable sorts from the last key to the first give a multi-key order.
            for key in reversed(keys):
                name, descending = key.lstrip("-"), key.startswith("-")
                rows = sorted(rows, key=lambda o: self._values(o, name)[:1], reverse=descending)
            return rows

        return order

    async def get_object(self, request: Request) -> JSONResponse:
        """``GET /api/modules/{module}/objects/{id}``."""
        _, table = self._module(request)
        obj = table.get(request.path_params["id"])
        if obj is None:
            return error(404, f"no object {request.path_params['id']}")
        return JSONResponse(obj)

    def _prepare(self, spec: ModuleSpec, table: RecordTable, item: Any) -> tuple[dict, bool]:
        """Build the new state of one object from a write, without storing it."""
        if not isinstance(item, dict):
            raise BadRequest("each object must be a JSON object")
        object_id = item.get("id")
        if object_id is None:
            obj: dict[str, Any] = {"id": new_uuid(), "module": spec.name}
            obj["type"] = item.get("type") or spec.types[0]
            created = True
        else:
            existing = table.get(str(object_id))
            if existing is None:
                raise BadRequest(f"no object {object_id} in module {spec.name!r}")
            obj, created = copy_record(existing), False
        if obj["type"] not in spec.types:
            raise BadRequest(f"module {spec.name!r} has no type {obj['type']!r}")
        changed = created
        for name, writes in item.items():
            if name in HEADER:
                continue
            field_spec = spec.fields.get(name)
            if field_spec is None:
                raise BadRequest(f"module {spec.name!r} has no field {name!r}")
            changed |= apply_field(obj, field_spec, writes, self.exists)
        return obj, changed

    async def upsert_objects(self, request: Request) -> JSONResponse:
        """``PATCH /api/modules/{module}/objects``: bulk upsert, all or nothing."""
        spec, table = self._module(request)
        items = await read_json(request)
        if not isinstance(items, list):
            raise BadRequest("expected a JSON array of objects")
        prepared, errors = [], []
        for index, item in enumerate(items):
            try:
                prepared.append(self._prepare(spec, table, item))
            except BadRequest as exc:
                errors.append({"index": index, "message": str(exc)})
        if errors:
            return error(400, f"{len(errors)} of {len(items)} objects rejected", errors=errors)
        for obj, changed in prepared:
            if changed:
                self._store(table, obj, created=table.get(obj["id"]) is None)
        return JSONResponse([obj["id"] for obj, _ in prepared])

    async def update_object(self, request: Request) -> JSONResponse:
        """``PATCH /api/modules/{module}/objects/{id}``."""
        spec, table = self._module(request)
        item = await read_json(request)
        if not isinstance(item, dict):
            raise BadRequest("expected a JSON object")
        if table.get(request.path_params["id"]) is None:
            return error(404, f"no object {request.path_params['id']}")
        obj, changed = self._prepare(spec, table, {**item, "id": request.path_params["id"]})
        if changed:
            self._store(table, obj, created=False)
        return JSONResponse(table.get(obj["id"]))

    async def delete_object(self, request: Request) -> JSONResponse:
        """``DELETE /api/modules/{module}/objects/{id}``."""
        spec, table = self._module(request)
        obj = table.get(request.path_params["id"])
        if obj is None or not table.delete(obj["id"]):
            return error(404, f"no object {request.path_params['id']}")
        if spec.name in LINKED_MODULES:
            self._index(spec.name, obj, remove=True)
        self.writes += 1
        self._notify("moduleobject_delete", spec.name, obj)
        if spec.name == "product":
            self._unlink_files(obj)
        return JSONResponse({})

    def _unlink_files(self, product: dict[str, Any]) -> None:
        """Drop a deleted product from the ``products`` of the files that link it.

        Relations go with the object they point to, so no file keeps the id of a deleted
        product; each file that lost a link is modified (new ``mod_time``, a webhook).
        """
        files = self.tables["file"]
        for file_id in sorted(files.rows):
            linked = first_value(files.rows[file_id], "products")
            if isinstance(linked, list) and product["id"] in linked:
                changed = copy_record(files.rows[file_id])
                kept = [p for p in linked if p != product["id"]]
                changed["products"] = [{"value": kept, "dimensions": {}}]
                self._store(files, changed, created=False)

    async def list_media(self, request: Request) -> JSONResponse:
        """``GET /api/modules/file/objects/{id}/media``: the renditions of a file."""
        obj = self.tables["file"].get(request.path_params["id"])
        if obj is None:
            return error(404, f"no file {request.path_params['id']}")
        base = f"/api/modules/file/objects/{obj['id']}/media"
        renditions = first_value(obj, "renditions") or []
        return JSONResponse(
            {"result": [{**r, "url": f"{base}/{r.get('name')}"} for r in renditions]}
        )

    async def get_media(self, request: Request) -> Response:
        """``GET /api/modules/file/objects/{id}/media/{rendition}``: the binary of a rendition."""
        obj = self.tables["file"].get(request.path_params["id"])
        names = [r.get("name") for r in (first_value(obj, "renditions") or [])] if obj else []
        if request.path_params["rendition"] not in names:
            return error(404, "no such rendition")
        seed = f"{obj['id']}/{request.path_params['rendition']}".encode()
        return Response(
            b"\xff\xd8\xff\xe0" + hashlib.sha256(seed).digest() * 8, media_type="image/jpeg"
        )

    async def register_webhook(self, request: Request) -> JSONResponse:
        """``POST /api/system/webhooks`` with ``{url, header, secret, active, events}``."""
        body = await read_json(request)
        if not isinstance(body, dict) or not isinstance(body.get("url"), str):
            raise BadRequest("a webhook needs a url")
        if not str(body["url"]).startswith(("http://", "https://")):
            raise BadRequest("the webhook url must be http(s)")
        if not isinstance(body.get("secret"), str) or len(body["secret"]) < 16:
            raise BadRequest("a webhook needs a secret of at least 16 characters")
        events = body.get("events")
        if not isinstance(events, list) or not events:
            raise BadRequest("a webhook needs events: [{type, module}]")
        for event in events:
            if not isinstance(event, dict) or event.get("type") not in EVENT_TYPES:
                raise BadRequest(f"event types are {', '.join(EVENT_TYPES)}")
        hook = Webhook(
            id=str(uuid.uuid4()),
            url=body["url"],
            secret=body["secret"],
            events=events,
            header=body.get("header") or {},
            active=bool(body.get("active", True)),
        )
        self.webhooks[hook.id] = hook
        return JSONResponse(hook.describe(), status_code=201)

    async def list_webhooks(self, request: Request) -> JSONResponse:
        """``GET /api/system/webhooks``."""
        hooks = [h.describe() for h in self.webhooks.values()]
        return JSONResponse({"total_count": len(hooks), "result": hooks})

    async def delete_webhook(self, request: Request) -> JSONResponse:
        """``DELETE /api/system/webhooks/{id}``."""
        if self.webhooks.pop(request.path_params["id"], None) is None:
            return error(404, "no such webhook")
        return JSONResponse({})

    # --- the app ----------------------------------------------------------------------------

    def app(self) -> Starlette:
        """The ASGI application."""

        def key_needed(request: Request) -> str | None:
            if request.headers.get("authorization") == f"Bearer {self.api_key}":
                return None
            return "invalid or missing API key"

        def guard(handler: Handler) -> Handler:
            return endpoint(handler, key_needed, self._count)

        objects = "/api/modules/{module}/objects"
        routes = [
            Route("/api/modules", guard(self.describe), methods=["GET"]),
            Route(objects, guard(self.list_objects), methods=["GET"]),
            Route(objects, guard(self.upsert_objects), methods=["PATCH"]),
            Route(objects + "/{id}", guard(self.get_object), methods=["GET"]),
            Route(objects + "/{id}", guard(self.update_object), methods=["PATCH"]),
            Route(objects + "/{id}", guard(self.delete_object), methods=["DELETE"]),
            Route("/api/modules/file/objects/{id}/media", guard(self.list_media), methods=["GET"]),
            Route(
                "/api/modules/file/objects/{id}/media/{rendition}",
                guard(self.get_media),
                methods=["GET"],
            ),
            Route("/api/system/webhooks", guard(self.register_webhook), methods=["POST"]),
            Route("/api/system/webhooks", guard(self.list_webhooks), methods=["GET"]),
            Route("/api/system/webhooks/{id}", guard(self.delete_webhook), methods=["DELETE"]),
        ]
        return Starlette(routes=routes)
