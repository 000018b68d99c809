"""Great Expectations Data Docs of the suites: every expectation, readable in a browser."""

from pathlib import Path

GROUPS = ("variant", "readiness")


def build_data_docs(target: Path) -> Path:
    """Render the suites of every group as a Data Docs site in ``target``.

    Returns:
        The site's index page.
    """
    import great_expectations as gx

    from expectations import custom  # noqa: F401 - registers the custom expectations
    from expectations.runner import load_suites

    context = gx.get_context(mode="ephemeral")
    context.add_data_docs_site(
        site_name="suites",
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(target.resolve()),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    for group in GROUPS:
        for suite in load_suites(group):
            context.suites.add(
                gx.ExpectationSuite(
                    name=suite.name,
                    expectations=suite.document["expectations"],
                    meta=suite.document.get("meta", {}),
                )
            )
    context.build_data_docs(site_names=["suites"])
    return target / "index.html"
