"""Scores of scoring problems: from the tests' verdicts (and what validators wrote in
score.txt / score_multiplier.txt) to group scores and the submission's score.

Two models, as the package's format version says:

- 2025-09 ("Result aggregation"): `secret` and its test data groups carry `max_score`,
  `score_aggregation` (pass-fail, sum, min) and `require_pass` in their
  test_group.yaml. A test's maximum is its group's (min) or the group's share (sum);
  an accepted test scores its maximum, or what the validator says; a failed test 0.
  Samples score nothing. The submission's score is secret's.
- legacy and 2023-07-draft (what problemtools reads, "Default grader specification"):
  data/ is a tree of groups, each with testdata.yaml keys inherited from its parent
  (`on_reject`, `grader_flags`, `accept_score`, `reject_score`, `range`); the default
  grader aggregates each group's sub-results into a verdict and a score, and the root's
  are the submission's (so `accept_if_any_accepted` can make a partial run Accepted).

Every rule the spec calls a judge error (a score file on a rejected test, a score over
its maximum, ...) makes the result JE with the rule in its message. Data flows one way:
TestResults in, a Score out; nothing here runs a program.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from judge.errors import PackageError
from judge.verdicts import TestResult, Verdict

EPSILON = 1e-6  # scores are floats from text files: compared with a little slack
SCORE_TXT, MULTIPLIER_TXT = "score.txt", "score_multiplier.txt"


@dataclass(frozen=True)
class GroupScore:
    name: str                    # "secret", "secret/group1"; legacy: "data", "data/secret", ...
    score: float
    max_score: float | None      # None: unbounded
    verdict: Verdict
    note: str = ""               # e.g. why it was not scored


@dataclass(frozen=True)
class Score:
    """A submission's score on a scoring problem."""

    score: float
    max_score: float | None      # None: unbounded
    verdict: Verdict             # legacy: the default grader's; 2025-09: the first failure's
    groups: tuple[GroupScore, ...] = ()
    tests: dict[str, float] = field(default_factory=dict)   # test name -> its score
    error: str = ""              # a judge error: why no score could be given

    @property
    def full(self) -> bool:
        return self.max_score is not None and abs(self.score - self.max_score) <= EPSILON

    def of(self, group: str) -> float | None:
        """The score of a group by its name below data/ ("secret", "secret/group1")."""
        for entry in self.groups:
            if entry.name == group or entry.name == f"data/{group}":
                return entry.score
        return None

    def to_dict(self) -> dict:
        return {"score": _round(self.score), "max_score": None if self.max_score is None else _round(self.max_score),
                "groups": [{"name": g.name, "score": _round(g.score),
                            "max_score": None if g.max_score is None else _round(g.max_score),
                            "verdict": g.verdict.value, **({"note": g.note} if g.note else {})} for g in self.groups],
                **({"error": self.error} if self.error else {})}


def _round(value: float) -> float:
    return round(value, 6)


class ScoringError(Exception):
    """A judge error in the scores (the spec's rules); the submission's result becomes JE."""


def model(problem) -> "Spec2025 | Legacy":
    """The scoring model of a scoring problem's package (see the module's docstring)."""
    from judge.package import is_legacy

    version = str(problem.config.get("problem_format_version") or "")
    if is_legacy(problem.config) or version.startswith("2023-07"):
        return Legacy(problem)
    return Spec2025(problem)


def score(problem, results: list[TestResult]) -> Score:
    """The score of these results (in test order; tests never run count as not accepted)."""
    try:
        return model(problem).score(results)
    except ScoringError as exc:
        return Score(0.0, None, Verdict.JE, error=str(exc))


def _test_score(result: TestResult | None, maximum: float | None, pass_fail: bool) -> float:
    """A test's score from its verdict and the validator's score files (2025-09 rules)."""
    files = dict(result.score_files) if result is not None else {}
    name = result.name if result is not None else "?"
    if result is None or result.verdict is not Verdict.AC:
        if files:
            raise ScoringError(f"{name}: the validator rejected but wrote {', '.join(sorted(files))}")
        return 0.0
    if len(files) == 2:
        raise ScoringError(f"{name}: the validator wrote both {SCORE_TXT} and {MULTIPLIER_TXT}")
    if files and pass_fail:
        raise ScoringError(f"{name}: the validator wrote {next(iter(files))} in a pass-fail group")
    if MULTIPLIER_TXT in files:
        if maximum is None:
            raise ScoringError(f"{name}: {MULTIPLIER_TXT} in a group with unbounded max_score")
        multiplier = _number(files[MULTIPLIER_TXT], MULTIPLIER_TXT, name)
        if not 0 <= multiplier <= 1:
            raise ScoringError(f"{name}: {MULTIPLIER_TXT} must be in [0, 1], got {multiplier:g}")
        return multiplier * maximum
    if SCORE_TXT in files:
        value = _number(files[SCORE_TXT], SCORE_TXT, name)
        if value < 0 or (maximum is not None and value > maximum + EPSILON):
            raise ScoringError(f"{name}: {SCORE_TXT} says {value:g}, outside [0, {maximum if maximum is not None else 'inf'}]")
        return value
    if maximum is None:
        raise ScoringError(f"{name}: accepted in a group with unbounded max_score, but the validator wrote no {SCORE_TXT}")
    return maximum


