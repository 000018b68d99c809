"""Custom expectation: values are GTIN-13 codes with a correct GS1 check digit.

Runs as SQL on the warehouse (one expression per row, no Python per value).
"""

from typing import Any, ClassVar

import sqlalchemy as sa
from great_expectations.execution_engine import PandasExecutionEngine, SqlAlchemyExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics import (
    ColumnMapMetricProvider,
    column_condition_partial,
)

from launchsync.gtin import is_valid_gtin13


def gtin13_condition(column: Any) -> Any:
    """SQL expression that is true when ``column`` holds a valid GTIN-13.

    A digit's value is ``ascii(d) - 48``, which never fails on other characters, so the
    expression is safe on any text; the pattern test rejects those rows.
    """
    digits = [sa.func.ascii(sa.func.substr(column, i, 1)) - 48 for i in range(1, 14)]
    weighted = sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    check = sa.func.mod(10 - sa.func.mod(weighted, 10), 10)
    return sa.and_(sa.func.regexp_full_match(column, "[0-9]{13}"), check == digits[12])


class ColumnValuesValidGtin13(ColumnMapMetricProvider):
    """Row condition: the value is a valid GTIN-13."""

    condition_metric_name = "column_values.valid_gtin13"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: Any, **kwargs: Any) -> Any:
        return column.map(is_valid_gtin13)

    @column_condition_partial(engine=SqlAlchemyExecutionEngine)
    def _sqlalchemy(cls, column: Any, **kwargs: Any) -> Any:
        return gtin13_condition(column)


class ExpectColumnValuesToBeValidGtin13(ColumnMapExpectation):
    """Expect column values to be 13-digit GTINs whose last digit is the GS1 check digit."""

    map_metric = "column_values.valid_gtin13"
    success_keys: ClassVar[tuple[str, ...]] = ("mostly",)
