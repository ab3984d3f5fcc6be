"""`judge verify`: a consistent package passes; each kind of breakage is named."""
import json
import shutil

import pytest

from judge.verify import verify_problem

from conftest import PACKAGES, verify_errors

FIXTURE = PACKAGES / "verify-sum"


@pytest.fixture
def package(tmp_path):
    """A private copy of the fixture package, to break."""
    copy = tmp_path / "verify-sum"
    shutil.copytree(FIXTURE, copy)
    return copy



@pytest.mark.slow
def test_consistent_package_passes():
    report = verify_problem(FIXTURE)
    assert report.ok, verify_errors(report)
    got = {s.path: (s.expected, s.got) for s in report.solutions}
    assert got == {"submissions/accepted/sum.py": ("AC", "AC"), "submissions/wrong_answer/plus_one.py": ("WA", "WA"),
                   "submissions/time_limit_exceeded/spin.cpp": ("TLE", "TLE"),
                   "submissions/run_time_error/crash.py": ("RTE", "RTE")}


@pytest.mark.slow
def test_wrong_answer_file_is_named(package):
    (package / "data" / "secret" / "01-negative.ans").write_text("-4\n")
    errors = verify_errors(verify_problem(package))
    assert any("01-negative.ans differs from what the reference" in e for e in errors)
    assert any(e.startswith("submissions/accepted/sum.py: WA on secret/01-negative") for e in errors)


@pytest.mark.slow
def test_invalid_input_is_named(package):
    (package / "data" / "secret" / "01-negative.in").write_text("1\n-5 \n")
    errors = verify_errors(verify_problem(package))
    assert any("rejects test secret/01-negative" in e for e in errors)


@pytest.mark.slow
def test_invalid_input_folder_must_be_rejected(package):
    (package / "data" / "invalid_input" / "02-actually-valid.in").write_text("1\n5\n")
    errors = verify_errors(verify_problem(package))
    assert errors == ["invalid_input/02-actually-valid is under data/invalid_input/ but every input validator "
                      "accepts it"]


@pytest.mark.slow
def test_mislabelled_solution_is_named(package):
    shutil.move(package / "submissions" / "wrong_answer" / "plus_one.py", package / "submissions" / "accepted")
    errors = verify_errors(verify_problem(package))
    assert any(e.startswith("submissions/accepted/plus_one.py: WA on sample/1") for e in errors)


@pytest.mark.slow
def test_wrong_answer_solution_that_crashes_too_is_named(package):
    (package / "submissions" / "wrong_answer" / "plus_one.py").write_text(
        "import sys\nd = sys.stdin.read().split()\nif int(d[0]) >= 3: sys.exit(1)\nprint(0)\n")
    errors = verify_errors(verify_problem(package))   # it crashes on the sample, its first failure
    assert any(e.startswith("submissions/wrong_answer/plus_one.py: RTE on sample/") and "not permitted" in e
               for e in errors)


@pytest.mark.slow
def test_non_deterministic_generator_is_named(package):
    gen = package / "generators" / "gen.py"
    gen.write_text(gen.read_text().replace("random.Random(args.seed)", "random.Random()"))
    errors = verify_errors(verify_problem(package))
    assert any("generator is not deterministic" in e for e in errors)


@pytest.mark.slow
def test_stale_generated_test_is_named(package):
    (package / "data" / "secret" / "10-random-01.in").write_text("1\n7\n")
    (package / "data" / "secret" / "10-random-01.ans").write_text("7\n")
    errors = verify_errors(verify_problem(package))
    assert any("generated test secret/10-random-01 differs" in e for e in errors)


@pytest.mark.slow
def test_missing_pieces_are_reported_not_raised(package):
    shutil.rmtree(package / "submissions" / "accepted")
    shutil.rmtree(package / "input_validators")
    (package / "generators" / "generators.yaml").write_text(
        (package / "generators" / "generators.yaml").read_text().replace("/submissions/accepted/sum.py",
                                                                         "/submissions/run_time_error/crash.py"))
    report = verify_problem(package)
    assert not report.ok
    messages = [f.message for f in report.findings]
    assert any("no accepted solution" in m for m in messages)
    assert any(f.level == "warning" and "no input validator" in f.message for f in report.findings)