def _number(text: str, what: str, test: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise ScoringError(f"{test}: {what} must hold one number, got {text.strip()[:40]!r}") from None
    if not math.isfinite(value):
        raise ScoringError(f"{test}: {what} must hold a finite number, got {text.strip()[:40]!r}")
    return value


def _first_failure(verdicts: list[Verdict]) -> Verdict:
    return next((v for v in verdicts if v is not Verdict.AC), Verdict.AC)


# --- 2025-09 ------------------------------------------------------------------------------------

AGGREGATIONS = ("pass-fail", "sum", "min")


@dataclass(frozen=True)
class _Group:
    name: str                    # below data/
    tests: tuple[str, ...]       # test names, in order
    max_score: float | None
    aggregation: str
    require_pass: tuple[str, ...]


class Spec2025:
    def __init__(self, problem):
        self.names = [t.name for t in problem.tests]
        data = problem.path / "data"
        secret_config = _group_yaml(data / "secret")
        self.secret = self._group(data, "secret", secret_config, [n for n in self.names if n.startswith("secret/")],
                                  default_max=100.0, default_aggregation="sum")
        direct = [n for n in self.secret.tests if n.count("/") == 1]
        self.groups: list[_Group] = []
        if not direct:  # secret holds test data groups: its direct folders
            for folder in sorted({n.split("/")[1] for n in self.secret.tests}):
                name = f"secret/{folder}"
                self.groups.append(self._group(data, name, _group_yaml(data / name),
                                               [n for n in self.secret.tests if n.startswith(name + "/")],
                                               default_max=None, default_aggregation="pass-fail"))
        for group in self.groups:
            if group.max_score is None and self.secret.max_score is not None:
                raise PackageError(f"{data / group.name}: test data group needs a max_score (secret's max_score is "
                                   f"{self.secret.max_score:g}, so no group may be unbounded)")
            if self.secret.aggregation == "pass-fail" and group.aggregation != "pass-fail":
                raise PackageError(f"{data / group.name}: secret has pass-fail aggregation, so must its groups")
        known = {"sample", *(g.name for g in self.groups)}
        for group in (self.secret, *self.groups):
            for required in group.require_pass:
                if required not in known or required >= group.name:
                    raise PackageError(f"{data / group.name}: require_pass names {required!r}, which is not sample "
                                       f"or an earlier test data group")

    @staticmethod
    def _group(data: Path, name: str, config: dict, tests: list[str], *, default_max, default_aggregation) -> _Group:
        where = data / name / "test_group.yaml"
        aggregation = config.get("score_aggregation", default_aggregation)
        if aggregation not in AGGREGATIONS:
            raise PackageError(f"{where}: score_aggregation must be pass-fail, sum or min, got {aggregation!r}")
        maximum = config.get("max_score", default_max)
        if maximum == "unbounded":
            maximum = None
        elif maximum is not None:
            if isinstance(maximum, bool) or not isinstance(maximum, (int, float)) or maximum < 0:
                raise PackageError(f"{where}: max_score must be a non-negative integer or unbounded, got {maximum!r}")
            maximum = float(maximum)
        if aggregation == "pass-fail" and maximum is None:
            raise PackageError(f"{where}: a pass-fail group needs a bounded max_score")
        required = config.get("require_pass", [])
        required = [required] if isinstance(required, str) else required
        if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            raise PackageError(f"{where}: require_pass must be a group name or a list of them, got {required!r}")
        return _Group(name, tuple(tests), maximum, aggregation, tuple(required))

    def score(self, results: list[TestResult]) -> Score:
        by_name = {r.name: r for r in results}
        passed = lambda names: all(by_name.get(n) is not None and by_name[n].verdict is Verdict.AC for n in names)
        group_tests = {"sample": [n for n in self.names if n.startswith("sample/")],
                       **{g.name: list(g.tests) for g in self.groups}}
        tests: dict[str, float] = {}
        entries: list[GroupScore] = []

        def blocking(group: _Group) -> list[str]:
            """The groups of its require_pass that were not wholly accepted."""
            return [r for r in group.require_pass if not passed(group_tests.get(r, []))]

        def note(blocked: list[str]) -> str:
            return f"not scored: requires every test of {', '.join(blocked)} accepted" if blocked else ""

        def scored(group: _Group, parts: list[tuple[str, float, Verdict]]) -> tuple[float, Verdict]:
            """Score and verdict of a group from its parts (name, score, verdict)."""
            verdict = _first_failure([v for _, _, v in parts])
            if group.aggregation == "pass-fail":
                value = (group.max_score or 0.0) if verdict is Verdict.AC and parts else 0.0
            elif group.aggregation == "sum":
                value = sum(s for _, s, _ in parts)
            else:
                value = min((s for _, s, _ in parts), default=0.0)
            if group.max_score is not None and value > group.max_score + EPSILON:
                raise ScoringError(f"{group.name}: score {value:g} is over its max_score {group.max_score:g}")
            return value, verdict

        def test_parts(group: _Group, blocked: list[str]) -> list[tuple[str, float, Verdict]]:
            share = None
            if group.max_score is not None:
                share = group.max_score / len(group.tests) if group.aggregation == "sum" and group.tests else group.max_score
            parts = []
            for name in group.tests:
                result = by_name.get(name)
                verdict = result.verdict if result is not None else Verdict.JE
                value = 0.0 if blocked else _test_score(result, share, group.aggregation == "pass-fail")
                if group.aggregation != "pass-fail":   # only tests of sum and min groups have scores
                    tests[name] = value
                parts.append((name, value, verdict if not blocked or verdict is not Verdict.AC else Verdict.WA))
            return parts

        if self.groups:
            parts = []
            for group in self.groups:
                blocked = blocking(group)
                value, verdict = scored(group, test_parts(group, blocked))
                entries.append(GroupScore(group.name, value, group.max_score, verdict, note(blocked)))
                parts.append((group.name, value, verdict))
        blocked = blocking(self.secret)
        total, verdict = scored(self.secret, parts if self.groups else test_parts(self.secret, blocked))
        if blocked:
            total = 0.0
        entries.insert(0, GroupScore("secret", total, self.secret.max_score, verdict, note(blocked)))
        overall = _first_failure([r.verdict for r in results])
        return Score(total, self.secret.max_score, overall, tuple(entries), tests)


def _group_yaml(folder: Path) -> dict:
    from judge.package import read_yaml

    return read_yaml(folder / "test_group.yaml")


# --- legacy (problemtools' default grader) --------------------------------------------------------

LEGACY_DEFAULTS = {"on_reject": "break", "grading": "default", "grader_flags": "", "accept_score": 1.0,
                   "reject_score": 0.0, "range": "-inf +inf"}
WORST_FIRST = ("JE", "RTE", "MLE", "TLE", "OLE", "WA", "AC")   # the default grader's order of errors


class Legacy:
    def __init__(self, problem):
        self.problem = problem
        self.data = problem.path / "data"
        grading = problem.config.get("grading") or {}
        if not isinstance(grading, dict):
            raise PackageError(f"{problem.path / 'problem.yaml'}: grading must be a mapping")
        self.objective = grading.get("objective", "max")
        if self.objective not in ("max", "min"):
            raise PackageError(f"{problem.path / 'problem.yaml'}: grading.objective must be min or max")
        # problem.yaml's grading keys win over every group's (as problemtools reads them)
        overrides = {k: grading[k] for k in ("accept_score", "reject_score", "range") if k in grading}
        if grading.get("on_reject") in ("first_error", "grade"):
            overrides["on_reject"] = "break" if grading["on_reject"] == "first_error" else "continue"
        self.tests = [t.name for t in problem.tests]
        # every group's settings, read and checked once: "data", "data/secret", "data/secret/g1", ...
        self.configs = {"data": self._config(self.data, dict(LEGACY_DEFAULTS), overrides)}
        for test in self.tests:
            parts = test.split("/")[:-1]
            for depth in range(1, len(parts) + 1):
                name = "/".join(["data", *parts[:depth]])
                if name not in self.configs:
                    parent = self.configs[name.rsplit("/", 1)[0]]
                    self.configs[name] = self._config(self.problem.path / name, parent, overrides)
        self.root = self.configs["data"]

    def _config(self, folder: Path, inherited: dict, overrides: dict) -> dict:
        from judge.package import read_yaml

        own = read_yaml(folder / "testdata.yaml")
        config = {**inherited, **own, **overrides}
        where = folder / "testdata.yaml"
        if config["on_reject"] not in ("break", "continue"):
            raise PackageError(f"{where}: on_reject must be break or continue, got {config['on_reject']!r}")
        if config["grading"] != "default":
            raise PackageError(f"{where}: grading: {config['grading']} (a custom grader) is not supported; "
                               f"only the default grader is")
        for key in ("accept_score", "reject_score"):
            try:
                config[key] = float(config[key])
            except (TypeError, ValueError):
                raise PackageError(f"{where}: {key} must be a number, got {config[key]!r}") from None
        config["range"] = _range(config["range"], where)
        config["grader_flags"] = str(config["grader_flags"] or "").split()
        return config

    def max_score(self) -> float | None:
        low, high = self.root["range"]
        best = high if self.objective == "max" else low
        return best if math.isfinite(best) else None

    def score(self, results: list[TestResult]) -> Score:
        by_name = {r.name: r for r in results}
        groups: list[GroupScore] = []
        tests: dict[str, float] = {}
        verdict, value = self._group(self.data, "data", self.root, by_name, groups, tests)
        return Score(value if verdict is Verdict.AC else 0.0, self.max_score(), verdict, tuple(groups), tests)

    def _group(self, folder: Path, name: str, config: dict, by_name: dict, groups: list, tests: dict):
        """(verdict, score) of one group: its children in name order, graded by the default grader."""
        prefix = name.removeprefix("data").lstrip("/")
        children: dict[str, str] = {}   # sort key -> "group" or "test"
        for test in self.tests:
            rest = test[len(prefix) + 1:] if prefix else test
            if prefix and not test.startswith(prefix + "/"):
                continue
            head = rest.split("/", 1)[0]
            children[head] = "group" if "/" in rest else "test"
        parts: list[tuple[Verdict, float]] = []
        for head in sorted(children):
            if children[head] == "group":
                part = self._group(folder / head, f"{name}/{head}", self.configs[f"{name}/{head}"], by_name,
                                   groups, tests)
            else:
                test = f"{prefix}/{head}" if prefix else head
                part = self._test(by_name.get(test), test, config)
                tests[test] = part[1]
            parts.append(part)
            if part[0] is not Verdict.AC and config["on_reject"] == "break":
                break
        verdict, value = _default_grader(parts, config["grader_flags"], name)
        low, high = config["range"]
        note = f"score {value:g} is outside the group's range [{low:g}, {high:g}]" \
            if not low - EPSILON <= value <= high + EPSILON else ""
        groups.append(GroupScore(name, value, high if math.isfinite(high) else None, verdict, note))
        return verdict, value

    @staticmethod
    def _test(result: TestResult | None, name: str, config: dict) -> tuple[Verdict, float]:
        if result is None:
            return Verdict.JE, 0.0   # never run (fail-fast): the grader cannot count it
        files = dict(result.score_files)
        if result.verdict is Verdict.AC and SCORE_TXT in files:
            return Verdict.AC, _number(files[SCORE_TXT], SCORE_TXT, name)
        return result.verdict, config["accept_score"] if result.verdict is Verdict.AC else config["reject_score"]


def _range(value, where: Path) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in str(value).split())
    except ValueError:
        raise PackageError(f"{where}: range must be two numbers (inf allowed), got {value!r}") from None
    if low > high:
        raise PackageError(f"{where}: range {value!r} has its minimum over its maximum")
    return low, high


