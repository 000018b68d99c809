"""4ALLPORTAL PIM + DAM: REST client, object models and a simulator of its API."""
