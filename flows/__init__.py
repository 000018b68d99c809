"""Prefect flows: one per scenario, plus ``sync`` that runs them in order."""