def _default_grader(parts: list[tuple[Verdict, float]], flags: list[str], name: str) -> tuple[Verdict, float]:
    """problemtools' default grader: the verdict mode, score mode and flags of `grader_flags`."""
    if not parts:
        return Verdict.AC, 0.0
    if any(v is Verdict.JE for v, _ in parts):
        return Verdict.JE, 0.0
    verdict_mode, score_mode = "worst_error", "sum"
    for flag in flags:
        if flag in ("worst_error", "no_errors", "first_error", "always_accept"):
            verdict_mode = flag
        elif flag in ("sum", "avg", "min", "max"):
            score_mode = flag
        elif flag not in ("ignore_sample", "accept_if_any_accepted"):
            raise ScoringError(f"{name}: unknown grader flag {flag!r}")
    if "ignore_sample" in flags:
        if len(parts) > 2:
            raise ScoringError(f"{name}: ignore_sample is only for the root group (sample and secret)")
        parts = parts[-1:]
    verdicts = [v for v, _ in parts]
    scores = [s for _, s in parts]
    if "accept_if_any_accepted" in flags and Verdict.AC in verdicts:
        verdict = Verdict.AC
    elif verdict_mode == "always_accept":
        verdict = Verdict.AC
    elif verdict_mode == "first_error":
        verdict = _first_failure(verdicts)
    else:
        verdict = Verdict(min((v.value for v in verdicts), key=WORST_FIRST.index))
    value = {"sum": sum, "min": min, "max": max, "avg": lambda s: sum(s) / len(s)}[score_mode](scores)
    return verdict, value
