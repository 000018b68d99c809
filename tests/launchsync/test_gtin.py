import random

import pytest

from launchsync.gtin import gtin_check_digit, is_valid_gtin13, make_gtin13


@pytest.mark.parametrize(
    "code", ["4006381333931", "5901234123457", "0012345678905", "9780306406157"]
)
def test_published_gtins_are_valid(code):
    assert is_valid_gtin13(code)


@pytest.mark.parametrize(
    "code",
    [
        "4006381333932",
        "400638133393",
        "40063813339311",
        "4OO6381333931",
        "",
        None,
        4006381333931,
        "400638133393\n",
        "４００６３８１３３３９３１",
    ],
)
def test_invalid_gtins(code):
    assert not is_valid_gtin13(code)


def test_any_single_digit_change_of_the_check_digit_is_caught():
    rng = random.Random(3)
    for _ in range(500):
        code = make_gtin13("".join(rng.choice("0123456789") for _ in range(12)))
        assert is_valid_gtin13(code)
        wrong = code[:12] + str((int(code[12]) + rng.randint(1, 9)) % 10)
        assert not is_valid_gtin13(wrong)


def test_check_digit_weights_start_with_three_from_the_right():
    # 2 * 3 = 6, so the check digit is 4.
    assert gtin_check_digit("2") == 4
    # 2 * 3 + 1 * 1 = 7, so the check digit is 3.
    assert gtin_check_digit("12") == 3
