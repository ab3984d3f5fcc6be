"""The `judge grade` command: exit statuses, one-line errors, the results file it resumes from."""
import csv
import json
import shutil

import pytest

from test_grade import no_limit_grading, submissions  # noqa: F401 (a fixture)


@pytest.fixture
def one_submitter(tmp_path, submissions):
    folder = tmp_path / "subs"
    (folder / "alice").mkdir(parents=True)
    shutil.copy(submissions / "alice" / "incdec.py", folder / "alice" / "incdec.py")
    return folder


def test_missing_folder_is_one_line_and_status_2(judge_cli, tmp_path):
    done = judge_cli("grade", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert done.stderr.startswith("judge: error: submissions folder") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_cluster_and_workers_together_is_a_usage_error(judge_cli, one_submitter):
    done = judge_cli("grade", str(one_submitter), "--cluster", "tcp://127.0.0.1:1", "--workers", "2")
    assert done.returncode == 2 and done.stderr.count("\n") == 1


@pytest.mark.slow
def test_graded_all_exits_0_then_resumes_from_the_results_file(judge_cli, one_submitter, tmp_path):
    done = judge_cli("grade", str(one_submitter), "--csv", str(tmp_path / "g.csv"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:4] == ["submitter", "incdec", "alice", "AC"]
    assert (one_submitter / "grades.sqlite3").is_file()  # the default results file
    rows = list(csv.DictReader((tmp_path / "g.csv").open()))
    assert [(r["submitter"], r["problem"], r["verdict"], r["passed"], r["total"]) for r in rows] == [
        ("alice", "incdec", "AC", "42", "42")]
    again = judge_cli("grade", str(one_submitter), "--json")
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)["summary"]
    assert (summary["graded"], summary["graded_now"], summary["already_graded"]) == (1, 0, 1)


def test_a_file_named_after_no_problem_is_reported_and_exits_1(judge_cli, one_submitter, tmp_path):
    (one_submitter / "alice" / "hello.py").write_text("print('hello')\n")
    done = judge_cli("grade", str(one_submitter), "--json", "--results", str(tmp_path / "r.sqlite3"))
    assert done.returncode == 1
    assert "judge: skipped alice/hello.py: 'hello' is no problem" in done.stderr
    assert "Traceback" not in done.stderr
    doc = json.loads(done.stdout)
    assert [(r["file"], r["verdict"]) for r in doc["results"]] == [("alice/incdec.py", "AC")]
    assert doc["summary"]["skipped"] == [{"file": "alice/hello.py", "reason": "'hello' is no problem"}]
    assert not (one_submitter / "grades.sqlite3").exists()  # --results was given


@pytest.mark.slow
def test_workers_grades_on_a_local_dask_cluster(judge_cli, one_submitter):
    pytest.importorskip("distributed")
    done = judge_cli("grade", str(one_submitter), "--workers", "1", "--json")
    assert done.returncode == 0, done.stderr
    [result] = json.loads(done.stdout)["results"]
    assert (result["submitter"], result["verdict"], result["passed"], result["total"]) == ("alice", "AC", 42, 42)


def test_a_missing_time_limit_is_derived_and_said(judge_cli, tmp_path):
    problems_dir, subs = no_limit_grading(tmp_path)
    done = judge_cli("grade", str(subs), "--problems", str(problems_dir), "--json")
    assert done.returncode == 0, done.stderr
    assert "judge: no-limit: no time limit in problem.yaml: derived 0.25 s from the slowest accepted run" \
        in done.stderr
    [result] = json.loads(done.stdout)["results"]
    assert (result["verdict"], result["passed"]) == ("TLE", 0)   # AC at the 1 s fallback


def test_a_test_as_the_unit_on_a_local_dask_cluster(judge_cli, one_submitter):
    pytest.importorskip("distributed")
    done = judge_cli("grade", str(one_submitter), "--workers", "2", "--unit", "test", "--json")
    assert done.returncode == 0, done.stderr
    [result] = json.loads(done.stdout)["results"]
    assert (result["submitter"], result["verdict"], result["passed"], result["total"]) == ("alice", "AC", 42, 42)


def test_unit_without_a_cluster_is_a_usage_error(judge_cli, one_submitter):
    done = judge_cli("grade", str(one_submitter), "--unit", "test")
    assert done.returncode == 2 and done.stderr.startswith("judge: error: --unit is for grading on a Dask cluster")
    assert done.stderr.count("\n") == 1


def test_no_scheduler_at_the_address_is_one_line_and_status_2(judge_cli, one_submitter):
    pytest.importorskip("distributed")
    done = judge_cli("grade", str(one_submitter), "--cluster", "tcp://127.0.0.1:1", timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("judge: error: no Dask scheduler at tcp://127.0.0.1:1: ")
