"""Record ids as launchsync accepts them from any system.

An id names a record in the warehouse, in reports and in URL paths, so one that is empty,
``.`` or ``..``, longer than 255 characters, padded with spaces or holding control or
invisible characters is refused at landing (the record is quarantined with the reason).
"""

from typing import Annotated

from pydantic import AfterValidator, StrictStr

MAX_ID_LENGTH = 255


def _check_id(value: str) -> str:
    if value in ("", ".", ".."):
        raise ValueError(f"{value!r} is not a usable id")
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(f"id is {len(value)} characters long, more than {MAX_ID_LENGTH}")
    if not value.isprintable() or value != value.strip():
        raise ValueError("id has control, invisible or surrounding space characters")
    return value


RecordId = Annotated[StrictStr, AfterValidator(_check_id)]
