"""Centric 8 PLM: REST client, record models and a simulator of its API."""
