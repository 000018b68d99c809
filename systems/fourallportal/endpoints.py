"""The 4ALLPORTAL modules launchsync reads, as one table."""

from systems.endpoints import Endpoint
from systems.fourallportal.models import PimObject

ENDPOINTS: dict[str, Endpoint] = {
    name: Endpoint(
        system="fourallportal",
        name=name,
        model=PimObject,
        table="fourallportal_objects_history",
        paging="offset_total",
        cursor="mod_time",
        shared_table="module",
    )
    for name in ("classification", "product", "variant", "file", "launch_package")
}
