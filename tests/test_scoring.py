"""Scoring problems: group scores, the spec's judge errors, the legacy default grader,
score expectations, and the score in judge run's output."""
import json
import shutil

import pytest

from judge import scoring
from judge.errors import PackageError
from judge.expectations import Expectation, Expectations
from judge.package import load_problem
from judge.verdicts import TestResult, Verdict
from judge.verify import verify_problem

from conftest import PACKAGES

SPEC = PACKAGES / "double-scoring"      # 2025-09: groups of max 30 (pass-fail), 50 (sum), 20 (min, requires group1)
LEGACY = PACKAGES / "double-legacy"     # legacy testdata.yaml grader flags
AC, WA, TLE, RTE, JE = Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.RTE, Verdict.JE


def results(problem, verdicts: dict[str, Verdict] | None = None, files: dict[str, dict] | None = None):
    """A result per test: AC unless `verdicts` says otherwise, with the given score files."""
    verdicts, files = verdicts or {}, files or {}
    return [TestResult(t.name, verdicts.get(t.name, AC), score_files=tuple(files.get(t.name, {}).items()))
            for t in problem.tests]


@pytest.fixture(scope="module")
def spec():
    return load_problem(SPEC)


@pytest.fixture(scope="module")
def legacy():
    return load_problem(LEGACY)


def test_all_accepted_scores_every_group_in_full(spec):
    score = scoring.score(spec, results(spec))
    assert (score.score, score.max_score, score.verdict, score.error) == (100, 100, AC, "")
    assert [(g.name, g.score, g.max_score) for g in score.groups] == [
        ("secret", 100, 100), ("secret/group1", 30, 30), ("secret/group2", 50, 50), ("secret/group3", 20, 20)]
    # a sum group's tests share its maximum; a min group's tests each carry it; pass-fail tests have none
    assert score.tests == {"secret/group2/1": 25, "secret/group2/2": 25, "secret/group3/1": 20, "secret/group3/2": 20}


def test_sum_min_pass_fail_and_a_validators_multiplier(spec):
    score = scoring.score(spec, results(spec, {"secret/group1/2": WA, "secret/group3/2": TLE},
                                         {"secret/group2/1": {"score_multiplier.txt": "0.5\n"}}))
    by_name = {g.name: g.score for g in score.groups}
    # group1 lost one test: nothing; group2: 12.5 + 25; group3 needs group1: not scored at all
    assert by_name == {"secret": 37.5, "secret/group1": 0, "secret/group2": 37.5, "secret/group3": 0}
    assert "requires every test of secret/group1" in [g for g in score.groups if g.name == "secret/group3"][0].note
    assert score.verdict is WA   # the first failure, in test order


def test_score_txt_gives_the_tests_score_and_samples_score_nothing(spec):
    score = scoring.score(spec, results(spec, {"sample/1": WA}, {"secret/group2/2": {"score.txt": "10"}}))
    assert score.score == 30 + 25 + 10 + 20 and score.verdict is WA


@pytest.mark.parametrize("verdicts, files, rule", [
    ({"secret/group2/1": WA}, {"secret/group2/1": {"score.txt": "3"}}, "rejected but wrote score.txt"),
    ({}, {"secret/group2/1": {"score.txt": "3", "score_multiplier.txt": "1"}}, "both"),
    ({}, {"secret/group1/1": {"score.txt": "3"}}, "pass-fail group"),
    ({}, {"secret/group2/1": {"score_multiplier.txt": "1.5"}}, "must be in [0, 1]"),
    ({}, {"secret/group2/1": {"score.txt": "26"}}, "outside [0, 25"),
    ({}, {"secret/group2/1": {"score.txt": "lots"}}, "must hold one number"),
    ({}, {"secret/group2/1": {"score.txt": "nan"}}, "finite"),
])
def test_the_specs_judge_errors_make_the_result_JE(spec, verdicts, files, rule):
    score = scoring.score(spec, results(spec, verdicts, files))
    assert score.verdict is JE and rule in score.error


def test_an_unbounded_group_needs_score_txt(tmp_path):
    package = shutil.copytree(SPEC, tmp_path / "p")
    (package / "data/secret/test_group.yaml").write_text("max_score: unbounded\n")
    (package / "data/secret/group2/test_group.yaml").write_text("max_score: unbounded\nscore_aggregation: sum\n")
    problem = load_problem(package)
    missing = scoring.score(problem, results(problem))
    assert missing.verdict is JE and "unbounded" in missing.error
    given = scoring.score(problem, results(problem, files={t: {"score.txt": "7"} for t in
                                                           ("secret/group2/1", "secret/group2/2")}))
    assert given.max_score is None and given.score == 30 + 14 + 20


