"""Output checkers: plug-ins with one small interface, found by name.

Each module in this package defines

    check(output: bytes, test: TestCase, spec: CheckerSpec) -> CheckResult

where `output` is the solution's standard output, `test` the test case (input,
answer, validator arguments) and `spec` says which checker and, for programs,
how to run it, and may define `warm_up()`, which imports what its first check would
(see warm_up below). Adding a checker is adding a module.
"""
from __future__ import annotations

import importlib
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from judge.package import TestCase
from judge.verdicts import Verdict


@dataclass(frozen=True)
class CheckerSpec:
    name: str                              # module name in judge.checkers
    program: tuple[str, ...] | None = None  # argv of a custom validator, already built
    folder: Path | None = None             # the validator's artifact folder (visible to its runs)
    options: tuple[tuple[str, object], ...] = ()  # checker settings, e.g. (("rtol", 1e-6),)


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict   # AC, WA or JE
    message: str = ""
    score_files: tuple[tuple[str, str], ...] = ()  # a validator's score.txt / score_multiplier.txt


def check(output: bytes, test: TestCase, spec: CheckerSpec) -> CheckResult:
    module = importlib.import_module(f"judge.checkers.{spec.name}")
    return module.check(output, test, spec)


def warm_up(spec: CheckerSpec) -> None:
    """Import the checker and what its first check needs (the arrays checker's NumPy: some 50 ms)
    in the background, while the first runs start: the first check then finds it done. Any
    failure is left for that check to report."""
    name = f"judge.checkers.{spec.name}"
    if name in sys.modules:
        return

    def load() -> None:
        try:
            module = importlib.import_module(name)
            getattr(module, "warm_up", lambda: None)()
        except Exception:  # the check itself says what is wrong
            pass
    threading.Thread(target=load, name="judge-checker-import", daemon=True).start()
