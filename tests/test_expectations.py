"""Expectations (2025-09 "Example submissions"): default folders, submissions.yaml with globs and
per-group rules, @EXPECTED_RESULTS@ tags; MLE counts as RTE, OLE meets no spec verdict."""
from pathlib import Path

import pytest

from judge.errors import PackageError
from judge.expectations import Expectations, expected_results, glob_pattern
from judge.verdicts import Verdict

AC, WA, TLE, RTE, MLE, OLE = Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.RTE, Verdict.MLE, Verdict.OLE
DEFAULTS = Expectations()


def _meets(expectation, *verdicts) -> bool:
    return not expectation.problems([(f"secret/{i}", v) for i, v in enumerate(verdicts)])


@pytest.mark.parametrize("folder, verdicts, ok", [
    ("accepted", (AC, AC), True),
    ("accepted", (AC, WA), False),
    ("wrong_answer", (AC, WA), True),
    ("wrong_answer", (AC, AC), False),           # never WA
    ("wrong_answer", (WA, RTE), False),          # RTE is not permitted
    ("time_limit_exceeded", (AC, TLE), True),
    ("run_time_error", (AC, RTE), True),
    ("run_time_error", (AC, MLE), True),         # a run killed at the memory limit is a run-time error
    ("run_time_error", (AC, OLE), False),        # output over the limit is none of the four
    ("time_limit_exceeded", (OLE,), False),
    ("rejected", (AC, WA), True),
    ("rejected", (AC, MLE), True),
    ("rejected", (AC, AC), False),
    ("brute_force", (AC, TLE), True),
    ("brute_force", (AC, WA), False),            # never a wrong answer
    ("brute_force", (AC, AC), False),
    ("memory_limit_exceeded", (AC, MLE), True),  # our own folders keep the judge's finer verdicts
    ("memory_limit_exceeded", (AC, RTE), False),
    ("output_limit_exceeded", (OLE,), True),
])
def test_default_folders(folder, verdicts, ok):
    assert _meets(DEFAULTS.of(f"{folder}/x.py"), *verdicts) is ok


def test_folder_labels_and_time_limit_roles():
    assert [(DEFAULTS.of(f"{f}/x").label, DEFAULTS.of(f"{f}/x").bounds) for f in
            ("accepted", "wrong_answer", "time_limit_exceeded", "run_time_error", "brute_force")] == [
        ("AC", "lower"), ("WA", "lower"), ("TLE", "upper"), ("RTE", "lower"), ("TLE|RTE", None)]
    assert DEFAULTS.of("accepted/x").accepted and not DEFAULTS.of("rejected/x").accepted


def test_a_folder_with_no_known_meaning_is_unknown():
    mixed = DEFAULTS.of("mixed/x.py")
    assert not mixed.known and mixed.label == "-"


def test_submissions_yaml_overrides_a_default_folder_key_by_key():
    book = Expectations({"wrong_answer": {"permitted": ["AC", "WA", "RTE"]}})
    expectation = book.of("wrong_answer/x.py")
    assert _meets(expectation, WA, RTE)                  # RTE now permitted
    assert not _meets(expectation, AC, RTE)              # `required: [WA]` is inherited


def test_globs_add_requirements_and_braces_expand():
    book = Expectations({"ac_or_wa": {"permitted": ["AC", "WA"]}, "ac_or_wa/{a,b}.py": {"permitted": ["AC"]}})
    assert _meets(book.of("ac_or_wa/c.py"), WA) and not _meets(book.of("ac_or_wa/a.py"), WA)
    assert book.of("ac_or_wa/b.py").label == "AC"


def test_per_group_requirements():
    book = Expectations({"mixed/slow.py": {"sample": {"permitted": ["AC"]},
                                           "secret/*-hard": {"permitted": ["AC", "TLE"], "required": ["TLE"]}}})
    expectation = book.of("mixed/slow.py")
    good = [("sample/1", AC), ("secret/01-easy", AC), ("secret/02-hard", TLE)]
    assert expectation.problems(good) == []
    assert expectation.problems([("sample/1", TLE), ("secret/02-hard", TLE)])    # TLE on a sample
    assert expectation.problems([("sample/1", AC), ("secret/02-hard", AC)])      # never TLE on a hard case


