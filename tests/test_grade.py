"""judge grade on this machine: finding submissions, the results file, resuming, the outputs."""
import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from judge import grade
from judge.errors import UserError

MANIFEST = FIXTURES / "grade" / "submissions.txt"

# What each fixture submission gets: (submitter, problem) -> verdict, tests passed (of all)
EXPECTED = {
    ("alice", "incdec"): ("AC", 42),
    ("alice", "linked-list-backward"): ("AC", 32),
    ("bob", "incdec"): ("WA", 9),
    ("bob", "linked-list-backward"): ("AC", 32),
    ("carol", "incdec"): ("TLE", 41),
    ("carol", "linked-list-backward"): ("WA", 0),
    ("dave", "incdec"): ("AC", 42),
}


def table(records) -> dict:
    return {(r.submitter, r.problem): (r.verdict, r.passed) for r in records}


def build_submissions(folder: Path) -> Path:
    """The folder tests/fixtures/grade/submissions.txt describes, copied from the repository."""
    for line in MANIFEST.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            target, source = line.split()
            (folder / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / source, folder / target)
    return folder


@pytest.fixture(scope="session")
def submissions(tmp_path_factory) -> Path:
    return build_submissions(tmp_path_factory.mktemp("submissions"))


def fixture_jobs(folder: Path):
    problems = grade.problem_packages()
    found, skipped = grade.find_submissions(folder, problems)
    assert skipped == []
    return grade.make_jobs(found, problems)


@pytest.fixture(scope="module")
def graded_here(tmp_path_factory, submissions):
    """The fixture submissions graded once on this machine (the reference for every other path)."""
    db = grade.ResultsDB(tmp_path_factory.mktemp("grade") / "grades.sqlite3")
    return grade.grade(fixture_jobs(submissions), db), db


@pytest.mark.slow
def test_every_fixture_submission_gets_its_verdict_and_is_recorded(graded_here):
    grading, db = graded_here
    assert table(grading.records) == EXPECTED
    assert grading.complete and grading.graded_now == len(EXPECTED) and db.count() == len(EXPECTED)
    totals = {r.problem: r.total for r in grading.records}
    assert totals == {"incdec": 42, "linked-list-backward": 32}


def test_found_and_skipped_files_each_with_a_reason(tmp_path, submissions):
    shutil.copytree(submissions / "alice", tmp_path / "alice")
    (tmp_path / "alice" / "hello.py").write_text("print(1)\n")
    (tmp_path / "alice" / "incdec.txt").write_text("notes\n")
    (tmp_path / "loose.py").write_text("print(1)\n")
    (tmp_path / "grades.sqlite3").write_bytes(b"")  # the default results file is no submission
    found, skipped = grade.find_submissions(tmp_path, grade.problem_packages())
    assert [(s.submitter, s.problem, s.path.name) for s in found] == [
        ("alice", "incdec", "incdec.py"), ("alice", "linked-list-backward", "linked-list-backward.py")]
    assert found[0].sha256 == grade.sha256_file(submissions / "alice" / "incdec.py")
    reasons = {s.file: s.reason for s in skipped}
    assert set(reasons) == {"alice/hello.py", "alice/incdec.txt", "loose.py"}
    assert "no problem" in reasons["alice/hello.py"] and ".txt" in reasons["alice/incdec.txt"]


def test_missing_submissions_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="not found"):
        grade.find_submissions(tmp_path / "nowhere", grade.problem_packages())


def test_problems_dir_limits_what_counts_as_a_problem(tmp_path, submissions):
    (tmp_path / "problems").mkdir()
    shutil.copytree(ROOT / "problems" / "incdec", tmp_path / "problems" / "incdec",
                    ignore=shutil.ignore_patterns("data"))
    problems = grade.problem_packages(tmp_path / "problems")
    assert list(problems) == ["incdec"]
    found, skipped = grade.find_submissions(submissions, problems)
    assert {s.problem for s in found} == {"incdec"} and len(skipped) == 3
    with pytest.raises(UserError):
        grade.problem_packages(tmp_path / "nowhere")


@pytest.mark.slow
def test_a_key_is_recorded_once(tmp_path, graded_here):
    db = grade.ResultsDB(tmp_path / "r.sqlite3")
    record = graded_here[0].records[0]
    assert db.add(record) is True
    assert db.add(record) is False
    assert db.count() == 1
    assert db.get(record.submitter, record.problem, record.sha256, record.settings) == record


@pytest.mark.slow
def test_grading_again_grades_only_what_is_missing(tmp_path, graded_here, submissions):
    jobs = fixture_jobs(submissions)
    db = grade.ResultsDB(tmp_path / "r.sqlite3")
    done = graded_here[1]  # an interrupted grading: the first results are in the file, the rest are not
    for job in jobs[:4]:
        db.add(done.get(job.submitter, job.problem, job.sha256, job.settings))
    ran = []

    def counting(pending):
        ran.extend(j.file for j in pending)
        return grade.run_here(pending)

    grading = grade.grade(jobs, db, counting)
    assert ran == [j.file for j in jobs[4:]]
    assert grading.already == 4 and grading.graded_now == len(jobs) - 4
    assert table(grading.records) == EXPECTED and db.count() == len(EXPECTED)


