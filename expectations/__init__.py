"""Data-quality suites (one folder per group) and the code that runs them on the warehouse."""
