"""`judge stress` finds and shrinks a planted bug; `judge export` round-trips through the loader."""
import shutil

import pytest

from judge.errors import UserError
from judge.export import export
from judge.package import load_problem
from judge.stress import save_case, stress
from judge.verdicts import Verdict

from conftest import PACKAGES, ROOT

PLANTED = """# Planted bug: wrong (off by one) only when n > 6.
import sys
d = sys.stdin.buffer.read().split()
n = int(d[0])
print(sum(map(int, d[1:1 + n])) + (1 if n > 6 else 0))
"""


@pytest.fixture
def package(tmp_path):
    copy = tmp_path / "verify-sum"
    shutil.copytree(PACKAGES / "verify-sum", copy)
    return copy


@pytest.mark.slow
def test_stress_finds_and_shrinks_a_planted_bug(package, tmp_path):
    candidate = tmp_path / "planted.py"
    candidate.write_text(PLANTED)
    problem = load_problem(package)
    result = stress(problem, candidate, generator="gen.py --n 40", count=20)
    failure = result.failure
    assert failure is not None and failure.verdict is Verdict.WA
    assert failure.input.split()[0] == b"7"  # the smallest n that shows the bug
    assert ("--n", "7") == tuple(failure.command[failure.command.index("--n"):][:2])
    assert int(failure.got) == int(failure.expected) + 1

    path = save_case(problem, failure, "50-stress-n7")
    assert path.read_bytes() == failure.input
    assert path.with_suffix(".ans").read_bytes() == failure.expected
    assert "secret/50-stress-n7" in [t.name for t in load_problem(package).tests]
    with pytest.raises(UserError, match="already exists"):
        save_case(problem, failure, "50-stress-n7")


def test_stress_of_a_correct_solution_finds_nothing(package, judge_cli):
    proc = judge_cli("stress", str(package), str(package / "submissions" / "accepted" / "sum.py"), "--count", "3")
    assert proc.returncode == 0 and "no difference found in 3 random inputs" in proc.stdout


@pytest.mark.slow
def test_stress_reports_a_crash(package, tmp_path):
    result = stress(load_problem(package), package / "submissions" / "run_time_error" / "crash.py",
                    generator="gen.py --n 30", count=5)
    assert result.failure.verdict is Verdict.RTE
    assert result.failure.input.split()[0] == b"4"  # crash.py fails from n = 4 on


@pytest.mark.parametrize("slug", sorted(p.parent.name for p in (ROOT / "problems").glob("*/problem.yaml")))
def test_export_round_trips(slug, tmp_path):
    original = load_problem(ROOT / "problems" / slug)
    if original.extensions.get("type") == "function":  # its harness is ours alone: refused
        with pytest.raises(UserError, match="function problem"):
            export(original, tmp_path)
        return
    exported = load_problem(export(original, tmp_path))
    assert [t.name for t in exported.tests] == [t.name for t in original.tests]
    assert [t.answer.read_bytes() for t in exported.tests] == [t.answer.read_bytes() for t in original.tests]
    # by stem: a Java file not named after its public class is exported as a folder of its name
    ours = sorted((s.path.stem, s.expected) for s in original.solutions() if s.expected is not None)
    theirs = sorted((s.path.stem, s.expected) for s in exported.solutions())
    assert theirs == ours and all("submissions" in s.path.parts for s in exported.solutions())
    assert (exported.time_limit_s, exported.memory_mib) == (original.time_limit_s, original.memory_mib)
    assert exported.statement is not None
    gen = exported.path / "generators" / "generators.yaml"
    if gen.is_file():
        assert "/solutions/" not in gen.read_text()
    with pytest.raises(UserError, match="already exists"):
        export(original, tmp_path)


def test_export_copies_a_folder_solution_whole(tmp_path):
    """A repository problem's solutions live beside the package (solutions/<slug>/), and a
    multi-file one is a folder: the export copies it whole into submissions/."""
    repository = tmp_path / "repo"
    shutil.copytree(PACKAGES / "sum-default", repository / "problems" / "sum")
    folder = repository / "solutions" / "sum" / "accepted" / "two-files"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text("from helper import total\nprint(total())\n")
    (folder / "helper.py").write_text("def total():\n    return 0\n")
    exported = export(load_problem(repository / "problems" / "sum"), tmp_path / "out")
    copy = exported / "submissions" / "accepted" / "two-files"
    assert sorted(p.name for p in copy.iterdir()) == ["helper.py", "main.py"]
