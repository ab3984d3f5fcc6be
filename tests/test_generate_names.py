"""Generated test names stay inside data/: a generators.yaml naming a test or a group `..`,
`../../../x`, an absolute path, or a name with a separator or a NUL is rejected with one
clear line (exit 2) before anything is generated or written."""
import shutil

import pytest

from judge.errors import PackageError
from judge.generate import is_test_name, load_config
from judge.package import load_problem

from conftest import PACKAGES

GOOD = "      00-good: gen.py --seed 3 --n 4\n"  # listed first: it must not be written either


def _yaml(where: str, name: str) -> str:
    """A generators.yaml whose bad `name` names a test in data/, a test in secret/, or a group."""
    quoted = '"' + name.replace("\\", "\\\\").replace("\0", "\\0").replace('"', '\\"') + '"'
    head = "solution: /submissions/accepted/sum.py\ndata:\n"
    if where == "top":
        return head + f"  {quoted}: gen.py --seed 1 --n 5\n  secret:\n    data:\n" + GOOD
    if where == "secret":
        return head + "  secret:\n    data:\n" + GOOD + f"      {quoted}: gen.py --seed 1 --n 5\n"
    return head + "  secret:\n    data:\n" + GOOD + f"      {quoted}:\n        data:\n          x: gen.py --n 5\n"


def _snapshot(root):
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in root.rglob("*")}


def _package(tmp_path):
    """A copy of verify-sum deep below tmp_path, so that any `..` escape would land in tmp_path."""
    package = tmp_path / "a" / "b" / "c" / "d" / "verify-sum"
    shutil.copytree(PACKAGES / "verify-sum", package)
    return package


BAD_NAMES = ["..", ".", "../../../x", "secret/../../../../x", "a/b", "a\\b", "a\0b", "", ".hidden", "-n"]


@pytest.mark.parametrize("where", ["top", "secret", "group"])
@pytest.mark.parametrize("name", BAD_NAMES + ["/ABSOLUTE/x"], ids=repr)
def test_bad_names_are_one_error_line_and_nothing_is_written(judge_cli, tmp_path, where, name):
    package = _package(tmp_path)
    name = name.replace("/ABSOLUTE", str(tmp_path))  # an absolute name that would land in tmp_path
    (package / "generators" / "generators.yaml").write_text(_yaml(where, name))
    before = _snapshot(tmp_path)
    proc = judge_cli("generate", str(package), "--force")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("judge: error: ") and "generators.yaml" in lines[0]
    assert "Traceback" not in proc.stderr
    assert _snapshot(tmp_path) == before  # nothing written, inside the package or out of it


def test_the_library_refuses_them_when_loading_the_config(tmp_path):
    package = _package(tmp_path)
    (package / "generators" / "generators.yaml").write_text(_yaml("secret", "../../../x"))
    with pytest.raises(PackageError, match=r"test or group name '\.\./\.\./\.\./x'"):
        load_config(load_problem(package))


def test_the_name_rule():
    assert all(is_test_name(n) for n in ("1", "01-small", "group1", "10-random-small-01", "a.b_c-d", "a..b"))
    assert not any(is_test_name(n) for n in BAD_NAMES)


def test_an_integer_key_is_a_name(tmp_path):
    package = _package(tmp_path)
    (package / "generators" / "generators.yaml").write_text(
        "data:\n  secret:\n    data:\n      1: gen.py --seed 1 --n 5\n")
    assert [t.name for t in load_config(load_problem(package)).tests] == ["secret/1"]
