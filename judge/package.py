"""Load a problem package in the ICPC/Kattis problem package format.

Both the legacy layout and the 2025-09 one are read:

    problem.yaml                    name, limits, validation / validator_flags (legacy)
    statement/problem.en.md         (2025-09) or problem_statement/ (legacy)
    data/sample/*.in|.ans           samples, run first
    data/secret/**/*.in|.ans        secret tests, nested groups in lexicographic order
    data/**/test_group.yaml         output_validator_args (2025-09); testdata.yaml and
                                    output_validator_flags (legacy) are read as well
    input_validators/               programs: exit 42 = valid input, 43 = invalid
    output_validator/               (2025-09) or output_validators/ (legacy): custom checker
    submissions/<verdict>/          a package's own solutions

Our own problems keep their solutions beside the package, in
``<repo>/solutions/<slug>/<verdict>/``. Extensions of ours live under the
``x-judge`` key of problem.yaml, which other tools ignore.
"""
from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from judge.errors import PackageError, UserError
from judge.verdicts import Verdict

# Defaults of the problem package format specification.
DEFAULT_MEMORY_MIB = 2048
DEFAULT_OUTPUT_MIB = 8
# Used only where a package states no time limit at all (legacy packages expect the
# judge to derive one from the accepted solutions: `judge run --time-limit` overrides).
FALLBACK_TIME_LIMIT_S = 1.0

EXTENSION_KEY = "x-judge"
TEST_GROUP_FILES = ("test_group.yaml", "testdata.yaml")
SOLUTION_DIRS = ("accepted", "wrong_answer", "time_limit_exceeded", "run_time_error",
                 "memory_limit_exceeded", "output_limit_exceeded", "compile_error")

_REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class TestCase:
    """One test: an input and the judge's answer that share a base name."""

    __test__ = False  # not a pytest test class

    name: str                 # path below data/ without extension, e.g. "secret/group1/03-big"
    input: Path
    answer: Path
    validator_args: tuple[str, ...] = ()

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
    output_validator: Path | None = None     # a file or a directory holding one program
    input_validators: list[Path] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    extensions: dict = field(default_factory=dict)
    config: dict = field(default_factory=dict)

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

    def solutions(self) -> list[Solution]:
        """Every solution file: <repo>/solutions/<slug>/<verdict>/ and the package's submissions/."""
        found: list[Solution] = []
        for root in (self.path.parent.parent / "solutions" / self.slug, self.path / "submissions"):
            if not root.is_dir():
                continue
            for folder in sorted(p for p in root.iterdir() if p.is_dir()):
                try:
                    expected = Verdict.from_folder(folder.name)
                except ValueError:
                    expected = None
                for path in sorted(folder.iterdir()):
                    if path.is_file() and not path.name.startswith("."):
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
    if (path / "problem.yaml").is_file():
        return path
    if len(path.parts) == 1:
        for root in problem_roots():
            if (root / path / "problem.yaml").is_file():
                return root / path
    if path.is_dir():
        raise PackageError(f"{path}: not a problem package (no problem.yaml in it)")
    raise UserError(f"problem {str(spec)!r} not found: give a package folder or the name of one in problems/")


def load_problem_yaml(spec: str | os.PathLike) -> Problem:
    """problem.yaml alone, fast: for listing and showing problems, never for judging.

    The tests are not scanned (``tests`` is empty) and no validator is looked for;
    judge with load_problem().
    """
    path = resolve_problem_path(spec).resolve()
    config = read_yaml(path / "problem.yaml", required=True)
    limits = config.get("limits") or {}
    if not isinstance(limits, dict):
        raise PackageError(f"{path / 'problem.yaml'}: 'limits' must be a mapping")
    _check_supported(path, config)
    time_limit, source = _time_limit(path, limits)
    name = config.get("name", path.name)
    if isinstance(name, dict):  # 2025-09: a map from language code to name
        name = name.get("en") or next(iter(name.values()), path.name)
    keywords = config.get("keywords") or []
    if not isinstance(keywords, list):  # legacy: space-separated words
        keywords = str(keywords).split()
    extensions = config.get(EXTENSION_KEY) or {}
    return Problem(
        path=path, slug=path.name, name=str(name), time_limit_s=time_limit, time_limit_source=source,
        memory_mib=int(_positive_number(limits.get("memory", DEFAULT_MEMORY_MIB), "limits.memory", path)),
        output_mib=int(_positive_number(limits.get("output", DEFAULT_OUTPUT_MIB), "limits.output", path)),
        tests=[], keywords=[str(k) for k in keywords],
        extensions=extensions if isinstance(extensions, dict) else {}, config=config)


