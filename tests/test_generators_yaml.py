"""generators.yaml as BAPCtools writes it: names, numbering, count, seeds, includes, literal
files, copies, generators that write their own files, per-group solutions and test_group.yaml;
a malformed file is one PackageError line. The fixture gen-bapc stores no data/: every test
comes from its generators.yaml."""
import shutil
from pathlib import Path

import pytest

from judge.errors import PackageError
from judge.generate import generate, load_config
from judge.generators_yaml import parse, seed_of
from judge.package import load_problem, load_problem_yaml

from conftest import PACKAGES

WHERE = Path("generators.yaml")


def _paths(config: dict) -> list[str]:
    return [c.path for c in parse(config, WHERE).cases]


def test_a_list_numbers_its_entries_over_the_whole_file():
    config = {"data": {"sample": {"data": [{"": {"in": "1"}}, {"": {"in": "2"}}]},
                       "secret": {"data": [{"a": "gen.py 1"}] + [{"": "gen.py 2"}] * 8}}}
    assert _paths(config) == ["sample/01", "sample/02", "secret/03-a"] + [f"secret/{i:02}" for i in range(4, 12)]


def test_a_mapping_keeps_its_names_sorted_and_groups_nest():
    config = {"data": {"secret": {"data": {"b": "gen.py 1", "a": {"data": {"x": "gen.py 2"}}}}}}
    assert _paths(config) == ["secret/a/x", "secret/b"]


@pytest.mark.parametrize("count, names, values", [
    (3, ["t-1", "t-2", "t-3"], ["1", "2", "3"]),
    ([5, 9], ["t-5", "t-9"], ["5", "9"]),                        # not consecutive: no padding
    ("-1..=1", ["t--1", "t-00", "t-01"], ["-1", "0", "1"]),      # consecutive: padded to the widest value
    ("9..=10", ["t-09", "t-10"], ["9", "10"]),
])
def test_count_names_and_substitutes_count(count, names, values):
    plan = parse({"data": {"secret": {"data": {"t": {"generate": "gen.py {count}", "count": count}}}}}, WHERE)
    assert [c.path for c in plan.cases] == [f"secret/{n}" for n in names]
    assert [c.command[1] for c in plan.cases] == values


def test_seed_is_bapctools_seed():
    """Values `bt generate` gives (checked by BAPCtools' own testseed package's validator)."""
    assert seed_of("stdout.py {seed}", "", 1) == 162981470
    assert seed_of("stdout.py {seed:42}", "bob", 1) == 593058468
    plan = parse({"random_salt": "bob", "data": {"sample": {"data": {"s": "stdout.py {seed:42} {name}"}}}}, WHERE)
    assert plan.cases[0].command == ("stdout.py", str(seed_of("stdout.py {seed:42} {name}", "bob", 1)), "testcase")


def test_count_changes_the_seed_but_not_for_the_first_value():
    plan = parse({"data": {"secret": {"data": {"t": {"generate": "g.py {seed}", "count": 2}}}}}, WHERE)
    assert [c.seed for c in plan.cases] == [seed_of("g.py {seed}", "", 1), seed_of("g.py {seed}", "", 2)]
    assert plan.cases[0].seed != plan.cases[1].seed


def test_include_links_earlier_cases_and_groups():
    plan = parse({"data": {"sample": {"data": {"1": {"in": "1"}}},
                           "secret": {"data": {"g": {"data": {"x": "gen.py 1"}},
                                               "h": {"include": ["1", "g"], "data": {"y": "gen.py 2"}}}}}}, WHERE)
    included = {c.path: c.source for c in plan.cases if c.source}
    assert included == {"secret/h/1": "sample/1", "secret/h/x": "secret/g/x"}


def test_solution_is_inherited_and_overridden_per_group():
    plan = parse({"solution": "/submissions/accepted/a.py",
                  "data": {"secret": {"data": {"g": {"solution": "/submissions/accepted/b.cpp", "data": {"x": "gen.py"}},
                                               "h": {"solution": None, "data": {"y": "gen.py"}},
                                               "z": "gen.py"}}}}, WHERE)
    assert {c.path: c.solution for c in plan.cases} == {
        "secret/g/x": "/submissions/accepted/b.cpp", "secret/h/y": None, "secret/z": "/submissions/accepted/a.py"}


