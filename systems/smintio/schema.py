"""The designed Smint.io creative API: what 4ALLPORTAL pushes and what creatives finalize.

Nothing public describes how a DAM pushes into Smint.io, so these record kinds are designed
(see ``docs/smintio.md``). Each kind lists its fields and their types; ``localized`` values are
Smint.io's ``[{"culture": "de-DE", "value": "..."}]`` strings.
"""

from typing import Any

FIELD_CHECKS: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "string_list": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
    "object": lambda v: isinstance(v, dict),
    "object_list": lambda v: isinstance(v, list) and all(isinstance(i, dict) for i in v),
    "localized": lambda v: (
        isinstance(v, list)
        and all(
            isinstance(i, dict)
            and set(i) == {"culture", "value"}
            and isinstance(i["culture"], str)
            and isinstance(i["value"], str)
            for i in v
        )
    ),
}

# Kinds 4ALLPORTAL pushes: assets (S1, S7), product cards (S2, S5), collections (S5, S8).
KINDS: dict[str, dict[str, str]] = {
    "assets": {
        "name": "string",
        "asset_type": "string",
        "file_type": "string",
        "style_numbers": "string_list",
        "color_code": "string",
        "locale": "string",
        "renditions": "object_list",
        "tags": "string_list",
        "replaces": "string",
    },
    "product_cards": {
        "style_number": "string",
        "name": "localized",
        "description": "localized",
        "category": "string",
        "season": "string",
        "collection": "string",
        "skus": "object_list",
        "technical": "object",
        "assets": "string_list",
    },
    "collections": {
        "name": "string",
        "purpose": "string",
        "market": "string",
        "channel": "string",
        "season": "string",
        "collection": "string",
        "assets": "string_list",
        "product_cards": "string_list",
        "licensed_content": "string_list",
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "assets": ("name", "asset_type"),
    "product_cards": ("style_number",),
    "collections": ("name", "purpose"),
}

# Creative review of a pushed asset, set in Smint.io (S6).
APPROVAL_STATES = ("pending", "approved", "rejected")
CLEARANCE_STATES = ("pending", "cleared", "restricted")

# Campaign assets creatives finalize (S4).
CAMPAIGN_FIELDS: dict[str, str] = {
    "name": "localized",
    "state": "string",
    "approval_status": "string",
    "tags": "string_list",
    "product_associations": "object_list",
    "channels": "string_list",
    "renditions": "object_list",
    "license_purchase_transaction_uuids": "string_list",
}
CAMPAIGN_STATES = ("draft", "finalized")


def problems(
    fields: dict[str, str], body: dict[str, Any], required: tuple[str, ...] = ()
) -> list[str]:
    """What is wrong with a record body, one line each (empty when it is valid)."""
    found = [f"{name}: unknown field" for name in body if name not in fields]
    for name, kind in fields.items():
        value = body.get(name)
        if value is None:
            if name in required:
                found.append(f"{name}: required")
        elif not FIELD_CHECKS[kind](value):
            found.append(f"{name}: expected {kind}")
    return found
