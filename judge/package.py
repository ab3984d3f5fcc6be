"""Load a problem package in the ICPC/Kattis problem package format.

Both the legacy layout and the 2025-09 one are read:

    problem.yaml                    name, limits, validation / validator_flags (legacy)
    statement/problem.en.md         (2025-09) or problem_statement/ (legacy)
    data/sample/*.in|.ans           samples, run first
    data/secret/**/*.in|.ans        secret tests, nested groups in lexicographic order
    data/**/test_group.yaml         output_validator_args, input_validator_args (a list, or a map
                                    validator -> list) (2025-09); testdata.yaml with
                                    output_validator_flags / input_validator_flags (legacy)
    data/**/<test>.yaml             the same keys for one test
    limits.time_multipliers         ac_to_time_limit, time_limit_to_tle (legacy: time_multiplier,
                                    time_safety_margin), time_resolution: Problem.timing
    input_validators/               programs: exit 42 = valid input, 43 = invalid
    output_validator/               (2025-09) or output_validators/ (legacy): custom checker
    submissions/<verdict>/          a package's own solutions

A folder with data/ but no problem.yaml loads with the format's defaults (and a note
saying so). Our own problems keep their solutions beside the package, in
``<repo>/solutions/<slug>/<verdict>/``. Extensions of ours live under the
``x-judge`` key of problem.yaml, which other tools ignore.
"""
from __future__ import annotations

import math
import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from judge import constants
from judge.errors import PackageError, UserError
from judge.verdicts import Verdict

# Defaults of the problem package format specification.
DEFAULT_MEMORY_MIB = 2048
DEFAULT_OUTPUT_MIB = 8
# Used only where a package states no time limit at all (`judge verify` derives one from
# the accepted solutions, as verifyproblem does; `judge run --time-limit` overrides).
FALLBACK_TIME_LIMIT_S = 1.0
LEGACY_VERSIONS = (None, "legacy", "")
FORMAT_VERSIONS = ("legacy", "2023-07-draft", "2023-07", "2025-09", "draft")  # problem_format_version
MAX_TIME_LIMIT_S = 3600.0  # a time limit above an hour is a typo (and 1e30 s overflows every timer)

EXTENSION_KEY = "x-judge"
TEST_GROUP_FILES = ("test_group.yaml", "testdata.yaml")
SOLUTION_DIRS = ("accepted", "wrong_answer", "time_limit_exceeded", "run_time_error",
                 "memory_limit_exceeded", "output_limit_exceeded", "compile_error")

_REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Timing:
    """The time limit's safety margins: limit >= ac_to_time_limit x the slowest accepted run,
    and a time_limit_exceeded run > time_limit_to_tle x limit; a derived limit is a whole
    multiple of time_resolution. 2025-09: limits.time_multipliers (defaults 2 and 1.5);
    legacy: limits.time_multiplier and time_safety_margin (defaults 5 and 2, as problemtools)."""

    ac_to_time_limit: float = 2.0
    time_limit_to_tle: float = 1.5
    time_resolution: float = 1.0

    def derive(self, slowest_s: float) -> float:
        """The smallest multiple of the resolution (at least one) that is ac_to_time_limit x slowest_s."""
        steps = max(1, math.ceil(round(slowest_s * self.ac_to_time_limit / self.time_resolution, 9)))
        return steps * self.time_resolution


@dataclass(frozen=True)
class TestCase:
    """One test: an input and the judge's answer that share a base name."""

    __test__ = False  # not a pytest test class

    name: str                 # path below data/ without extension, e.g. "secret/group1/03-big"
    input: Path
    answer: Path
    validator_args: tuple[str, ...] = ()
    # input_validator_args: ("", args) for every validator, (name, args) for the one so named
    input_validator_args: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def input_args(self, validator: str) -> tuple[str, ...]:
        """The arguments of the input validator named `validator` (file or folder name, no extension)."""
        found = dict(self.input_validator_args)
        return found.get(validator, found.get("", ()))

    @property
    def is_sample(self) -> bool:
        return self.name.startswith("sample/")


@dataclass(frozen=True)
class Solution:
    """A solution file shipped with a problem and the verdict its folder promises."""

    path: Path
    expected: Verdict | None  # None for folders with no single verdict (e.g. "rejected")


