"""The Kattis default output validator, rule by rule (DESIGN.md: "Default output comparison")."""
import pytest

from judge.checkers.default import FlagError, Options, compare, parse_flags
from judge.verdicts import Verdict

FLOAT6 = ("float_tolerance", "1e-6")

# (answer, output, flags, accepted?)
CASES = [
    # whitespace: any run equals any other, leading/trailing ignored
    (b"1 2\n3\n", b"1 2\n3\n", (), True),
    (b"1 2\n3\n", b"  1\t\t2   3", (), True),
    (b"1 2\n3\n", b"1\n2\n3\n\n\n", (), True),
    (b"1 2", b"12", (), False),
    # case: insensitive by default, sensitive on request
    (b"Yes\n", b"YES\n", (), True),
    (b"Yes\n", b"YES\n", ("case_sensitive",), False),
    (b"Yes\n", b"Yes\n", ("case_sensitive",), True),
    # space_change_sensitive: whitespace must match byte for byte
    (b"1 2\n", b"1  2\n", ("space_change_sensitive",), False),
    (b"1 2\n", b"1 2", ("space_change_sensitive",), False),
    (b"1 2\n", b"1 2\n", ("space_change_sensitive",), True),
    # missing and extra tokens
    (b"1 2 3", b"1 2", (), False),
    (b"1 2 3", b"1 2 3 4", (), False),
    (b"1", b"", (), False),
    (b"", b"", (), True),
    (b"", b"\n  \n", (), True),
    # without a tolerance flag, numbers are compared as text
    (b"0.5", b"0.50", (), False),
    (b"0.5", b"0.50", FLOAT6, True),
    # absolute tolerance
    (b"1.0", b"1.0000009", ("float_absolute_tolerance", "1e-6"), True),
    (b"1.0", b"1.0000011", ("float_absolute_tolerance", "1e-6"), False),
    # relative tolerance is relative to the judge's value
    (b"1000000", b"1000000.9", ("float_relative_tolerance", "1e-6"), True),
    (b"1000000", b"1000001.1", ("float_relative_tolerance", "1e-6"), False),
    (b"0.000001", b"0.0000011", ("float_relative_tolerance", "1e-6"), False),
    # float_tolerance: either one suffices
    (b"1000000", b"1000000.9", FLOAT6, True),
    (b"0.0", b"0.0000005", FLOAT6, True),
    (b"0.0", b"0.0000015", FLOAT6, False),
    # any valid float spelling
    (b"0.0314", b"3.14e-2", FLOAT6, True),
    (b"314", b"3.14E+2", FLOAT6, True),
    (b"2", b"+2.", FLOAT6, True),
    (b".5", b"0.5", FLOAT6, True),
    # a number was expected
    (b"1.5", b"abc", FLOAT6, False),
    (b"1.5", b"1.5x", FLOAT6, False),
    (b"1.5", b"nan", FLOAT6, False),
    (b"1", b"1_0", FLOAT6, False),  # Python's float() would accept this; strtod does not
    (b"15", b"0x0f", FLOAT6, False),
    # a judge token that is not a finite float is compared as text, even with tolerance
    (b"inf", b"INF", FLOAT6, True),
    (b"impossible", b"IMPOSSIBLE", FLOAT6, True),
    (b"impossible", b"IMPOSSIBLE", FLOAT6 + ("case_sensitive",), False),
    # bytes that are not UTF-8 are compared, not decoded
    (b"abc", b"ab\xff", (), False),
    (b"a\x00b", b"a\x00b", (), True),
]


@pytest.mark.parametrize("answer, output, flags, accepted", CASES)
def test_default_validator(answer, output, flags, accepted):
    result = compare(answer, output, parse_flags(flags))
    assert result.verdict is (Verdict.AC if accepted else Verdict.WA), result.message


@pytest.mark.parametrize("answer, output, flags, where, shown", [
    (b"1 2 3\n4 5 6\n", b"1 2 3\n4 9 6\n", (), "line 2, token 2", ("'5'", "'9'")),
    (b"1 2\n", b"1 2 7\n", (), "line 1, token 3", ("'7'",)),
    (b"1 2 3\n", b"1 2\n", (), "token", ("'3'", "end of output")),
    (b"1.0\n", b"1.5\n", FLOAT6, "line 1, token 1", ("'1.0'", "'1.5'", "difference 0.5")),
    (b"x\n", b"\xff\xfe\n", (), "line 1, token 1", ("\\xff\\xfe",)),
])
def test_wrong_answer_message_says_where_and_what(answer, output, flags, where, shown):
    result = compare(answer, output, parse_flags(flags))
    assert result.verdict is Verdict.WA
    assert where in result.message
    for text in shown:
        assert text in result.message


def test_long_tokens_are_shortened_in_messages():
    result = compare(b"a" * 1000, b"b" * 1000, Options())
    assert result.verdict is Verdict.WA
    assert len(result.message) < 120 and "..." in result.message


@pytest.mark.parametrize("flags", [("float_tolerance",), ("float_tolerance", "x"), ("no_such_flag",)])
def test_bad_flags_are_rejected(flags):
    with pytest.raises(FlagError):
        parse_flags(flags)


def test_flags_parse():
    opts = parse_flags(("case_sensitive", "float_absolute_tolerance", "1e-3", "float_relative_tolerance", "1e-4"))
    assert opts == Options(case_sensitive=True, abs_tol=1e-3, rel_tol=1e-4)
    assert parse_flags(("float_tolerance", "1e-6")) == Options(abs_tol=1e-6, rel_tol=1e-6)
