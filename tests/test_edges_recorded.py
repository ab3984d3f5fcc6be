"""Edges of the command line that lost or left things: a solution file whose name is not
UTF-8 is judged and recorded, and `judge stress` leaves no scratch folder behind."""
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from judge.package import load_problem
from judge.stress import stress

from conftest import PACKAGES, PROGRAMS


def test_a_solution_whose_name_is_not_utf8_is_judged_and_recorded(judge_cli, tmp_path, monkeypatch):
    history = tmp_path / "history.sqlite3"
    monkeypatch.setenv("JUDGE_HISTORY", str(history))
    name = os.fsdecode(b"bad\xffname.py")
    shutil.copy(PROGRAMS / "ac.py", tmp_path / name)
    proc = judge_cli("run", str(PACKAGES / "sum-default"), str(tmp_path / name))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "not recorded" not in proc.stderr
    rows = sqlite3.connect(history).execute("SELECT solution, verdict FROM attempts").fetchall()
    assert len(rows) == 1 and rows[0][1] == "AC"
    assert rows[0][0].endswith("bad\\xffname.py")  # the undecodable byte kept, visibly


def test_stress_leaves_no_scratch_folder(tmp_path):
    package = tmp_path / "verify-sum"
    shutil.copytree(PACKAGES / "verify-sum", package)
    scratch = Path(tempfile.gettempdir())
    before = {p.name for p in scratch.glob("judge-stress-*")}
    result = stress(load_problem(package), PROGRAMS / "ac.py", generator="gen.py --n 5", count=3)
    assert result.failure is None and result.tries == 3
    assert {p.name for p in scratch.glob("judge-stress-*")} == before


def test_a_folder_solution_is_recorded(judge_cli, tmp_path, monkeypatch):
    history = tmp_path / "history.sqlite3"
    monkeypatch.setenv("JUDGE_HISTORY", str(history))
    folder = tmp_path / "two-files"
    folder.mkdir()
    (folder / "main.py").write_text("from helper import total\nprint(total())\n")
    (folder / "helper.py").write_text("import sys\ndef total():\n    d = sys.stdin.read().split()\n"
                                      "    return sum(map(int, d[1:1 + int(d[0])]))\n")
    proc = judge_cli("run", str(PACKAGES / "sum-default"), str(folder))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "not recorded" not in proc.stderr
    rows = sqlite3.connect(history).execute("SELECT solution, sha256 FROM attempts").fetchall()
    assert len(rows) == 1 and rows[0][0].endswith("two-files") and len(rows[0][1]) == 64