@dataclass
class Problem:
    path: Path
    slug: str
    name: str
    time_limit_s: float
    time_limit_source: str      # "problem.yaml", ".timelimit" or "default"
    memory_mib: int
    output_mib: int
    tests: list[TestCase]
    timing: Timing = field(default_factory=Timing)
    notes: list[str] = field(default_factory=list)   # what loading noticed and judged around
    output_validator: Path | None = None     # a file or a directory holding one program
    input_validators: list[Path] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    extensions: dict = field(default_factory=dict)
    config: dict = field(default_factory=dict)
    interactive: bool = False                # the submission talks to the output validator (see interaction.py)
    multi_pass: bool = False                 # the validator may ask for another pass (nextpass.in, see passes.py)
    validation_passes: int = 2               # limits.validation_passes: the most passes of a multi-pass test
    scoring: bool = False                    # tests and groups earn scores (see scoring.py)

    @property
    def constants(self) -> dict[str, str]:
        """problem.yaml's constants, as the text each {{name}} sequence becomes (constants.py)."""
        return constants.parse(self.config, self.path / "problem.yaml")

    @property
    def samples(self) -> list[TestCase]:
        return [t for t in self.tests if t.is_sample]

    @property
    def statement(self) -> Path | None:
        for folder in ("statement", "problem_statement"):
            for name in ("problem.en.md", "problem.md", "problem.en.tex", "problem.tex"):
                candidate = self.path / folder / name
                if candidate.is_file():
                    return candidate
        return None

    @property
    def editorial(self) -> Path | None:
        for name in ("solution.en.md", "solution.md"):
            candidate = self.path / "solution" / name
            if candidate.is_file():
                return candidate
        return None

    def solution_roots(self) -> list[Path]:
        """Where solutions live: <repo>/solutions/<slug>/ and the package's submissions/."""
        return [root for root in (self.path.parent.parent / "solutions" / self.slug, self.path / "submissions")
                if root.is_dir()]

    def solutions(self) -> list[Solution]:
        """Every solution: each file or folder (a multi-file program) in a folder of a root."""
        found: list[Solution] = []
        for root in self.solution_roots():
            for folder in sorted(p for p in root.iterdir() if p.is_dir()):
                try:
                    expected = Verdict.from_folder(folder.name)
                except ValueError:
                    expected = None
                for path in sorted(folder.iterdir()):
                    if not path.name.startswith(".") and (path.is_file() or path.is_dir()):
                        found.append(Solution(path, expected))
        return found


def problem_roots() -> list[Path]:
    """Where a bare problem name is looked up: ./problems, then the repository's problems/."""
    roots: list[Path] = []
    for root in (Path("problems"), _REPO_ROOT / "problems"):
        if root.is_dir() and all(root.resolve() != r.resolve() for r in roots):
            roots.append(root)
    return roots


def problem_folders() -> list[Path]:
    """Every problem folder of the roots, by name; a name in ./problems hides its namesake."""
    found: dict[str, Path] = {}
    for root in problem_roots():
        for folder in sorted(root.iterdir()):
            if folder.is_dir() and not folder.name.startswith((".", "_")):
                found.setdefault(folder.name, folder)
    return [found[name] for name in sorted(found)]


def resolve_problem_path(spec: str | os.PathLike) -> Path:
    """A path to a package, or a bare name meaning problems/<name> (here or in the repository)."""
    path = Path(spec)
    if (path / "problem.yaml").is_file() or (path / "data").is_dir():
        return path
    if len(path.parts) == 1:
        for root in problem_roots():
            if (root / path / "problem.yaml").is_file():
                return root / path
    if path.is_dir():
        raise PackageError(f"{path}: not a problem package (no problem.yaml and no data/ in it)")
    raise UserError(f"problem {str(spec)!r} not found: give a package folder or the name of one in problems/")


