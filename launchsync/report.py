"""The readiness report: one self-contained HTML file a product team can open anywhere.

Everything it shows is read from the warehouse: the latest readiness computation (matrix per
season and collection, blockers, failing checks per style) and the snapshots of earlier ones
(the trend). Charts are inline SVG and styles are inline CSS, so the file works offline.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from launchsync.charts import bar_chart, line_chart
from launchsync.errors import LaunchsyncError

# Where each blocker is fixed and how, by code (without its parameters); docs/readiness.md.
FIXES: dict[str, tuple[str, str]] = {
    "MILESTONE_NOT_REACHED": (
        "Centric",
        "Move the style to the release milestone once it is done.",
    ),
    "NOT_IN_4ALLPORTAL": (
        "launchsync",
        "The style has no 4ALLPORTAL product yet: fix what holds it back (see its checks) and sync.",
    ),
    "CORE_FIELD_MISSING": ("Centric", "Fill the style's core fields."),
    "SIZE_RANGE_MISSING": ("Centric", "Give the style a size range."),
    "COLORWAY_MISSING": ("Centric", "Add or activate a colorway."),
    "COMPOSITION_MISSING": ("Centric", "Enter the composition on the style's BOM."),
    "SIZE_MISSING": ("Centric", "Create the SKU for every size of the colorway."),
    "GTIN_MISSING": ("Centric", "Give every SKU its GTIN-13."),
    "GTIN_INVALID": ("Centric", "Correct the GTIN (13 digits, valid check digit)."),
    "GTIN_DUPLICATE": ("Centric", "Give each SKU its own GTIN."),
    "COMPOSITION_NOT_100": ("Centric", "Make the composition percentages add up to 100."),
    "FIBER_UNKNOWN": ("Centric", "Use a known generic fiber name in the composition."),
    "RECORD_MALFORMED": ("Centric", "The record could not be read; see the detail and correct it."),
    "COMPLIANCE_MISSING": ("Centric", "Fill the compliance attribute the market requires."),
    "COUNTRY_OF_ORIGIN_INVALID": ("Centric", "Use an ISO 3166-1 alpha-2 country code."),
    "HS_CODE_INVALID": ("Centric", "Use a 6, 8 or 10 digit HS code."),
    "FIBER_NAME_MISSING": (
        "launchsync",
        "Add the fiber's label name for the language to expectations/fiber_names.csv.",
    ),
    "ENRICHMENT_MISSING": ("4ALLPORTAL", "Write the channel's content field."),
    "CONTENT_TOO_LONG": ("4ALLPORTAL", "Shorten the text to the channel's length limit."),
    "LOCALE_MISSING": ("4ALLPORTAL", "Translate the field into the market language."),
    "LOCALE_UNTRANSLATED": ("4ALLPORTAL", "Replace the copied source text with a translation."),
    "PACKSHOT_MISSING": ("4ALLPORTAL", "Upload and approve a packshot for the colorway."),
    "PRINT_RENDITION_MISSING": ("4ALLPORTAL", "Provide a print-size rendition of the packshot."),
    "LIFESTYLE_MISSING": ("4ALLPORTAL", "Link an approved lifestyle image to the product."),
    "ASSET_RETIRED": ("4ALLPORTAL", "Unlink the retired asset or replace it."),
    "RIGHTS_REVOKED": ("Smint.io", "Re-license the content or replace the asset."),
    "RIGHTS_EDITORIAL_ONLY": ("Smint.io", "License the content for commercial use."),
    "RIGHTS_NOT_COVERED": ("Smint.io", "Extend the license to the market and channel."),
    "RIGHTS_NOT_YET_VALID": ("Smint.io", "Get a license term that starts by the launch date."),
    "RIGHTS_EXPIRED": ("Smint.io", "Extend the license through the launch window."),
}


@dataclass
class Scope:
    """What part of the catalog a report covers (None: all of it)."""

    season: str | None = None
    collection: str | None = None
    max_styles: int = 500

    def where(self, alias: str = "s") -> tuple[str, list[Any]]:
        """SQL condition on readiness_styles (alias ``alias``) and its parameters."""
        clauses, params = ["true"], []
        for column in ("season", "collection"):
            value = getattr(self, column)
            if value is not None:
                clauses.append(f"{alias}.{column} = ?")
                params.append(value)
        return " AND ".join(clauses), params


@dataclass
class Summary:
    """The latest computation in brief: totals, the market x channel matrix, blockers."""

    run_id: str
    flow: str
    computed_at: datetime
    scope: Scope
    totals: dict[str, int]
    overall: dict[tuple[str, str], dict[str, Any]]
    blockers: list[dict[str, Any]]


@dataclass
class Report(Summary):
    """Everything the report page shows."""

    generated_at: datetime
    markets: list[tuple[str, list[str]]]
    seasons: list[dict[str, Any]]
    trend: Markup
    trend_runs: int
    top_blockers: Markup
    styles: list[dict[str, Any]]
    styles_not_shown: int
    rules_versions: dict[str, str] = field(default_factory=dict)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _latest_run(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    runs = _rows(
        con,
        "SELECT r.run_id, r.finished_at, coalesce(s.flow, 'launch-readiness') AS flow"
        " FROM readiness_runs r LEFT JOIN sync_runs s USING (run_id)"
        " ORDER BY r.finished_at DESC LIMIT 1",
        [],
    )
    if not runs:
        raise LaunchsyncError(
            "No readiness has been computed in this warehouse yet;"
            " run `launchsync readiness` (or `launchsync sync`) first."
        )
    return runs[0]


# Counts over cells (``c``, rows of readiness_cells): colorways judged and ready, styles judged
# and styles whose colorways are all ready.
COUNTS = (
    "sum(c.keys) AS judged, sum(c.ready_keys) AS ready, count(DISTINCT c.style_id) AS styles,"
    " count(DISTINCT c.style_id)"
    " - count(DISTINCT c.style_id) FILTER (WHERE c.ready_keys < c.keys) AS ready_styles"
)


def _cells(con: duckdb.DuckDBPyConnection, scope: Scope, by: str) -> list[dict[str, Any]]:
    where, params = scope.where()
    return _rows(
        con,
        f"SELECT {by}, c.market, c.channel, {COUNTS}"
        f" FROM readiness_cells c JOIN readiness_styles s USING (style_id) WHERE {where}"
        " GROUP BY ALL ORDER BY ALL",
        params,
    )


def _matrix(cells: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (c["market"], c["channel"]): {**c, "pct": 100 * c["ready"] / c["judged"]} for c in cells
    }


def _seasons(con: duckdb.DuckDBPyConnection, scope: Scope) -> list[dict[str, Any]]:
    """Per season: its market x channel matrix and one row of cells per collection."""
    by_season = _cells(con, scope, "coalesce(s.season, '—') AS season")
    by_collection = _cells(
        con,
        scope,
        "coalesce(s.season, '—') AS season, coalesce(s.collection, '—') AS collection,"
        " any_value(s.collection_name) AS collection_name",
    )
    seasons = []
    for season in sorted({c["season"] for c in by_season}):
        cells = [c for c in by_season if c["season"] == season]
        collections = []
        for code in sorted({c["collection"] for c in by_collection if c["season"] == season}):
            rows = [c for c in by_collection if c["season"] == season and c["collection"] == code]
            collections.append(
                {"code": code, "name": rows[0]["collection_name"] or "", "cells": _matrix(rows)}
            )
        seasons.append(
            {
                "season": season,
                "cells": _matrix(cells),
                "styles": max(c["styles"] for c in cells),
                "collections": collections,
            }
        )
    return seasons


def _trend(con: duckdb.DuckDBPyConnection, scope: Scope) -> tuple[Markup, int]:
    """Share of colorways ready per market after each computation, oldest first."""
    where, params = scope.where("r")
    rows = con.execute(
        "SELECT computed_at, market, 100.0 * sum(ready) / nullif(sum(keys), 0)"
        f" FROM readiness_snapshots r WHERE {where} GROUP BY ALL ORDER BY computed_at",
        params,
    ).fetchall()
    times = sorted({t for t, _, _ in rows})
    values = {(t, m): v for t, m, v in rows}
    series = {
        market: [values.get((t, market)) for t in times]
        for market in sorted({m for _, m, _ in rows})
    }
    minutes = [t.astimezone(UTC).strftime("%m-%d %H:%M") for t in times]
    precise = len(set(minutes)) < len(minutes)
    labels = [t.astimezone(UTC).strftime("%H:%M:%S") for t in times] if precise else minutes
    chart = line_chart("Colorways ready per market after each run (%)", labels, series)
    return Markup(chart), len(times)


def _blockers(con: duckdb.DuckDBPyConnection, scope: Scope) -> list[dict[str, Any]]:
    """Each blocker kind: how much it holds back, where to fix it, the styles it blocks."""
    where, params = scope.where()
    rows = _rows(
        con,
        # The cells count each kind once per key (a key may fail one kind on several attributes).
        "SELECT k.kind, sum(k.keys) AS blocked, count(DISTINCT c.style_id) AS styles,"
        " list_sort(list(DISTINCT c.market)) AS markets,"
        " list_sort(list(DISTINCT struct_pack(number := s.style_number, id := s.style_id)))[:40]"
        " AS examples"
        " FROM readiness_cells c JOIN readiness_styles s USING (style_id), unnest(c.kinds) AS u(k)"
        f" WHERE {where} GROUP BY k.kind ORDER BY styles DESC, blocked DESC, k.kind",
        params,
    )
    for row in rows:
        row["system"], row["fix"] = FIXES.get(row["kind"], ("", "See docs/readiness.md."))
    return rows


def _styles(con: duckdb.DuckDBPyConnection, scope: Scope) -> tuple[list[dict[str, Any]], int]:
    """Styles with a key that is not ready, with their failing checks (first max_styles)."""
    where, params = scope.where()
    blocked = (
        "SELECT r.style_id, s.style_number, s.style_name, s.season, s.collection,"
        " count(*) AS judged, count(*) FILTER (WHERE r.ready) AS ready,"
        " list_sort(list_distinct(flatten(list(r.blockers)))) AS blockers,"
        " list_sort(list_distinct(list_transform(flatten(list(r.blockers)),"
        "   lambda c: split_part(c, ':', 1)))) AS kinds"
        f" FROM readiness r JOIN readiness_styles s USING (style_id) WHERE {where}"
        " GROUP BY ALL HAVING count(*) FILTER (WHERE NOT r.ready) > 0"
    )
    total = con.execute(f"SELECT count(*) FROM ({blocked})", params).fetchone()
    styles = _rows(
        con,
        f"{blocked} ORDER BY s.season, s.style_number LIMIT ?",
        [*params, scope.max_styles],
    )
    findings = _rows(
        con,
        "SELECT style_id, indicator, code, coalesce(color_code, 'every') AS colorway,"
        " coalesce(channel, 'every') AS channel, detail, suite,"
        " list_sort(list(DISTINCT market)) AS markets"
        " FROM readiness_findings WHERE style_id IN (SELECT unnest(?))"
        " GROUP BY ALL ORDER BY style_id, indicator, code, colorway, channel",
        [[s["style_id"] for s in styles]],
    )
    by_style: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        by_style.setdefault(finding["style_id"], []).append(finding)
    for style in styles:
        style["findings"] = by_style.get(style["style_id"], [])
    return styles, (total[0] if total else 0) - len(styles)


def summarize(con: duckdb.DuckDBPyConnection, scope: Scope) -> Summary:
    """Read the latest computation's totals, matrix and blockers (what the artifacts show)."""
    run = _latest_run(con)
    where, params = scope.where()
    totals = _rows(
        con,
        f"SELECT {COUNTS} FROM readiness_cells c JOIN readiness_styles s USING (style_id)"
        f" WHERE {where}",
        params,
    )[0]
    if not totals["judged"]:
        raise LaunchsyncError(
            "Nothing to report for that season or collection; see"
            ' `launchsync sql "SELECT DISTINCT season, collection FROM readiness_styles"`.'
        )
    return Summary(
        run_id=run["run_id"],
        flow=run["flow"],
        computed_at=run["finished_at"],
        scope=scope,
        totals=totals,
        overall=_matrix(_cells(con, scope, "'all' AS scope")),
        blockers=_blockers(con, scope),
    )


