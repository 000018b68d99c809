"""GS1 GTIN check digits."""


def gtin_check_digit(body: str) -> int:
    """Return the GS1 check digit for the digits of a GTIN without its last digit.

    Weights alternate 3, 1, 3, ... starting from the rightmost digit of ``body``.
    """
    digits = body[::-1]
    total = 3 * sum(map(int, digits[0::2])) + sum(map(int, digits[1::2]))
    return (10 - total % 10) % 10


def is_valid_gtin13(value: object) -> bool:
    """Tell whether ``value`` is a 13-digit GTIN with a correct check digit."""
    if not isinstance(value, str) or len(value) != 13 or not value.isascii() or not value.isdigit():
        return False
    return gtin_check_digit(value[:12]) == int(value[12])


def make_gtin13(body: str) -> str:
    """Append the check digit to a 12-digit body."""
    if len(body) != 12 or not body.isdigit():
        raise ValueError(f"a GTIN-13 body has 12 digits, got {body!r}")
    return body + str(gtin_check_digit(body))