@pytest.mark.slow
def test_tle_solution_needs_a_safe_margin(package):
    (package / "submissions" / "time_limit_exceeded" / "spin.cpp").write_text(
        "#include <cstdio>\n#include <ctime>\nint main(){long long s=0,x;int n;scanf(\"%d\",&n);"
        "for(int i=0;i<n;i++){scanf(\"%lld\",&x);s+=x;}if(n>10){clock_t t=clock();"
        "while(clock()-t<1.2*CLOCKS_PER_SEC){}}printf(\"%lld\\n\",s);}\n")
    errors = verify_errors(verify_problem(package))
    assert any("spin.cpp: TLE only by a small margin" in e for e in errors)


@pytest.mark.slow
def test_too_tight_time_limit_is_an_error(package):
    (package / "submissions" / "accepted" / "slow.py").write_text(
        "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.6: pass\n"
        "import sys\nd = sys.stdin.read().split()\nprint(sum(map(int, d[1:])))\n")
    errors = verify_errors(verify_problem(package))
    assert any("time limit 1 s is too tight" in e for e in errors)


@pytest.mark.slow
def test_missing_time_limit_is_derived_and_said(package):
    (package / "problem.yaml").write_text("name: no limit\nlimits:\n  memory: 128\n")
    shutil.rmtree(package / "submissions" / "time_limit_exceeded")
    report = verify_problem(package)
    assert report.ok, verify_errors(report)
    assert report.time_limit_source == "derived" and report.time_limit_s == 1.0
    assert any("derived 1 s" in f.message for f in report.findings)


@pytest.mark.slow
def test_unsupported_language_is_skipped_not_failed(package):
    (package / "submissions" / "accepted" / "sum.cob").write_text("IDENTIFICATION DIVISION.\n")
    report = verify_problem(package)
    assert report.ok
    assert any(s.got == "unsupported" and s.path.endswith("sum.cob") for s in report.solutions)


@pytest.mark.parametrize("name", ["sum-legacy", "sum-2025"])
@pytest.mark.slow
def test_foreign_packages_with_their_own_submissions_verify(name):
    report = verify_problem(PACKAGES / name)
    assert report.ok, verify_errors(report)
    assert {s.expected for s in report.solutions} >= {"AC", "WA"}


@pytest.mark.slow
def test_cli_json_and_exit_status(judge_cli, package):
    (package / "data" / "secret" / "01-negative.ans").write_text("-4\n")
    proc = judge_cli("verify", str(FIXTURE), str(package), "--json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert [p["ok"] for p in doc["problems"]] == [True, False]
    assert judge_cli("verify").returncode == 2


@pytest.mark.slow
def test_every_repository_problem_verifies(judge_cli):
    """CI proves every package of the repository in every commit."""
    proc = judge_cli("verify", "--all", "--json", timeout=900)
    doc = json.loads(proc.stdout)
    failures = {p["problem"]: [f["message"] for f in p["findings"] if f["level"] == "error"] +
                [s["solution"] + ": " + s["note"] for s in p["solutions"] if not s["ok"]]
                for p in doc["problems"] if not p["ok"]}
    assert proc.returncode == 0 and not failures, failures
    assert {p["problem"] for p in doc["problems"]} >= {"incdec", "linked-list-backward"}


@pytest.mark.slow
def test_a_cold_verify_builds_the_programs_side_by_side(package, tmp_path, monkeypatch):
    """With an empty build cache, verify builds every program first, as many at once as it has
    workers (the checks then find them built); each program is built once, failures aside."""
    import threading
    import time

    from judge import languages

    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path / "empty-cache"))
    spans, lock, original = [], threading.Lock(), languages._build

    def build(*args, **kwargs):
        began = time.monotonic()
        time.sleep(0.3)  # every build long enough for the others to be seen beside it
        original(*args, **kwargs)
        with lock:
            spans.append((began, time.monotonic(), args[-1].name))
    monkeypatch.setattr(languages, "_build", build)
    report = verify_problem(package, jobs=2)
    assert report.ok, verify_errors(report)
    names = sorted(name for _, _, name in spans)
    assert len(names) == len(set(names)), names  # nothing built twice
    assert {"validate.py", "sum.py", "spin.cpp", "plus_one.py", "crash.py"} <= set(names)
    # the input validator, which the first check needs alone, was built beside a solution
    validator = next(span for span in spans if span[2] == "validate.py")
    assert any(other[0] < validator[1] and validator[0] < other[1] for other in spans if other is not validator), spans