def test_tests_that_did_not_run_may_still_meet_a_requirement():
    book = Expectations({"mixed/slow.py": {"secret/*-hard": {"required": ["TLE"]}, "message": "slow"}})
    expectation = book.of("mixed/slow.py")
    stopped = [("sample/1", AC), ("secret/01-easy", WA)]                 # judging stopped at the WA
    assert expectation.problems(stopped, {}, unrun=("secret/02-hard",)) == []
    assert len(expectation.problems([*stopped, ("secret/02-hard", AC)], {})) == 2  # all ran: no TLE, no message
    assert expectation.problems([("sample/1", TLE)], {}, unrun=("secret/02-hard",)) == []  # TLE is permitted
    assert Expectations().of("accepted/x.py").problems([("sample/1", WA)], unrun=("secret/1",))


def test_message_must_appear_in_a_judge_message():
    book = Expectations({"wrong_answer/x.py": {"message": "too small"}})
    verdicts = [("secret/1", WA)]
    assert book.of("wrong_answer/x.py").problems(verdicts, {"secret/1": "answer too small"}) == []
    assert book.of("wrong_answer/x.py").problems(verdicts, {"secret/1": "wrong"})


def test_glob_matches_a_path_or_a_parent_and_star_stays_in_one_name():
    assert glob_pattern("secret").match("secret/g/1") and glob_pattern("secret/*").match("secret/g/1")
    assert not glob_pattern("*/x.py").match("a/b/x.py") and glob_pattern("*/x.py").match("a/x.py")
    assert not glob_pattern("sec").match("secret/1")


@pytest.mark.parametrize("tag, verdicts, ok", [
    ("CORRECT, NO-OUTPUT", (AC, WA), True),
    ("CORRECT, NO-OUTPUT", (AC, RTE), False),
    ("RUN-ERROR,WRONG-ANSWER", (AC, AC), False),     # without CORRECT the submission must fail
    ("RUN-ERROR,WRONG-ANSWER", (MLE,), True),
    ("TIMELIMIT", (TLE,), True),
])
def test_expected_results_tag_where_no_folder_says(tmp_path, tag, verdicts, ok):
    source = tmp_path / "mixed" / "x.c"
    source.parent.mkdir()
    source.write_text(f"/* @EXPECTED_RESULTS@: {tag} */\nint main() {{}}\n")
    expectation = DEFAULTS.of("mixed/x.c", source)
    assert expectation.known and _meets(expectation, *verdicts) is ok


def test_tag_is_ignored_in_a_default_folder_and_compiler_error_is_allowed(tmp_path):
    source = tmp_path / "x.c"
    source.write_text("// @EXPECTED_RESULTS@: CORRECT,COMPILER-ERROR\n")
    assert DEFAULTS.of("accepted/x.c", source).label == "AC"
    assert expected_results(source).compile_error


@pytest.mark.parametrize("content, message", [
    ({"accepted": {"permitted": ["OK"]}}, "list of AC, WA, TLE, RTE"),
    ({"accepted": {"permitted": "AC"}}, "list of AC, WA, TLE, RTE"),
    ({"accepted": ["AC"]}, "expected a mapping"),
    ({"x.py": {"use_for_time_limit": "sometimes"}}, "use_for_time_limit"),
    ({"x.py": {"sample": "AC"}}, "test group glob"),
    ({1: {}}, "submission globs"),
])
def test_bad_submissions_yaml_is_one_clear_line(content, message):
    with pytest.raises(PackageError) as info:
        Expectations(content, Path("submissions.yaml"))
    assert message in str(info.value) and "\n" not in str(info.value)


def test_bad_tag_is_one_clear_line(tmp_path):
    source = tmp_path / "x.py"
    source.write_text("# @EXPECTED_RESULTS@: MAYBE\n")
    with pytest.raises(PackageError, match="unknown result"):
        expected_results(source)