@pytest.mark.parametrize("config, message", [
    ({"data": {"secret": {"data": {"t": {"generate": "g.py", "count": 0}}}}}, "between 1 and 100"),
    ({"data": {"secret": {"data": {"t": {"generate": "g.py", "count": "3..=1"}}}}}, "lo..=hi"),
    ({"data": {"secret": {"data": [{"a": "g.py", "b": "g.py"}]}}}, "exactly one key"),
    ({"data": {"secret": {"data": {"t": {"generate": "g.py", "colour": 1}}}}}, "unknown key 'colour'"),
    ({"data": {"secret": {"include": ["nothing"]}}}, "names no earlier test case"),
    ({"data": {"secret": {"data": {"t": {"generate": "g.py {seed} {seed:2}"}}}}}, "at most once"),
    ({"data": {"secret": {"data": {"t": None}}}}, "an empty test case"),
    ({"data": {"secret": {"data": {"t": {"generate": "../escape.py"}}}}}, "inside generators/"),
    ({"data": {"public": {"data": {}}}}, "unknown top-level group 'public'"),
    ({"data": [{"sample": {}}]}, "must be a mapping"),
    ({"generators": {"g": ["../x.py"]}, "data": {}}, "expected a list of files below generators/"),
    ({"data": {"secret": {"data": {"t": {"generate": "g.py", "match": "("}}}}}, "not a regular expression"),
    ({"data": {"secret": {"data": {"t": {"generate": "g.py", "match": {"out": "x"}}}}}}, "match must be"),
    ({"data": {"secret": {"data": {"t": {"generate": "g.py", "retries": 0}}}}}, "retries"),
])
def test_malformed_files_are_one_clear_line(config, message):
    with pytest.raises(PackageError) as info:
        parse(config, WHERE)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_malformed_file_on_the_command_line(tmp_path, judge_cli):
    package = tmp_path / "gen-bapc"
    shutil.copytree(PACKAGES / "gen-bapc", package)
    (package / "generators" / "generators.yaml").write_text("data:\n  secret:\n    data:\n      - {a: x, b: y}\n")
    proc = judge_cli("generate", str(package))
    assert proc.returncode == 2 and "exactly one key" in proc.stderr and "Traceback" not in proc.stderr
    proc = judge_cli("verify", str(package))
    assert proc.returncode == 1 and "exactly one key" in proc.stdout and "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture package, its tests generated from generators.yaml alone."""
    package = tmp_path_factory.mktemp("gen") / "gen-bapc"
    shutil.copytree(PACKAGES / "gen-bapc", package)
    assert not (package / "data").exists()
    outcome = generate(load_problem_yaml(package))
    assert set(outcome.values()) == {"written"}, outcome
    return package


@pytest.mark.slow
def test_every_kind_of_test_case_is_built(built):
    data = built / "data"
    assert (data / "sample" / "1.in").read_text() == "1 2\n"          # literal, newline added
    assert (data / "sample" / "1.ans").read_text() == "3\n"
    assert (data / "sample" / "2.ans").read_text() == "6\n"           # from the solution
    assert (data / "secret" / "1.in").read_text() == "1 2\n"          # included from sample
    assert (data / "secret" / "6-hand.in").read_text() == "4 5 6\n"   # copy: manual/hand
    assert (data / "secret" / "6-hand.ans").read_text() == "15\n"
    assert (data / "secret" / "7-files.in").read_text() == "21 21\n"  # the generator wrote both files
    assert (data / "secret" / "7-files.ans").read_text() == "42\n"
    assert [len((data / "secret" / f"{i}-random-{i - 2}.in").read_text().split()) for i in (3, 4, 5)] == [1, 2, 3]
    assert (data / "secret" / "test_group.yaml").read_text() == "output_validator_args:\n- space_change_sensitive\n"
    assert (data / "secret" / "9-pair.in").read_text() == "5 -10\n"     # generators: pair = pair.py + lib.py
    assert (data / "invalid_input" / "letters.in").read_text() == "a b\n"
    assert not (data / "invalid_input" / "letters.ans").exists()     # no answers outside sample/secret


def test_the_built_package_loads_with_its_group_arguments(built):
    problem = load_problem(built)
    assert [t.name for t in problem.samples] == ["sample/1", "sample/2"]
    assert {t.validator_args for t in problem.tests if t.name.startswith("secret/")} == {("space_change_sensitive",)}
    config = load_config(problem)
    assert config.solutions["secret/8-cpp"].name == "sum.cpp"
    assert config.solutions["secret/6-hand"].name == "sum.py"


def test_a_second_generate_is_up_to_date_and_a_changed_generator_rebuilds(built):
    assert set(generate(load_problem(built)).values()) == {"up to date"}
    gen = built / "generators" / "gen.py"
    gen.write_text(gen.read_text() + "# changed\n")
    outcome = generate(load_problem(built))
    assert {n for n, v in outcome.items() if v == "written"} == {"secret/3-random-1", "secret/4-random-2",
                                                                "secret/5-random-3", "secret/8-cpp"}
    lib = built / "generators" / "lib.py"
    lib.write_text(lib.read_text() + "# changed\n")          # a file of a multi-file generator
    assert {n for n, v in generate(load_problem(built)).items() if v == "written"} == {"secret/9-pair"}


@pytest.mark.slow
def test_match_patterns_are_checked_by_verify(built):
    from judge.verify import VerifyReport, _check_generated

    report = VerifyReport("gen-bapc")
    _check_generated(load_problem(built), report)
    assert not [f.message for f in report.findings if "does not match" in f.message]
    (built / "data" / "secret" / "6-hand.ans").write_text("16\n")
    report = VerifyReport("gen-bapc")
    _check_generated(load_problem(built), report)
    assert "generated test secret/6-hand.ans does not match '^15$' (its `match` in generators.yaml)" in [
        f.message for f in report.findings if f.level == "warning"]
