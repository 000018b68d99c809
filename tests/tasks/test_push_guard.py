import pytest

from launchsync.config import load_config
from tasks.push import DeleteGuardTripped, guard_deletes
from tasks.targets import mapping


class ManagedCount:
    """A warehouse connection stand-in that reports how many objects launchsync manages."""

    def __init__(self, managed: int) -> None:
        self.managed = managed

    def execute(self, sql, params=None):
        assert "fourallportal_managed" in sql and params == ["variant"]
        return self

    def fetchall(self):
        return [(self.managed,)]


def test_small_deletes_pass_and_mass_deletes_stop_with_the_setting_to_change():
    config, variants = load_config(), mapping("c1.variant")
    guard_deletes(ManagedCount(1000), variants, 200, config)
    guard_deletes(ManagedCount(10), variants, 10, config)  # below the floor
    with pytest.raises(
        DeleteGuardTripped, match=r"refusing to delete 201 of 1000 .* raise sync.max_delete_share"
    ):
        guard_deletes(ManagedCount(1000), variants, 201, config)
