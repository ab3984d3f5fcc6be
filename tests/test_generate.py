"""`judge generate`: rebuilds generated tests from generators.yaml, skipping up-to-date ones."""
import shutil

from judge.generate import generate, load_config
from judge.package import load_problem

from conftest import PACKAGES


def test_generate_rebuilds_and_skips_up_to_date(tmp_path, judge_cli):
    pkg = tmp_path / "p"
    shutil.copytree(PACKAGES / "verify-sum", pkg)
    stored = {p.name: p.read_bytes() for p in (pkg / "data" / "secret").glob("10-*")}
    for name in stored:
        (pkg / "data" / "secret" / name).unlink()
    (pkg / "data" / ".generated.json").unlink()

    outcome = generate(load_problem(pkg))  # loads: the hand-written tests remain
    assert outcome == {"secret/10-random-01": "written", "secret/10-random-02": "written"}
    assert {p.name: p.read_bytes() for p in (pkg / "data" / "secret").glob("10-*")} == stored  # same bytes

    assert set(generate(load_problem(pkg)).values()) == {"up to date"}
    gen = pkg / "generators" / "gen.py"
    gen.write_text(gen.read_text() + "\n# a change to the generator\n")
    assert set(generate(load_problem(pkg)).values()) == {"written"}

    proc = judge_cli("generate", str(pkg))
    assert proc.returncode == 0 and "0 test(s) written, 2 up to date" in proc.stdout
    proc = judge_cli("generate", str(pkg), "--force")
    assert "2 test(s) written" in proc.stdout


def test_repository_generators_yaml_lists_existing_generators():
    for pkg in sorted((PACKAGES.parent.parent.parent / "problems").glob("*/generators/generators.yaml")):
        problem = load_problem(pkg.parent.parent)
        config = load_config(problem)
        assert config.tests and config.solution is not None and config.solution.is_file()
        for test in config.tests:
            assert (problem.path / "generators" / test.command[0]).is_file()