def load_problem_yaml(spec: str | os.PathLike) -> Problem:
    """problem.yaml alone, fast: for listing and showing problems, never for judging.

    The tests are not scanned (``tests`` is empty) and no validator is looked for;
    judge with load_problem().
    """
    path = resolve_problem_path(spec).resolve()
    notes = []
    if (path / "problem.yaml").is_file():
        config = read_yaml(path / "problem.yaml", required=True)
    elif (path / "problem.yaml").exists():
        raise PackageError(f"{path / 'problem.yaml'} is not a file: make it the package's YAML file")
    else:  # a folder people keep with only data/ (and maybe submissions/, validators)
        config = {}
        notes.append(f"no problem.yaml: judged with the format's defaults (legacy, pass-fail, default output "
                     f"validator, memory {DEFAULT_MEMORY_MIB} MiB, output {DEFAULT_OUTPUT_MIB} MiB, "
                     f"time limit derived from the accepted solutions)")
    limits = config.get("limits") or {}
    if not isinstance(limits, dict):
        raise PackageError(f"{path / 'problem.yaml'}: 'limits' must be a mapping")
    interactive, multi_pass, scoring = _kind(config)
    time_limit, source = _time_limit(path, limits)
    version = config.get("problem_format_version")
    if version is not None and str(version) not in FORMAT_VERSIONS:
        raise PackageError(f"{path / 'problem.yaml'}: unknown problem_format_version {version!r}; "
                           f"known: {', '.join(FORMAT_VERSIONS)}")
    name = config.get("name", path.name)
    if isinstance(name, dict):  # 2025-09: a map from language code to name
        name = name.get("en") or next(iter(name.values()), path.name)
    if not isinstance(name, (str, int, float)) or isinstance(name, bool):
        raise PackageError(f"{path / 'problem.yaml'}: name must be a text, or a map from language code to "
                           f"text, got {name!r}")
    keywords = config.get("keywords") or []
    if not isinstance(keywords, list):  # legacy: space-separated words
        keywords = str(keywords).split()
    extensions = config.get(EXTENSION_KEY) or {}
    return Problem(
        path=path, slug=path.name, name=str(name), time_limit_s=time_limit, time_limit_source=source,
        memory_mib=int(_positive_number(limits.get("memory", DEFAULT_MEMORY_MIB), "limits.memory", path, whole=True)),
        output_mib=int(_positive_number(limits.get("output", DEFAULT_OUTPUT_MIB), "limits.output", path, whole=True)),
        tests=[], keywords=[str(k) for k in keywords], timing=_timing(path, config, limits), notes=notes,
        extensions=extensions if isinstance(extensions, dict) else {}, config=config, interactive=interactive,
        multi_pass=multi_pass, scoring=scoring,
        validation_passes=int(_positive_number(limits.get("validation_passes", 2), "limits.validation_passes", path,
                                               whole=True)))


def load_problem(spec: str | os.PathLike) -> Problem:
    """The whole package: problem.yaml, every test, the validators."""
    problem = load_problem_yaml(spec)
    legacy_flags = _split_args(problem.config.get("validator_flags", ""), "validator_flags", problem.path)
    problem.tests = constants.in_tests(_find_tests(problem.path / "data", legacy_flags), problem.constants)
    if not problem.tests:
        raise PackageError(f"{problem.path}: no tests found (expected data/sample/*.in and data/secret/*.in "
                           f"with .ans files)")
    problem.output_validator = _output_validator(problem.path, problem.config)
    if (problem.interactive or problem.multi_pass) and problem.output_validator is None:
        kind = "an interactive" if problem.interactive else "a multi-pass"
        raise PackageError(f"{problem.path}: {kind} problem needs its output validator in output_validator/")
    problem.input_validators = (_programs_in(problem.path / "input_validators")
                                + _programs_in(problem.path / "input_format_validators"))
    if problem.scoring:
        from judge import scoring

        scoring.model(problem)  # its groups' settings are checked now, before any run
    return problem


def read_yaml(path: Path, *, required: bool = False) -> dict:
    if not path.is_file():
        if required:
            raise PackageError(f"{path.parent}: not a problem package (no problem.yaml in it)")
        return {}
    import yaml  # imported here: only package loading needs it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PackageError(f"{path}: malformed YAML ({first}); fix the file and try again") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PackageError(f"{path}: expected a mapping of keys to values at the top level")
    return data


