"""The external systems: one package each, holding its client, record models and simulator."""