@pytest.mark.parametrize("group_yaml, says", [
    ("score_aggregation: sum\n", "needs a max_score"),
    ("max_score: 50\nscore_aggregation: average\n", "score_aggregation must be"),
    ("max_score: -1\n", "non-negative"),
    ("max_score: 50\nrequire_pass: secret/group3\n", "earlier test data group"),
])
def test_bad_group_settings_are_one_package_error(tmp_path, group_yaml, says):
    package = shutil.copytree(SPEC, tmp_path / "p")
    (package / "data/secret/group2/test_group.yaml").write_text(group_yaml)
    with pytest.raises(PackageError, match=says):
        load_problem(package)


def test_legacy_default_grader_flags(legacy):
    # small (40, min) accepted, large rejected: secret accepts if any subtask does; sample ignored
    score = scoring.score(legacy, results(legacy, {"sample/1": WA, "secret/large/1": WA}))
    assert (score.verdict, score.score, score.max_score) == (AC, 40, 100)
    none = scoring.score(legacy, results(legacy, {"secret/large/1": WA, "secret/small/2": RTE}))
    assert (none.verdict, none.score) == (WA, 0)   # first_error in secret: large comes before small


@pytest.mark.parametrize("flags, verdict, value", [
    ([], RTE, 6),                             # worst_error (RTE before WA), sum
    (["first_error"], WA, 6),
    (["always_accept", "max"], AC, 3),
    (["accept_if_any_accepted", "min"], AC, 1),
    (["avg"], RTE, 2),
])
def test_default_grader_modes(flags, verdict, value):
    parts = [(WA, 2.0), (RTE, 1.0), (AC, 3.0)]
    assert scoring._default_grader(parts, flags, "g") == (verdict, value)


def test_score_expectations_of_submissions_yaml(spec):
    book = Expectations({"rejected/x.py": {"score": [50, 60], "secret/group3": {"score": 0}}})
    expectation = book.of("rejected/x.py")
    verdicts = [(t.name, AC) for t in spec.tests]
    full = scoring.score(spec, results(spec))
    found = expectation.problems(verdicts, None, full)
    assert any("the submission scored 100, but" in p for p in found)
    assert any("secret/group3 scored 20" in p for p in found)
    with pytest.raises(PackageError, match="score must be"):
        Expectations({"rejected/x.py": {"score": "high"}})


def test_partially_accepted_must_be_accepted_without_the_full_score(legacy):
    expectation = Expectations().of("partially_accepted/x.py")
    assert expectation.label == "PAC" and expectation.partial
    full = scoring.score(legacy, results(legacy))
    assert any("full score" in p for p in expectation.problems([], None, full))
    partial = scoring.score(legacy, results(legacy, {"secret/large/1": WA}))
    assert expectation.problems([], None, partial) == []
    failed = scoring.score(legacy, results(legacy, {"secret/large/1": WA, "secret/small/1": WA}))
    assert any("must be Accepted" in p for p in expectation.problems([], None, failed))


def test_judge_run_shows_and_reports_the_score(judge_cli):
    done = judge_cli("run", str(SPEC), str(SPEC / "submissions/rejected/off_by_one.py"), "--json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert (report["verdict"], report["score"], report["max_score"]) == ("WA", 25, 100)
    assert {g["name"]: g["score"] for g in report["groups"]}["secret/group2"] == 25
    assert {t["name"]: t.get("score") for t in report["tests"]}["secret/group2/1"] == 12.5
    shown = judge_cli("run", str(SPEC), str(SPEC / "submissions/rejected/off_by_one.py"))
    assert "score 25/100" in shown.stdout and "secret/group3: WA, score 0/20" in shown.stdout


@pytest.mark.slow
@pytest.mark.parametrize("package", [SPEC, LEGACY])
def test_the_scoring_fixtures_verify(package):
    report = verify_problem(package)
    assert report.ok, [f.message for f in report.findings] + [f"{s.path}: {s.note}" for s in report.solutions]
    scores = {s.path.rsplit("/", 1)[-1]: s.score.score for s in report.solutions}
    assert scores == ({"exact.py": 100, "off_by_one.py": 25, "small_only.py": 55} if package == SPEC
                      else {"exact.py": 100, "off_by_one.py": 0, "small_only.py": 40})


def test_verify_flags_a_score_that_misses_its_expectation(tmp_path):
    package = shutil.copytree(SPEC, tmp_path / "p")
    (package / "submissions/submissions.yaml").write_text("rejected/off_by_one.py:\n  score: 30\n")
    shutil.rmtree(package / "submissions/accepted")
    (package / "submissions/accepted").mkdir()
    shutil.copy(SPEC / "submissions/accepted/exact.py", package / "submissions/accepted/")
    (package / "submissions/rejected/small_only.py").unlink()
    report = verify_problem(package)
    bad = [s for s in report.solutions if not s.ok]
    assert [s.path.rsplit("/", 1)[-1] for s in bad] == ["off_by_one.py"]
    assert "scored 25, but submissions.yaml `rejected/off_by_one.py` expects 30" in bad[0].note
