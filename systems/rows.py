"""Warehouse rows from API records, checked a batch at a time.

A record model says what a record must hold; its ``to_row`` gives the warehouse row. Checking
records one model object at a time costs the object and a dump of it back to a dict, most of
the check. A model may check a whole batch instead (a ``rows`` class method): a
``FieldRecord`` (every Centric type), whose row is its fields as checked, is checked a slice at
a time as a typed dict derived from it, with the same fields, types, validators, aliases and
defaults, so the rows and the reasons for refusing a record are the model's (but that a nested
object of the wrong type is not "an instance of" the model's class), at about half the cost.
"""

import types
import typing
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, Field, TypeAdapter, ValidationError, with_config
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from typing_extensions import TypedDict

# Records checked in one call: a refused record has the others of its slice checked again.
SLICE = 200


class FieldRecord(BaseModel):
    """A record whose warehouse row is its fields as checked, under their field names."""

    def to_row(self) -> dict[str, Any]:
        """The warehouse row: every field under its column name."""
        return self.model_dump()

    @classmethod
    def rows(cls, records: list[dict[str, Any]]) -> list[dict[str, Any] | str]:
        """Each record's row or reason, the records checked as typed dicts a slice at a time."""
        return check_batch(as_typed_dict(cls), records)


def describe(errors: list[ErrorDetails]) -> str:
    """One line naming the first problem of a record, e.g. ``bx_gtin: ...``."""
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "record"
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}"


def rows_of(model: type[BaseModel], records: list[dict[str, Any]]) -> list[dict[str, Any] | str]:
    """Each record's warehouse row, or a one-line reason it was refused, in record order.

    A model with a ``rows`` class method checks the batch itself; any other is asked one
    record at a time.
    """
    batch = getattr(model, "rows", None)
    if batch is not None:
        return batch(records)
    return [row_or_reason(model, record) for record in records]


def row_or_reason(model: type[BaseModel], record: dict[str, Any]) -> dict[str, Any] | str:
    """The record's row by its model, or the one-line reason the model refuses it."""
    try:
        return model.model_validate(record).to_row()  # type: ignore[attr-defined]
    except ValidationError as exc:
        return describe(exc.errors())


def check_batch(typed: type, records: list[dict[str, Any]]) -> list[Any]:
    """Records checked against a typed dict a slice at a time, in record order.

    Each is the checked dict or the one-line reason it was refused.
    """
    batch = _batch_checker(typed)
    out: list[Any] = []
    for start in range(0, len(records), SLICE):
        out.extend(_checked(batch, records[start : start + SLICE]))
    return out


def _checked(batch: TypeAdapter[list[Any]], records: list[dict[str, Any]]) -> list[Any]:
    try:
        return batch.validate_python(records)
    except ValidationError as exc:
        refused: dict[int, list[ErrorDetails]] = {}
        for error in exc.errors():
            index, *loc = error["loc"]
            refused.setdefault(int(index), []).append({**error, "loc": tuple(loc)})
    kept = iter(batch.validate_python([r for i, r in enumerate(records) if i not in refused]))
    return [describe(refused[i]) if i in refused else next(kept) for i in range(len(records))]


@cache
def _batch_checker(typed: type) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[typed])  # type: ignore[valid-type]


@cache
def as_typed_dict(model: type[BaseModel], extra: str | None = None) -> type:
    """A typed dict checking what ``model`` checks and holding what its dump holds.

    ``extra`` overrides what the model does with fields it does not declare (``ignore``:
    check and keep only the declared ones).
    """
    fields = {name: _field(info) for name, info in model.model_fields.items()}
    typed = TypedDict(f"{model.__name__}Row", fields)  # type: ignore[operator]
    config = {k: v for k, v in model.model_config.items() if k != "frozen"}
    if extra:
        config["extra"] = extra
    return with_config(config)(typed)  # type: ignore[arg-type]


def _field(info: FieldInfo) -> Any:
    options: dict[str, Any] = {}
    if info.default_factory is not None:
        options["default_factory"] = info.default_factory
    elif not info.is_required():
        options["default"] = info.default
    if info.alias:
        options["alias"] = info.alias
    return Annotated[(_as_dicts(info.annotation), *info.metadata, Field(**options))]


def _as_dicts(annotation: Any) -> Any:
    """``annotation`` with every model in it replaced by its typed dict."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return as_typed_dict(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is None or not args:
        return annotation
    if origin is Annotated:
        return Annotated[(_as_dicts(args[0]), *annotation.__metadata__)]
    inner = tuple(_as_dicts(a) for a in args)
    if origin in (types.UnionType, typing.Union):
        return typing.Union[inner]  # noqa: UP007 (built from a tuple of members)
    return origin[inner]
