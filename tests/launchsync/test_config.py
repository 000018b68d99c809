import pytest

from launchsync.config import default_config_path, load_config
from launchsync.errors import ConfigError
from launchsync.settings import Settings, load_settings


def test_shipped_config_loads_with_a_digest():
    config = load_config()
    assert config.milestones.transfer in config.milestones.order
    assert config.milestones.at_or_past(config.milestones.transfer)[0] == config.milestones.transfer
    assert len(config.digest) == 12
    assert config.source == str(default_config_path())


def test_unknown_transfer_milestone_names_the_setting(tmp_path):
    text = (
        default_config_path()
        .read_text()
        .replace('transfer = "SAMPLE_APPROVED"', 'transfer = "SAMPLE_OK"')
    )
    path = tmp_path / "launchsync.toml"
    path.write_text(text)
    with pytest.raises(
        ConfigError, match=r"milestones.transfer 'SAMPLE_OK' is not in milestones.order"
    ):
        load_config(path)


def test_bad_toml_and_missing_file_are_one_line_errors(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[milestones\n")
    with pytest.raises(ConfigError, match="not valid TOML") as info:
        load_config(broken)
    assert "\n" not in str(info.value)
    with pytest.raises(ConfigError, match="LAUNCHSYNC_CONFIG"):
        load_config(tmp_path / "missing.toml")


def test_unknown_keys_are_refused(tmp_path):
    path = tmp_path / "launchsync.toml"
    path.write_text(default_config_path().read_text() + "\n[sync2]\nx = 1\n")
    with pytest.raises(ConfigError, match="sync2"):
        load_config(path)


def test_bad_url_setting_names_the_variable(monkeypatch):
    monkeypatch.setenv("LAUNCHSYNC_CENTRIC_URL", "centric.example.com")
    with pytest.raises(ConfigError, match=r"^LAUNCHSYNC_CENTRIC_URL: .*http"):
        load_settings()


def test_secrets_do_not_show_in_repr(monkeypatch):
    monkeypatch.setenv("LAUNCHSYNC_CENTRIC_PASSWORD", "hunter2-secret")
    monkeypatch.setenv("LAUNCHSYNC_FOURALLPORTAL_API_KEY", "key-secret-123")
    settings = Settings()
    assert settings.centric_password.get_secret_value() == "hunter2-secret"
    assert "hunter2-secret" not in repr(settings)
    assert "key-secret-123" not in repr(settings)
