"""problem.yaml's constants: {{name}} sequences replaced in validators, generators and
test_group.yaml arguments, and not in example submissions or test data."""
import shutil

import pytest

from judge import constants
from judge.errors import PackageError
from judge.package import load_problem
from judge.verify import verify_problem

from conftest import PACKAGES, verify_errors

CONSTANTS = PACKAGES / "constants-2025"



def test_constants_are_read_with_their_variants():
    table = constants.parse({"constants": {"k": {"value": 5000000, "tex": "5,000,000"}, "SIX": 6}}, "problem.yaml")
    assert table == {"k": "5000000", "k.value": "5000000", "k.tex": "5,000,000", "SIX": "6", "SIX.value": "6"}
    assert constants.substitute("{{k}} {{k.tex}} {{SIX.value}} {{nope}} {k}", table) == \
        "5000000 5,000,000 6 {{nope}} {k}"


@pytest.mark.parametrize("raw", [{"constants": [1, 2]}, {"constants": {"1bad": 1}}, {"constants": {"k": {"tex": "x"}}},
                                 {"constants": {"k": {"value": [1]}}}])
def test_a_malformed_constant_is_one_line(raw):
    with pytest.raises(PackageError) as caught:
        constants.parse(raw, "problem.yaml")
    assert "\n" not in str(caught.value) and "constants" in str(caught.value)


def test_test_group_arguments_are_substituted():
    tests = {t.name: t for t in load_problem(CONSTANTS).tests}
    assert tests["secret/1"].validator_args == ("--max", "100")
    assert tests["sample/1"].validator_args == ()


def test_verify_substitutes_in_validators_and_generators_not_in_submissions(tmp_path):
    copy = tmp_path / "constants-2025"
    shutil.copytree(CONSTANTS, copy)
    report = verify_problem(copy)
    assert verify_errors(report) == []
    got = {s.path: s.got for s in report.solutions}
    assert got == {"submissions/accepted/echo.py": "AC", "submissions/wrong_answer/literal.py": "WA"}
    # the package's own files are left as they are
    assert "{{MAX}}" in (copy / "input_validators" / "validate.py").read_text()


def test_without_the_constant_the_validator_is_not_valid_code(tmp_path):
    copy = tmp_path / "constants-2025"
    shutil.copytree(CONSTANTS, copy)
    yaml = copy / "problem.yaml"
    yaml.write_text(yaml.read_text().replace("  MIN: 1\n", ""))
    report = verify_problem(copy)
    assert any("input validator validate failed" in e for e in verify_errors(report))


def test_statements_show_the_constants(tmp_path):
    from judge.package import load_problem_yaml
    from judge.practice import statement_markdown

    text = statement_markdown(load_problem_yaml(CONSTANTS))
    assert "n \\le 100$" in text and "$10^2$" in text and "{{" not in text
    copy = tmp_path / "constants-2025"
    shutil.copytree(CONSTANTS, copy)
    (copy / "statement" / "problem.en.md").unlink()
    (copy / "statement" / "problem.en.tex").write_text("\\problemname{Echo}\nAt most $\\constant{MAX}$, "
                                                       "$\\constant{MAX.tex}$.\n")
    text = statement_markdown(load_problem_yaml(copy))
    assert "At most $100$, $10^2$." in text
