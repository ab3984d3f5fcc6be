"""Verdicts and results: what a run of a solution on a problem's tests produced.

Data flows one way: the sandbox yields a RunResult, a checker turns it into a
TestResult, and aggregate() turns TestResults into a SubmissionResult.
"""
from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from judge.scoring import Score


class Verdict(str, enum.Enum):
    AC = "AC"   # accepted
    WA = "WA"   # wrong answer
    TLE = "TLE"  # time limit exceeded (CPU or the wall-clock backstop)
    MLE = "MLE"  # memory limit exceeded
    RTE = "RTE"  # run-time error: non-zero exit status or killed by a signal
    OLE = "OLE"  # output limit exceeded
    CE = "CE"   # compilation error
    JE = "JE"   # judge error: a broken checker, validator or package

    def __str__(self) -> str:
        return self.value

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]

    @property
    def folder(self) -> str | None:
        """The solutions/<slug>/<folder>/ name of solutions expected to get this verdict."""
        return _FOLDERS.get(self)

    @classmethod
    def from_folder(cls, folder: str) -> "Verdict":
        for verdict, name in _FOLDERS.items():
            if name == folder:
                return verdict
        raise ValueError(f"unknown verdict folder {folder!r}; expected one of {', '.join(_FOLDERS.values())}")


_DESCRIPTIONS = {
    Verdict.AC: "accepted",
    Verdict.WA: "wrong answer",
    Verdict.TLE: "time limit exceeded",
    Verdict.MLE: "memory limit exceeded",
    Verdict.RTE: "run-time error",
    Verdict.OLE: "output limit exceeded",
    Verdict.CE: "compilation error",
    Verdict.JE: "judge error",
}

_FOLDERS = {
    Verdict.AC: "accepted",
    Verdict.WA: "wrong_answer",
    Verdict.TLE: "time_limit_exceeded",
    Verdict.RTE: "run_time_error",
    Verdict.MLE: "memory_limit_exceeded",
    Verdict.OLE: "output_limit_exceeded",
    Verdict.CE: "compile_error",
}


@dataclass
class TestResult:
    """The outcome of one program run on one test, after checking."""

    __test__ = False  # not a pytest test class

    name: str
    verdict: Verdict
    cpu_s: float = 0.0
    wall_s: float = 0.0
    memory_mib: float = 0.0
    message: str = ""
    exit_code: int | None = None
    signal: int | None = None
    # what the output validator wrote of scores (score.txt, score_multiplier.txt): name, text
    score_files: tuple[tuple[str, str], ...] = ()
    score: float | None = None   # a scoring problem's score of this test (see scoring.py)
    transcript: str | None = None  # an interactive test's conversation, when asked for (transcript.py)

    def to_dict(self) -> dict:
        d = asdict(self)
        del d["score_files"], d["transcript"]
        if self.score is None:
            del d["score"]
        d["verdict"] = self.verdict.value
        d["cpu_s"] = round(self.cpu_s, 4)
        d["wall_s"] = round(self.wall_s, 4)
        d["memory_mib"] = round(self.memory_mib, 2)
        return d


@dataclass
class SubmissionResult:
    """A solution judged on a problem: its overall verdict and every test's result."""

    problem: str
    solution: str
    language: str
    verdict: Verdict
    time_limit_s: float
    memory_limit_mib: int
    tests: list[TestResult] = field(default_factory=list)
    message: str = ""  # compile errors and other whole-submission notes
    sandbox: str = ""  # the isolation level the runs had
    runner: str = "cold"  # "warm": Python runs forked from a started interpreter
    interrupted: bool = False
    score: "Score | None" = None   # scoring problems only (see scoring.py)

    @property
    def max_cpu_s(self) -> float:
        return max((t.cpu_s for t in self.tests), default=0.0)

    @property
    def max_wall_s(self) -> float:
        return max((t.wall_s for t in self.tests), default=0.0)

    @property
    def max_memory_mib(self) -> float:
        return max((t.memory_mib for t in self.tests), default=0.0)

    def to_dict(self) -> dict:
        return {
            "problem": self.problem,
            "solution": self.solution,
            "language": self.language,
            "verdict": None if self.interrupted else self.verdict.value,  # a run that did not finish has none
            "time_limit_s": self.time_limit_s,
            "memory_limit_mib": self.memory_limit_mib,
            "sandbox": self.sandbox,
            "runner": self.runner,
            "message": self.message,
            "interrupted": self.interrupted,
            "max_cpu_s": round(self.max_cpu_s, 4),
            "max_memory_mib": round(self.max_memory_mib, 2),
            **(self.score.to_dict() if self.score is not None else {}),
            "tests": [t.to_dict() for t in self.tests],
        }


def aggregate(results: list[TestResult]) -> Verdict:
    """The first non-AC verdict in test order (Kattis); AC when every test passed."""
    for result in results:
        if result.verdict is not Verdict.AC:
            return result.verdict
    return Verdict.AC