def _positive_number(value, key: str, path: Path, *, whole: bool = False, most: float = math.inf) -> float:
    """A finite number > 0 (a whole one if `whole`, at most `most`). Raises PackageError."""
    try:
        number = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or not math.isfinite(number):
        raise PackageError(f"{path / 'problem.yaml'}: {key} must be a {'' if number is None else 'finite '}"
                           f"number, got {value!r}")
    if not number > 0 or (whole and not number.is_integer()) or number > most:
        kind = "a whole number" if whole else "a number"
        bound = f" and at most {most:g}" if most < math.inf else ""
        raise PackageError(f"{path / 'problem.yaml'}: {key} must be {kind} above 0{bound}, got {value!r}")
    return number


def is_legacy(config: dict) -> bool:
    version = config.get("problem_format_version")
    return (str(version) if version is not None else None) in LEGACY_VERSIONS


def _timing(path: Path, config: dict, limits: dict) -> Timing:
    if is_legacy(config):
        ac, tle = limits.get("time_multiplier", 5.0), limits.get("time_safety_margin", 2.0)
        ac_key, tle_key = "limits.time_multiplier", "limits.time_safety_margin"
    else:
        multipliers = limits.get("time_multipliers") or {}
        if not isinstance(multipliers, dict):
            raise PackageError(f"{path / 'problem.yaml'}: limits.time_multipliers must be a mapping")
        ac, tle = multipliers.get("ac_to_time_limit", 2.0), multipliers.get("time_limit_to_tle", 1.5)
        ac_key, tle_key = "limits.time_multipliers.ac_to_time_limit", "limits.time_multipliers.time_limit_to_tle"
    return Timing(_positive_number(ac, ac_key, path), _positive_number(tle, tle_key, path),
                  _positive_number(limits.get("time_resolution", 1.0), "limits.time_resolution", path))


def _time_limit(path: Path, limits: dict) -> tuple[float, str]:
    if "time_limit" in limits:
        return (_positive_number(limits["time_limit"], "limits.time_limit", path, most=MAX_TIME_LIMIT_S),
                "problem.yaml")
    marker = path / ".timelimit"  # written by DOMjudge / BAPCtools for legacy packages
    if marker.is_file():
        try:
            seconds = float(marker.read_text().split()[0])
        except (ValueError, IndexError, UnicodeDecodeError):
            seconds = math.nan
        if not (math.isfinite(seconds) and 0 < seconds <= MAX_TIME_LIMIT_S):
            raise PackageError(f"{marker}: expected a number of seconds above 0 and at most {MAX_TIME_LIMIT_S:g}")
        return seconds, ".timelimit"
    return FALLBACK_TIME_LIMIT_S, "default"


