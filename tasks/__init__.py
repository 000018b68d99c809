"""Prefect tasks: each does one I/O step of the pipeline and delegates its logic to plain functions."""