def gather(con: duckdb.DuckDBPyConnection, scope: Scope) -> Report:
    """Read everything the report shows from the warehouse."""
    summary = summarize(con, scope)
    channels = con.execute(
        "SELECT market, list(DISTINCT channel ORDER BY channel) FROM readiness_cells"
        " GROUP BY market"
        " ORDER BY market"
    ).fetchall()
    versions = dict(
        con.execute(
            "SELECT market, any_value(rules_version) FROM readiness GROUP BY market"
        ).fetchall()
    )
    trend, trend_runs = _trend(con, scope)
    top = bar_chart(
        "Top blockers by styles held back",
        [(b["kind"], b["styles"]) for b in summary.blockers[:10]],
        "styles",
    )
    styles, not_shown = _styles(con, scope)
    return Report(
        **vars(summary),
        generated_at=datetime.now(UTC),
        markets=[(m, list(c)) for m, c in channels],
        seasons=_seasons(con, scope),
        trend=trend,
        trend_runs=trend_runs,
        top_blockers=Markup(top),
        styles=styles,
        styles_not_shown=not_shown,
        rules_versions=versions,
    )


def render(report: Report) -> str:
    """The report as one HTML document."""
    env = Environment(
        loader=PackageLoader("launchsync", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: f"{v:.0f}%"
    env.filters["utc"] = lambda t: t.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return env.get_template("report.html").render(r=report)


def markdown(report: Summary, recomputed: dict[str, Any] | None = None) -> str:
    """The report's summary as Markdown: totals, market x channel matrix, top blockers."""
    t = report.totals
    lines = [
        f"# Launch readiness after run {report.run_id}",
        "",
        f"Computed {report.computed_at.astimezone(UTC):%Y-%m-%d %H:%M UTC}:"
        f" **{t['ready_styles']} of {t['styles']} styles** ready everywhere,"
        f" {t['ready']} of {t['judged']} colorway x market x channel keys ready.",
    ]
    if recomputed:
        how = "every key" if recomputed["full"] else "changes only"
        lines.append(
            f"This run recomputed {recomputed['keys']} keys of {recomputed['styles']} styles"
            f" ({how}); {recomputed['changed']} changed."
        )
    lines += ["", "| market | channel | colorways ready | styles ready |", "|---|---|---:|---:|"]
    for (market, channel), c in sorted(report.overall.items()):
        lines.append(
            f"| {market} | {channel} | {c['ready']} / {c['judged']} ({c['pct']:.0f}%)"
            f" | {c['ready_styles']} / {c['styles']} |"
        )
    lines += ["", "| blocker | styles | fix in | what to do |", "|---|---:|---|---|"]
    for b in report.blockers[:10]:
        lines.append(f"| `{b['kind']}` | {b['styles']} | {b['system']} | {b['fix']} |")
    return "\n".join(lines) + "\n"


def matrix_rows(report: Summary) -> list[dict[str, Any]]:
    """The market x channel matrix as table rows."""
    return [
        {
            "market": market,
            "channel": channel,
            "colorways": c["judged"],
            "colorways_ready": c["ready"],
            "percent_ready": round(c["pct"], 1),
            "styles": c["styles"],
            "styles_ready": c["ready_styles"],
        }
        for (market, channel), c in sorted(report.overall.items())
    ]


def write_report(con: duckdb.DuckDBPyConnection, out: Path, scope: Scope) -> Report:
    """Gather, render and write the report to ``out``."""
    report = gather(con, scope)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(report), encoding="utf-8")
    return report
