"""Benchmarks time the judge as an installed copy runs: with its modules' bytecode compiled.
pip compiles it when it installs a package; a checkout run where PYTHONDONTWRITEBYTECODE is
set (as on the project's machine) would otherwise compile every module of the judge at every
start, about 50 ms that no installed judge spends."""
from __future__ import annotations

import compileall
from pathlib import Path

JUDGE = Path(__file__).resolve().parent.parent / "judge"


def compile_judge() -> None:
    compileall.compile_dir(JUDGE, quiet=1)


if __name__ == "__main__":  # python3 benchmarks/bytecode.py: compile it once by hand
    compile_judge()
