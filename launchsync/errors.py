"""Errors meant for operators: one line that names what to fix."""


class LaunchsyncError(Exception):
    """An error whose message is shown to the operator as is, without a traceback."""


class ConfigError(LaunchsyncError):
    """A setting or configuration file is missing or wrong."""