def load_problem(spec: str | os.PathLike) -> Problem:
    """The whole package: problem.yaml, every test, the validators."""
    problem = load_problem_yaml(spec)
    legacy_flags = _split_args(problem.config.get("validator_flags", ""), "validator_flags", problem.path)
    problem.tests = _find_tests(problem.path / "data", legacy_flags)
    if not problem.tests:
        raise PackageError(f"{problem.path}: no tests found (expected data/sample/*.in and data/secret/*.in "
                           f"with .ans files)")
    problem.output_validator = _output_validator(problem.path, problem.config)
    problem.input_validators = (_programs_in(problem.path / "input_validators")
                                + _programs_in(problem.path / "input_format_validators"))
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


def _positive_number(value, key: str, path: Path) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise PackageError(f"{path / 'problem.yaml'}: {key} must be a number, got {value!r}") from None
    if not number > 0:
        raise PackageError(f"{path / 'problem.yaml'}: {key} must be positive, got {value!r}")
    return number


def _time_limit(path: Path, limits: dict) -> tuple[float, str]:
    if "time_limit" in limits:
        return _positive_number(limits["time_limit"], "limits.time_limit", path), "problem.yaml"
    marker = path / ".timelimit"  # written by DOMjudge / BAPCtools for legacy packages
    if marker.is_file():
        try:
            return float(marker.read_text().split()[0]), ".timelimit"
        except (ValueError, IndexError):
            raise PackageError(f"{marker}: expected a number of seconds") from None
    return FALLBACK_TIME_LIMIT_S, "default"


def _split_args(value, key: str, where: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(shlex.split(value))
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    raise PackageError(f"{where}: {key} must be a string or a list, got {value!r}")


def _group_args(folder: Path, inherited: tuple[str, ...]) -> tuple[str, ...]:
    for name in TEST_GROUP_FILES:
        config = read_yaml(folder / name)
        for key in ("output_validator_args", "output_validator_flags"):
            if key in config:
                return _split_args(config[key], key, folder / name)
    return inherited


def _find_tests(data: Path, legacy_flags: tuple[str, ...]) -> list[TestCase]:
    if not data.is_dir():
        return []
    root_args = _group_args(data, legacy_flags)
    tests: list[TestCase] = []
    for group in ("sample", "secret"):
        if (data / group).is_dir():
            _walk_group(data / group, group, _group_args(data / group, root_args), tests)
    return tests


def _walk_group(folder: Path, prefix: str, args: tuple[str, ...], out: list[TestCase]) -> None:
    entries: dict[str, Path] = {}
    inputs = set()
    for entry in folder.iterdir():
        if entry.is_dir():
            entries[entry.name] = entry
        elif entry.suffix == ".in":
            inputs.add(entry.stem)
            entries[entry.stem] = entry
    for key in sorted(entries):
        entry = entries[key]
        if entry.is_dir():
            _walk_group(entry, f"{prefix}/{entry.name}", _group_args(entry, args), out)
            continue
        answer = entry.with_suffix(".ans")
        if not answer.is_file():
            raise PackageError(f"{entry}: test input has no answer file {answer.name}; add it or remove the input")
        out.append(TestCase(name=f"{prefix}/{entry.stem}", input=entry, answer=answer, validator_args=args))


def _programs_in(folder: Path) -> list[Path]:
    """Each file, or each sub-folder (a multi-file program), is one program."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.suffix not in (".h", ".hpp", ".md", ".txt"))


def _check_supported(path: Path, config: dict) -> None:
    validation = str(config.get("validation", "default")).split()
    kind = config.get("type", "pass-fail")
    kinds = kind if isinstance(kind, list) else str(kind).split()
    if "interactive" in validation or "interactive" in kinds or "multi-pass" in kinds:
        raise PackageError(f"{path}: interactive and multi-pass problems are not supported yet")
    if "scoring" in validation or "scoring" in kinds:
        raise PackageError(f"{path}: scoring problems are not supported yet (only pass-fail)")


def _output_validator(path: Path, config: dict) -> Path | None:
    for folder in ("output_validator", "output_validators"):
        programs = _programs_in(path / folder)
        if programs:
            return programs[0]
    validation = str(config.get("validation", "default")).split()
    if validation and validation[0] == "custom":
        raise PackageError(f"{path}: problem.yaml says 'validation: custom' but there is no output_validators/ program")
    return None