def _split_args(value, key: str, where: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        try:
            return tuple(shlex.split(value))
        except ValueError as exc:
            raise PackageError(f"{where}: {key}: {exc} in {value!r}") from None
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    raise PackageError(f"{where}: {key} must be a string or a list, got {value!r}")


InputArgs = tuple[tuple[str, tuple[str, ...]], ...]


def _input_args(value, key: str, where: Path) -> InputArgs:
    """input_validator_args (a list for every validator, or a map name -> list) or the legacy
    input_validator_flags (a string for every validator, or {name, flags})."""
    if isinstance(value, dict) and key == "input_validator_flags":
        return ((str(value.get("name", "")), _split_args(value.get("flags", ""), key, where)),)
    if isinstance(value, dict):
        return tuple((str(name), _split_args(args, f"{key}.{name}", where)) for name, args in value.items())
    return (("", _split_args(value, key, where)),)


def _configured(config: dict, where: Path, output: tuple[str, ...], inputs: InputArgs):
    """The output and input validator arguments a test_group.yaml or a test's .yaml sets
    (a key it sets replaces the inherited value wholesale)."""
    for key in ("output_validator_args", "output_validator_flags"):
        if key in config:
            output = _split_args(config[key], key, where)
            break
    for key in ("input_validator_args", "input_validator_flags"):
        if key in config:
            inputs = _input_args(config[key], key, where)
            break
    return output, inputs


def _group_args(folder: Path, inherited: tuple[tuple[str, ...], InputArgs]):
    for name in TEST_GROUP_FILES:
        if (folder / name).is_file():
            return _configured(read_yaml(folder / name), folder / name, *inherited)
    return inherited


def _find_tests(data: Path, legacy_flags: tuple[str, ...]) -> list[TestCase]:
    if not data.is_dir():
        return []
    root_args = _group_args(data, (legacy_flags, ()))
    tests: list[TestCase] = []
    for group in ("sample", "secret"):
        if (data / group).is_dir():
            _walk_group(data / group, group, _group_args(data / group, root_args), tests)
    return tests


def invalid_inputs(problem: Problem) -> list[TestCase]:
    """The inputs under data/invalid_input/ (no answers), with their groups' validator arguments."""
    return data_cases(problem, "invalid_input", answers=False)


def data_cases(problem: Problem, group: str, answers: bool = True) -> list[TestCase]:
    """The cases under data/<group>/ (invalid_input, invalid_answer, invalid_output,
    valid_output), with their groups' validator arguments."""
    data = problem.path / "data"
    if not (data / group).is_dir():
        return []
    legacy_flags = _split_args(problem.config.get("validator_flags", ""), "validator_flags", problem.path)
    tests: list[TestCase] = []
    _walk_group(data / group, group, _group_args(data / group, _group_args(data, (legacy_flags, ()))), tests,
                answers=answers)
    return constants.in_tests(tests, problem.constants)


def _walk_group(folder: Path, prefix: str, args, out: list[TestCase], answers: bool = True) -> None:
    # one listing of the folder says what is a folder and what a file (symbolic links followed):
    # no stat per test file, which for a few hundred tests was most of a package's loading
    folders, files, names = set(), set(), set()
    with os.scandir(folder) as listing:
        for item in listing:
            names.add(item.name)
            if item.is_dir():
                folders.add(item.name)
            elif item.is_file():
                files.add(item.name)
    present = folders | files  # what a name leads to (a dangling link leads nowhere)
    entries: dict[str, str] = {}  # sort key -> name
    for name in names:
        stem, suffix = os.path.splitext(name)
        if name in folders:
            entries[name] = name
        elif suffix == ".in":
            entries[stem] = name
        elif suffix == ".ans" and answers and stem + ".in" not in present:
            raise PackageError(f"{folder / name}: test answer has no input file {stem}.in; add it or remove the answer")
    for key in sorted(entries):
        name = entries[key]
        entry = folder / name
        if name in folders:
            _walk_group(entry, f"{prefix}/{name}", _group_args(entry, args), out, answers)
            continue
        answer = entry.with_suffix(".ans")
        if answers and answer.name not in files:
            raise PackageError(f"{entry}: test input has no answer file {answer.name}; add it or remove the input")
        own = entry.with_suffix(".yaml")
        output, inputs = _configured(read_yaml(own), own, *args) if own.name in files else args
        out.append(TestCase(name=f"{prefix}/{entry.stem}", input=entry, answer=answer, validator_args=output,
                            input_validator_args=inputs))


def _programs_in(folder: Path) -> list[Path]:
    """Each file, or each sub-folder (a multi-file program), is one program."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.suffix not in (".h", ".hpp", ".md", ".txt"))


def _kind(config: dict) -> tuple[bool, bool, bool]:
    """(interactive, multi-pass, scoring): 2025-09 `type: [interactive, multi-pass, scoring]`,
    legacy `type: scoring` and `validation: custom interactive`."""
    validation = str(config.get("validation", "default")).split()
    kind = config.get("type", "pass-fail")
    kinds = kind if isinstance(kind, list) else str(kind).split()
    return ("interactive" in validation or "interactive" in kinds, "multi-pass" in kinds,
            "scoring" in kinds)


def _output_validator(path: Path, config: dict) -> Path | None:
    single = path / "output_validator"  # 2025-09: the folder is the program (its files are one program)
    entries = [p for p in single.iterdir() if not p.name.startswith(".")] if single.is_dir() else []
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]  # 2023-07-draft: output_validator/<name>/ holds the program
    if entries:
        return single
    programs = _programs_in(path / "output_validators")  # legacy: each file or folder in it is one
    if programs:
        return programs[0]
    validation = str(config.get("validation", "default")).split()
    if validation and validation[0] == "custom":
        raise PackageError(f"{path}: problem.yaml says 'validation: custom' but there is no output_validators/ program")
    return None
