"""What each solution of a package is expected to get, and whether its results meet that.

One place for every source of expectations (problem package format 2025-09, section
"Example submissions"):

- the folder a submission sits in: accepted, rejected, wrong_answer,
  time_limit_exceeded, run_time_error, brute_force (the spec's defaults), and our own
  memory_limit_exceeded, output_limit_exceeded and compile_error;
- `submissions/submissions.yaml`: glob -> {permitted, required, message,
  use_for_time_limit, and the same per test group glob}; a key naming a default folder
  overrides that folder's keys, any other glob adds requirements;
- a DOMjudge `@EXPECTED_RESULTS@: A, B` comment in the source, for a submission no
  folder or glob gives a meaning (as DOMjudge, it is ignored elsewhere).

Every matching rule must hold: each test's verdict is in the rule's `permitted` set
(for the tests its glob covers) and at least one covered test has a verdict in its
`required` set. The spec knows four verdicts. The judge's MLE satisfies RTE (a run
killed at the memory limit is a run-time error to the spec, and problemtools reports
it so). OLE is none of the four: problemtools gives it its own verdict, which meets
no expectation, so a run over the output limit fails every rule but our
output_limit_exceeded folder's. A submission that does not compile meets only a
compile_error folder or a COMPILER-ERROR tag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from typing import TYPE_CHECKING

from judge.errors import PackageError
from judge.verdicts import Verdict

if TYPE_CHECKING:
    from judge.scoring import Score

SPEC = {"AC": {Verdict.AC}, "WA": {Verdict.WA}, "TLE": {Verdict.TLE}, "RTE": {Verdict.RTE, Verdict.MLE}}
ALL = frozenset().union(*SPEC.values())
DOMJUDGE = {"CORRECT": "AC", "ACCEPTED": "AC", "WRONG-ANSWER": "WA", "WRONG_ANSWER": "WA", "NO-OUTPUT": "WA",
            "TIMELIMIT": "TLE", "TIME_LIMIT_EXCEEDED": "TLE", "RUN-ERROR": "RTE", "RUN_TIME_ERROR": "RTE",
            "OUTPUT-LIMIT": "OLE", "COMPILER-ERROR": "CE", "CHECK-MANUALLY": None}
TAG = re.compile(r"@EXPECTED_RESULTS@:[ \t]*([A-Za-z_-]+(?:[ \t]*,[ \t]*[A-Za-z_-]+)*)", re.IGNORECASE)
METADATA_KEYS = ("language", "entrypoint", "authors", "model_solution")
RULE_KEYS = ("permitted", "required", "message", "use_for_time_limit", "score")


def _spec(*names: str) -> frozenset[Verdict]:
    return frozenset().union(*(SPEC[n] for n in names))


# The spec's default folders (2025-09, "Default directories"), then ours.
FOLDERS: dict[str, dict] = {
    "accepted": {"permitted": ["AC"]},
    "rejected": {"required": ["RTE", "TLE", "WA"]},
    "wrong_answer": {"permitted": ["AC", "WA"], "required": ["WA"]},
    "time_limit_exceeded": {"permitted": ["AC", "TLE"], "required": ["TLE"]},
    "run_time_error": {"permitted": ["AC", "RTE"], "required": ["RTE"]},
    "brute_force": {"permitted": ["AC", "RTE", "TLE"], "required": ["RTE", "TLE"]},
}
OWN_FOLDERS = {  # the judge's own finer verdicts, for solutions/<slug>/<folder>/
    "memory_limit_exceeded": (frozenset({Verdict.AC, Verdict.MLE}), frozenset({Verdict.MLE}), Verdict.MLE),
    "output_limit_exceeded": (frozenset({Verdict.AC, Verdict.OLE}), frozenset({Verdict.OLE}), Verdict.OLE),
}


@dataclass(frozen=True)
class Rule:
    """One requirement on the verdicts of the tests its glob covers (all tests if None)."""

    origin: str                          # where it comes from, for messages
    permitted: frozenset[Verdict] = ALL
    required: frozenset[Verdict] = ALL
    tests: re.Pattern | None = None
    message: str | None = None
    time_limit: str | None = None        # "lower", "upper" or None: how it bounds the time limit
    score: tuple[float, float] | None = None  # scoring problems: the score of the submission (tests
                                              # None) or of each test group the glob names, in [lo, hi]

    def covers(self, test: str) -> bool:
        return self.tests is None or self.tests.match(test) is not None


@dataclass(frozen=True)
class Expectation:
    """Everything one submission must satisfy."""

    label: str                           # shown as "expected": AC, WA, ..., or the rules' gist
    rules: tuple[Rule, ...] = ()
    compile_error: bool = False          # may fail to compile (and then must)
    known: bool = True                   # False: no folder, glob or tag gives it a meaning
    partial: bool = False                # legacy partially_accepted: Accepted, but not the full score
    language: str | None = None          # submissions.yaml `language`: its language code, not the extension's
    entrypoint: str | None = None        # submissions.yaml `entrypoint`: a folder's entry file

    @property
    def accepted(self) -> bool:
        return any(r.tests is None and r.permitted == {Verdict.AC} for r in self.rules)

    @property
    def bounds(self) -> str | None:
        """"lower" if its run times bound the time limit from below, "upper" from above."""
        kinds = {r.time_limit for r in self.rules if r.tests is None and r.time_limit}
        return "upper" if "upper" in kinds else "lower" if kinds else None

    def problems(self, verdicts: list[tuple[str, Verdict]], messages: dict[str, str] | None = None,
                 score: "Score | None" = None, unrun: tuple[str, ...] = ()) -> list[str]:
        """Why these per-test verdicts (and a scoring problem's score) miss the expectation
        (empty: they meet it). `unrun` are tests not judged (judging stopped at the first
        failure, as problemtools and BAPCtools do): a rule covering one of them may still be
        met there, so its `required` and `message` are not held against it (BAPCtools' rule
        for skipped cases)."""
        found = _score_problems(self, score)
        for rule in self.rules:
            covered = [(name, v) for name, v in verdicts if rule.covers(name)]
            open_ = any(rule.covers(name) for name in unrun)
            bad = [(name, v) for name, v in covered if v not in rule.permitted]
            if bad:
                name, v = bad[0]
                found.append(f"{v.value} on {name}, not permitted by {rule.origin} "
                             f"(permitted: {_names(rule.permitted)})")
            elif covered and not open_ and not any(v in rule.required for _, v in covered):
                found.append(f"never gets {_names(rule.required)} as {rule.origin} requires")
            if rule.message and messages is not None and not open_ and not any(
                    rule.message in messages.get(name, "") for name, _ in covered):
                found.append(f"no judge message contains {rule.message!r} as {rule.origin} requires")
        return found


def _score_problems(expectation: Expectation, score: "Score | None") -> list[str]:
    found = []
    if expectation.partial:
        if score is None:
            found.append("partially_accepted is for scoring problems only")
        elif score.verdict is not Verdict.AC:
            found.append(f"graded {score.verdict.value}, but partially_accepted must be Accepted")
        elif score.full:
            found.append(f"full score {score.score:g}, but partially_accepted must not reach it")
    for rule in expectation.rules:
        if rule.score is None:
            continue
        low, high = rule.score
        if score is None:
            found.append(f"{rule.origin} expects a score, but the problem is not a scoring problem")
            continue
        if score.error:
            continue   # the judge error is reported as the result
        named = [("the submission", score.score)] if rule.tests is None else \
            [(g.name.removeprefix("data/"), g.score) for g in score.groups if rule.covers(g.name.removeprefix("data/"))]
        for what, value in named:
            if not low - 1e-6 <= value <= high + 1e-6:
                span = f"{low:g}" if low == high else f"[{low:g}, {high:g}]"
                found.append(f"{what} scored {value:g}, but {rule.origin} expects {span}")
    return found


def _names(verdicts: frozenset[Verdict]) -> str:
    names = [n for n, vs in SPEC.items() if vs <= verdicts]
    names += [v.value for v in verdicts if v not in ALL]
    return ", ".join(names) or "nothing"


def glob_pattern(glob: str) -> re.Pattern:
    """A spec glob: `*` within one name, {a,b} alternatives; it matches a path or any parent."""
    parts = re.split(r"\{([^{}]*)\}", glob.removesuffix("/"))
    regex = "".join(re.escape(p).replace(r"\*", "[^/]*") if i % 2 == 0 else
                    "(" + "|".join(re.escape(a.strip()).replace(r"\*", "[^/]*") for a in p.split(",")) + ")"
                    for i, p in enumerate(parts))
    return re.compile(f"^{regex}(/|$)")


def _verdicts(value, key: str, where: str) -> frozenset[Verdict]:
    if not isinstance(value, list) or not value or not all(v in SPEC for v in value):
        raise PackageError(f"{where}: {key} must be a list of AC, WA, TLE, RTE, got {value!r}")
    return _spec(*value)


def _rule(entry: dict, origin: str, where: str, tests: re.Pattern | None = None) -> Rule:
    permitted = _verdicts(entry["permitted"], "permitted", where) if "permitted" in entry else ALL
    required = _verdicts(entry["required"], "required", where) if "required" in entry else ALL
    use = entry.get("use_for_time_limit")
    if use not in (None, True, False, "lower", "upper"):
        raise PackageError(f"{where}: use_for_time_limit must be true, false, lower or upper, got {use!r}")
    if use is None or use is True:
        kind = "upper" if required == {Verdict.TLE} else None if Verdict.TLE in permitted else "lower"
    else:
        kind = use or None
    message = entry.get("message")
    if message is not None and not isinstance(message, str):
        raise PackageError(f"{where}: message must be a string, got {message!r}")
    return Rule(origin, permitted, required, tests, message, kind, _score_range(entry.get("score"), where))


def _score_range(value, where: str) -> tuple[float, float] | None:
    """A submissions.yaml `score`: a number, or a list [low, high]."""
    if value is None:
        return None
    numbers = value if isinstance(value, list) else [value]
    if len(numbers) not in (1, 2) or not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers) \
            or numbers[0] > numbers[-1]:
        raise PackageError(f"{where}: score must be a number or a list [low, high], got {value!r}")
    return float(numbers[0]), float(numbers[-1])


def _entry_rules(glob: str, entry: dict, where: Path, origin: str) -> list[Rule]:
    here = f"{where}: {glob}"
    if not isinstance(entry, dict):
        raise PackageError(f"{here}: expected a mapping of keys to values, got {entry!r}")
    rules = [_rule(entry, origin, here)]
    for key, value in entry.items():
        if key in METADATA_KEYS or key in RULE_KEYS:
            continue
        if not isinstance(key, str) or not isinstance(value, dict):
            raise PackageError(f"{here}: {key!r}: expected a test group glob with a mapping of requirements")
        rules.append(_rule(value, f"submissions.yaml `{glob}: {key}`", f"{here}: {key}", glob_pattern(key)))
    return rules


class Expectations:
    """The expectations of one package: defaults, its submissions.yaml, and tags."""

    def __init__(self, submissions_yaml: dict | None = None, where: Path = Path("submissions.yaml")):
        entries: dict[str, dict] = {k: dict(v) for k, v in FOLDERS.items()}
        origins = {k: f"the folder {k}/" for k in FOLDERS}
        for glob, entry in (submissions_yaml or {}).items():
            if not isinstance(glob, str):
                raise PackageError(f"{where}: keys must be submission globs (strings), got {glob!r}")
            if not isinstance(entry, dict):
                raise PackageError(f"{where}: {glob}: expected a mapping of keys to values, got {entry!r}")
            # a default folder's key is overridden key by key (the spec: the rest is inherited)
            entries[glob] = {**entries.get(glob.removesuffix("/"), {}), **entry}
            origins[glob] = f"submissions.yaml `{glob}`"
        self.entries = [(glob_pattern(glob), glob, _entry_rules(glob, entry, where, origins[glob]))
                        for glob, entry in entries.items()]
        self.metadata = [(glob_pattern(glob), _metadata(glob, entry, where)) for glob, entry in entries.items()]

    def of(self, relative: str, source: Path | None = None) -> Expectation:
        """The expectation of a submission at `relative` (its path below its submissions root),
        with the language and entry point submissions.yaml gives it (a later glob wins)."""
        found: dict[str, str] = {}
        for pattern, metadata in self.metadata:
            if pattern.match(relative):
                found.update(metadata)
        expectation = self._of(relative, source)
        return replace(expectation, **found) if found else expectation

    def _of(self, relative: str, source: Path | None) -> Expectation:
        folder = relative.split("/", 1)[0]
        if folder == "compile_error":
            return Expectation("CE", compile_error=True)
        if folder in OWN_FOLDERS:
            permitted, required, verdict = OWN_FOLDERS[folder]
            return Expectation(verdict.value, (Rule(f"folder {folder}", permitted, required, time_limit="lower"),))
        rules = [rule for pattern, _, entry_rules in self.entries if pattern.match(relative) for rule in entry_rules]
        if rules:
            return Expectation(_label(rules), tuple(rules))
        if folder == "partially_accepted":   # legacy: Accepted with less than the full score
            return Expectation("PAC", partial=True)
        tagged = expected_results(source) if source is not None else None
        if tagged is not None:
            return tagged
        return Expectation("-", known=False)


def _metadata(glob: str, entry: dict, where: Path) -> dict[str, str]:
    """The `language` and `entrypoint` an entry sets."""
    found = {}
    for key in ("language", "entrypoint"):
        if key in entry:
            value = entry[key]
            if not isinstance(value, str) or not value.strip():
                raise PackageError(f"{where}: {glob}: {key} must be a non-empty string, got {value!r}")
            found[key] = value.strip()
    return found


def _label(rules: list[Rule]) -> str:
    """The gist of the rules on all tests: the verdict they require, else the ones they permit."""
    root = [r for r in rules if r.tests is None]
    required = frozenset.intersection(*(r.required for r in root)) if root else ALL
    permitted = frozenset.intersection(*(r.permitted for r in root)) if root else ALL
    for verdicts in (required, permitted):
        names = [n for n, vs in SPEC.items() if vs <= verdicts]
        if len(names) == 1:
            return names[0]
    if required != ALL:
        return "|".join(n for n, vs in SPEC.items() if vs <= required)
    return "|".join(n for n, vs in SPEC.items() if vs <= permitted) or "nothing"


def expected_results(source: Path) -> Expectation | None:
    """A DOMjudge `@EXPECTED_RESULTS@: A, B` tag in any file of the submission, or None."""
    files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
    for path in files:
        try:
            match = TAG.search(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if not match:
            continue
        names = {DOMJUDGE.get(word.strip().upper(), "?") for word in match[1].split(",") if word.strip()}
        if "?" in names:
            raise PackageError(f"{path}: @EXPECTED_RESULTS@: {match[1].strip()}: unknown result; use CORRECT, "
                               f"WRONG-ANSWER, NO-OUTPUT, TIMELIMIT, RUN-ERROR, OUTPUT-LIMIT, COMPILER-ERROR")
        verdicts = frozenset().union(*(SPEC.get(n, {Verdict.OLE} if n == "OLE" else set()) for n in names))
        failing = verdicts - {Verdict.AC}
        rule = Rule("@EXPECTED_RESULTS@", verdicts | {Verdict.AC}, failing if "AC" not in names else ALL)
        return Expectation("|".join(sorted(n for n in names if n)), (rule,) if verdicts else (),
                           compile_error="CE" in names)
    return None


def load(package: Path) -> Expectations:
    """The package's expectations: the defaults and its submissions/submissions.yaml."""
    from judge.package import read_yaml

    path = package / "submissions" / "submissions.yaml"
    return Expectations(read_yaml(path) if path.is_file() else None, path)