def test_other_settings_grade_again(graded_here, submissions):
    """A result holds for the judge version and time limit it was graded with, not for others."""
    problems = grade.problem_packages()
    found, _ = grade.find_submissions(submissions, problems)
    [job] = grade.make_jobs(found[:1], problems, time_limit=2.0)
    assert job.settings != graded_here[0].records[0].settings
    assert graded_here[1].get(job.submitter, job.problem, job.sha256, job.settings) is None


def test_a_submission_the_judge_cannot_grade_is_reported_not_recorded(tmp_path, submissions):
    jobs = fixture_jobs(submissions)[:2]
    db = grade.ResultsDB(tmp_path / "r.sqlite3")

    def failing(pending):
        for job in pending:
            yield job, UserError("no C++ compiler on this worker")

    grading = grade.grade(jobs, db, failing)
    assert not grading.complete and db.count() == 0
    assert [(f.file, f.reason) for f in grading.failed] == [(j.file, "no C++ compiler on this worker") for j in jobs]


def test_json_csv_and_gradebook(tmp_path, graded_here):
    grading = graded_here[0]
    doc = json.loads(grade.to_json(grading))
    assert set(doc["results"][0]) == {"submitter", "problem", "file", "sha256", "verdict", "passed", "total",
                                      "max_cpu_s", "max_memory_mib", "message"}
    assert doc["summary"]["graded"] == len(EXPECTED)
    assert doc["summary"]["verdicts"] == {"AC": 4, "TLE": 1, "WA": 2}
    grade.write_csv(grading, tmp_path / "g.csv")
    lines = (tmp_path / "g.csv").read_text().splitlines()
    assert lines[0].startswith("submitter,problem,file,sha256,verdict,passed,total")
    assert len(lines) == 1 + len(EXPECTED)
    book = grade.gradebook(grading).splitlines()
    assert book[0].split() == ["submitter", "incdec", "linked-list-backward"]
    assert book[3].split()[:3] == ["carol", "TLE", "41/42"]
    assert book[4].split()[-1] == "-"  # dave sent no linked-list-backward


def test_an_interrupted_submission_is_not_recorded(tmp_path, submissions, monkeypatch):
    """Ctrl-C during a submission's tests: judging returns what ran; grading stops and keeps none of it."""
    from judge import judging
    from judge.verdicts import SubmissionResult, Verdict

    def interrupted(problem, source, **_):
        return SubmissionResult(problem=problem.slug, solution=str(source), language="python",
                                verdict=Verdict.AC, time_limit_s=1.0, memory_limit_mib=256, interrupted=True)

    monkeypatch.setattr(judging, "judge_solution", interrupted)
    db = grade.ResultsDB(tmp_path / "r.sqlite3")
    with pytest.raises(KeyboardInterrupt):
        grade.grade(fixture_jobs(submissions)[:1], db)
    assert db.count() == 0


# A submission right on every test, after 0.5 s of CPU: AC at the 1 s fallback, TLE at 0.25 s
SPINS_HALF_A_SECOND = ("import sys, time\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass\n"
                       "d = sys.stdin.read().split()\nprint(sum(map(int, d[1:])))\n")


def no_limit_grading(folder: Path) -> tuple[Path, Path]:
    """A problems folder with one package without a time limit (verify-sum's, whose accepted solution
    derives 0.25 s at a resolution of 0.25 s), and a SUBMISSIONS folder with one slow submission."""
    from conftest import PACKAGES

    package = folder / "problems" / "no-limit"
    shutil.copytree(PACKAGES / "verify-sum", package)
    (package / "problem.yaml").write_text("problem_format_version: 2025-09\nname: no limit\nlimits:\n"
                                          "  memory: 128\n  time_resolution: 0.25\n")
    (folder / "subs" / "erin").mkdir(parents=True)
    (folder / "subs" / "erin" / "no-limit.py").write_text(SPINS_HALF_A_SECOND)
    return folder / "problems", folder / "subs"


def test_a_missing_time_limit_is_derived_as_judge_run_does_and_kept(tmp_path):
    problems_dir, subs = no_limit_grading(tmp_path)
    problems = grade.problem_packages(problems_dir)
    found, _ = grade.find_submissions(subs, problems)
    db = grade.ResultsDB(tmp_path / "r.sqlite3")
    said = []
    [job] = grade.make_jobs(found, problems, db=db, say=said.append)
    assert job.time_limit_s == 0.25 and job.settings.endswith("time limit 0.25 s")
    assert len(said) == 1 and said[0].startswith("no-limit: no time limit in problem.yaml: derived 0.25 s")
    grading = grade.grade([job], db)
    assert table(grading.records) == {("erin", "no-limit"): ("TLE", 0)}
    # the results file keeps the derived limit: grading into it again judges with the same one,
    # so what it holds still counts, even if deriving now would give another limit
    (problems["no-limit"] / "problem.yaml").write_text("problem_format_version: 2025-09\nname: no limit\n"
                                                       "limits:\n  memory: 128\n  time_resolution: 2\n")
    said.clear()
    [again] = grade.make_jobs(found, problems, db=db, say=said.append)
    assert again.settings == job.settings and "kept in" in said[0]
    assert grade.grade([again], db).already == 1
    # without a results file to keep it, it is derived anew: here 2 s, a multiple of the new resolution
    [fresh] = grade.make_jobs(found, problems)
    assert fresh.time_limit_s == 2.0
