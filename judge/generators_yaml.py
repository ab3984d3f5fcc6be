"""Read generators/generators.yaml as BAPCtools writes it into a plan of test cases.

Only parsing lives here (no program runs): generate.py builds the plan. The schema is
BAPCtools' (doc/generators.md, doc/generators.yaml, generators_yaml_schema.json):

    solution: /submissions/accepted/ref.py   # answers come from it (inherited; empty: none)
    random_salt: abc                         # prefixed to every command before its {seed}
    data:
      sample:                                # a directory: data, include, test_group.yaml
        data:
          - '': {in: "1 2", ans: "3"}        # a list numbers its entries: 1.in, 2.in, ...
      secret:
        test_group.yaml: {output_validator_args: [float_tolerance, 1e-6]}
        include: [sample]                    # earlier test cases or groups, linked in here
        data:
          small: gen.py --n 5 {seed}         # a command: program in generators/ and arguments
          big: {generate: gen.py {count} {seed:2}, count: 3}   # big-1, big-2, big-3
          hand: {copy: manual/hand}          # generators/manual/hand.in, .ans, ...

A test case is a command string, or a mapping with `generate`, `copy`, literal file
contents by extension (`in`, `ans`, `out`, `yaml`, `in.statement`, ...), `count`,
`match`, and the inheritable `solution`, `random_salt`, `retries`. Names, numbering
({:0w}-name over the whole file for lists), {count} and {seed} (sha512 of salt,
count and command, mod 2^31) follow BAPCtools exactly, so a package generates the
same bytes here as with `bt generate`. A malformed file is one PackageError line.
"""
from __future__ import annotations

import hashlib
import itertools
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from judge.constants import substitute
from judge.errors import PackageError

FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}")  # BAPCtools' FILE_NAME_REGEX
SEED = re.compile(r"\{seed(:[0-9]+)?\}")
COUNT_RANGE = re.compile(r"^(-?\d+)\.\.=(-?\d+)$")
TEST_FILE_KEYS = ("in", "ans", "out", "in.statement", "ans.statement", "in.download", "ans.download",
                  "interaction", "yaml")
TEST_CASE_KEYS = ("copy", "generate", "count", "match", *TEST_FILE_KEYS)
CONFIG_KEYS = ("solution", "random_salt", "retries")
ROOT_GROUPS = ("sample", "secret", "invalid_output", "invalid_answer", "invalid_input", "valid_output",
               "testing_tool_test", "fuzz")  # BAPCtools' order of the root's directories
IGNORED_ROOT_KEYS = ("version", "generators", "visualizer", "parallel", "gitignore_generated")
ANSWERED_GROUPS = ("sample", "secret")  # where a missing .ans comes from the solution


@dataclass(frozen=True)
class Config:
    """What a directory passes on to everything below it."""

    solution: str | None = None     # "/submissions/accepted/x.py"; None: no answers generated
    default_solution: bool = True   # no `solution` key seen yet: use an accepted submission
    random_salt: str = ""
    retries: int = 1


@dataclass(frozen=True)
class Case:
    """One test case to build at data/<path>.*"""

    path: str                                   # below data/, no extension: "secret/01-small"
    key: str                                    # its key in the file ("small"), for `include`
    command: tuple[str, ...] | None = None      # generator program (in generators/) and its arguments
    seed: int = 0
    retries: int = 1
    copy: str | None = None                     # base path below generators/, no extension
    files: tuple[tuple[str, str], ...] = ()     # (extension, literal content)
    linked: tuple[tuple[str, str], ...] = ()    # (extension, extension it copies), e.g. in.download -> in
    solution: str | None = None
    default_solution: bool = False
    source: str | None = None                   # an included case: the path it copies
    patterns: tuple[tuple[str, str], ...] = ()  # `match`: (extension, regex) its files must match

    @property
    def name(self) -> str:
        return self.path

    def input_path(self, problem) -> Path:
        """Where its input lives in a problem package (anything with a `path`)."""
        return problem.path / "data" / f"{self.path}.in"

    @property
    def group(self) -> str:
        return self.path.split("/", 1)[0]

    def literal(self, ext: str) -> str | None:
        return dict(self.files).get(ext)

    @property
    def needs_answer(self) -> bool:
        """Whether its .ans comes from running the solution."""
        return self.group in ANSWERED_GROUPS and self.literal("ans") is None


@dataclass
class Plan:
    cases: list[Case] = field(default_factory=list)
    group_yaml: dict[str, dict] = field(default_factory=dict)   # directory path -> its test_group.yaml
    generators: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> its files (first: entry)
    notes: list[str] = field(default_factory=list)              # things read but not acted on

    def case(self, path: str) -> Case | None:
        return next((c for c in self.cases if c.path == path), None)


def seed_of(command: str, salt: str, count: int) -> int:
    """BAPCtools' {seed}: sha512 of salt, `:count-1` (when count is not 1) and the command."""
    value = salt + (f":{count - 1}" if count != 1 else "") + command.strip()
    return int(hashlib.sha512(value.encode()).hexdigest(), 16) % 2 ** 31


def is_test_case(node) -> bool:
    return node is None or isinstance(node, str) or (isinstance(node, dict) and any(k in node for k in TEST_CASE_KEYS))


def is_directory(node) -> bool:
    return isinstance(node, dict) and not is_test_case(node)


def count_values(node, where: str) -> list[int]:
    """The {count} values of a test case: [1] without `count`."""
    if not isinstance(node, dict) or "count" not in node:
        return [1]
    count = node["count"]
    if isinstance(count, bool):
        raise PackageError(f"{where}: count must be an integer, a list or lo..=hi, got {count!r}")
    if isinstance(count, int):
        if not 1 <= count <= 100:
            raise PackageError(f"{where}: count {count} must be between 1 and 100")
        return list(range(1, count + 1))
    if isinstance(count, list):
        if not count or len(count) > 100 or not all(isinstance(v, int) and not isinstance(v, bool) for v in count):
            raise PackageError(f"{where}: a count list must hold 1 to 100 integers, got {count!r}")
        if len(set(count)) != len(count):
            raise PackageError(f"{where}: duplicate value in count list {count!r}")
        return list(count)
    match = COUNT_RANGE.match(str(count))
    if not match or not int(match[1]) <= int(match[2]) or int(match[2]) - int(match[1]) >= 100:
        raise PackageError(f"{where}: count {count!r}: expected an integer, a list or lo..=hi with lo <= hi")
    return list(range(int(match[1]), int(match[2]) + 1))


def _numbered_total(node) -> int:
    """How many test cases lists number over the whole file (the width of their numbers)."""
    data = node.get("data") if isinstance(node, dict) else None
    numbered = isinstance(data, list)
    entries = data if numbered else [data] if isinstance(data, dict) else []
    total = 0
    for entry in entries:
        for child in (entry.values() if isinstance(entry, dict) else ()):
            if numbered and is_test_case(child):
                try:
                    total += len(count_values(child, ""))
                except PackageError:
                    total += 1
            elif is_directory(child):
                total += _numbered_total(child)
    return total


def _numbered(key: str, numbers: Iterator[int], total: int) -> Iterator[str]:
    width = len(str(total))
    while True:
        number = f"{next(numbers):0{width}}"
        yield f"{number}-{key}" if key else number


class _Parser:
    def __init__(self, where: Path, constants: dict[str, str]):
        self.where = where
        self.constants = constants
        self.plan = Plan()
        self.known: dict[str, list] = {}   # key -> the cases or directory paths it names
        self.case_numbers = itertools.count(1)
        self.total = 0

    def fail(self, path: str, message: str) -> PackageError:
        return PackageError(f"{self.where}: {path or 'top level'}: {message}")

    def config(self, node: dict, parent: Config, path: str) -> Config:
        solution, default = parent.solution, parent.default_solution
        if "solution" in node:
            value = node["solution"]
            if value is not None and not isinstance(value, str):
                raise self.fail(path, f"solution must be a path like /submissions/accepted/x.py, got {value!r}")
            if value and not value.startswith("/"):
                raise self.fail(path, f"solution {value!r} must be absolute from the problem's folder (start with /)")
            solution, default = (value or None), False
        salt = node.get("random_salt", parent.random_salt)
        retries = node.get("retries", parent.retries)
        if not isinstance(retries, int) or isinstance(retries, bool) or retries < 1:
            raise self.fail(path, f"retries must be a positive integer, got {retries!r}")
        return Config(solution, default, "" if salt is None else str(salt), retries)

    def directory(self, node: dict, path: str, parent: Config, root: bool = False) -> None:
        config = self.config(node, parent, path)
        if "test_group.yaml" in node and path:
            group_yaml = node["test_group.yaml"]
            if group_yaml is not None and not isinstance(group_yaml, dict):
                raise self.fail(path, "test_group.yaml must be a mapping")
            if group_yaml:
                self.plan.group_yaml[path] = group_yaml
        included = [self.include(name, path) for name in self.list_of(node.get("include"), path, "include")]
        data = node.get("data")
        numbered = isinstance(data, list)
        if root and numbered:
            raise self.fail(path, "the top level's data must be a mapping (sample, secret, ...), not a list")
        if data is not None and not isinstance(data, (dict, list)):
            raise self.fail(path, f"data must be a mapping or a list, got {data!r}")
        entries = data if numbered else [data] if data else []
        groups_here = sum(1 for e in entries if isinstance(e, dict) for v in e.values() if is_directory(v))
        group_numbers = itertools.count(1)
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or (numbered and len(entry) != 1):
                raise self.fail(path, f"data[{index}]: each list entry must be a mapping with exactly one key")
            if root:
                unknown = [k for k in entry if k not in ROOT_GROUPS]
                if unknown:
                    raise self.fail(path, f"unknown top-level group {unknown[0]!r}; expected {', '.join(ROOT_GROUPS)}")
                keys = [k for k in ROOT_GROUPS if k in entry]
            else:
                keys = sorted(entry, key=lambda k: "" if k is None else str(k))
            for key in keys:
                child = entry[key]
                name = "" if key is None else str(key)
                if isinstance(key, bool) or not isinstance(key, (str, int, type(None))):
                    raise self.fail(path, f"test or group name {key!r}: use letters, digits, '.', '_' and '-'")
                if numbered:
                    names = _numbered(name, group_numbers if is_directory(child) else self.case_numbers,
                                      groups_here if is_directory(child) else self.total)
                elif not name:
                    raise self.fail(path, "an empty name is allowed only in a list (numbered) data")
                else:
                    names = itertools.repeat(name)
                if is_directory(child):
                    child_path = self.child(path, next(names))
                    self.known.setdefault(name, []).append(child_path)
                    self.directory(child, child_path, config)
                elif is_test_case(child):
                    self.cases(child, name, names, path, config)
                else:
                    raise self.fail(path, f"{name}: expected a test case or a group, got {child!r}")
        for case in included:
            for source in case:
                target = f"{path}/{source.path.rsplit('/', 1)[-1]}"
                if self.plan.case(target) is None:
                    self.plan.cases.append(Case(path=target, key=source.key, source=source.path,
                                                solution=source.solution))

    def child(self, path: str, name: str) -> str:
        if not FILE_NAME.fullmatch(name) or name in (".", ".."):
            raise self.fail(path, f"test or group name {name!r}: use letters, digits, '.', '_' and '-', "
                                  f"starting with a letter, a digit or '_'")
        return f"{path}/{name}" if path else name

    def list_of(self, value, path: str, key: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            raise self.fail(path, f"{key} must be a list of names, got {value!r}")
        return [str(v) for v in value]

    def include(self, name: str, path: str) -> list[Case]:
        found = self.known.get(name)
        if "/" in name or not found:
            raise self.fail(path, f"include {name!r} names no earlier test case or group")
        if len(found) != 1:
            raise self.fail(path, f"include {name!r} is ambiguous: {len(found)} earlier entries have that name")
        target = found[0]
        if isinstance(target, Case):
            return [target]
        return [c for c in self.plan.cases if c.path.startswith(target + "/")]

    def cases(self, node, key: str, names: Iterator[str], path: str, parent: Config) -> None:
        where = f"{path}/{key}" if path else key
        if node is None:
            raise self.fail(where, "an empty test case: give a command, `in:`, `copy:` or `generate:`")
        if isinstance(node, str):
            node = {"copy": node[:-3]} if node.endswith(".in") else {"generate": node}
        config = self.config(node, parent, where)
        unknown = [k for k in node if k not in TEST_CASE_KEYS and k not in CONFIG_KEYS]
        if unknown:
            raise self.fail(where, f"unknown key {unknown[0]!r} in a test case")
        values = count_values(node, f"{self.where}: {where}")
        consecutive = max(values) - min(values) == len(values) - 1
        padding = max(len(str(v)) for v in values) if consecutive else 0
        for value in values:
            name = next(names) + (f"-{value:0{padding}}" if "count" in node else "")
            case = self.case(node, key, self.child(path, name), value, config)
            self.known.setdefault(key, []).append(case)
            self.plan.cases.append(case)

    def case(self, node: dict, key: str, path: str, count: int, config: Config) -> Case:
        command, seed = None, 0
        if node.get("generate") is not None:
            text = node["generate"]
            if not isinstance(text, str) or not text.strip():
                raise self.fail(path, f"generate must be a command string, got {text!r}")
            text = substitute(text, self.constants)  # {{constants}} first, as bt generate
            if "count" in node:
                text = text.replace("{count}", str(count))
            if len(SEED.findall(text)) > 1:
                raise self.fail(path, "{seed} may appear at most once in a command")
            seed = seed_of(text, config.random_salt, count)
            try:
                words = shlex.split(text)
            except ValueError as exc:
                raise self.fail(path, f"generate: {exc}") from None
            command = tuple(SEED.sub(str(seed), w).replace("{name}", "testcase") for w in words)
            if command[0].startswith("/") or ".." in Path(command[0]).parts:
                raise self.fail(path, f"generator {command[0]!r} must be a path inside generators/")
        copy = node.get("copy")
        if copy is not None and (not isinstance(copy, str) or copy.startswith("/") or ".." in Path(copy).parts):
            raise self.fail(path, f"copy must be a path below generators/, got {copy!r}")
        files, linked = [], []
        for ext in TEST_FILE_KEYS:
            if ext not in node or node[ext] is None:
                continue
            value = node[ext]
            if ext == "yaml" and isinstance(value, dict):
                import yaml
                value = yaml.safe_dump(value, sort_keys=False)
            if isinstance(value, dict) and set(value) == {"link"} and isinstance(value["link"], str):
                linked.append((ext, value["link"]))
            elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
                text = str(value)
                files.append((ext, text if not text or text.endswith("\n") else text + "\n"))
            else:
                raise self.fail(path, f"{ext} must be the file's text, got {value!r}")
        patterns = self.patterns(node.get("match"), path)
        if command is None and copy is None and not any(e in ("in", "in.statement") for e, _ in files):
            raise self.fail(path, "a test case needs `generate`, `copy` or `in`")
        return Case(path=path, key=key, command=command, seed=seed, retries=config.retries, copy=copy,
                    files=tuple(files), linked=tuple(linked), solution=config.solution,
                    default_solution=config.default_solution, patterns=patterns)

    def patterns(self, value, path: str) -> tuple[tuple[str, str], ...]:
        """`match: regex | [regex] | {in: ..., ans: ...}` as (extension, regex) pairs, checked to compile."""
        if value is None:
            return ()
        by_ext = value if isinstance(value, dict) else {"in": value}
        found = []
        for ext, regexes in by_ext.items():
            regexes = regexes if isinstance(regexes, list) else [regexes]
            if ext not in ("in", "ans") or not all(isinstance(r, str) for r in regexes):
                raise self.fail(path, f"match must be a regex, a list of them, or {{in: ..., ans: ...}}, got {value!r}")
            for regex in regexes:
                try:
                    re.compile(regex)
                except re.error as exc:
                    raise self.fail(path, f"match: {regex!r} is not a regular expression ({exc})") from None
                found.append((ext, regex))
        return tuple(found)


def _generators(value, where: Path) -> dict[str, tuple[str, ...]]:
    """The top level's `generators:` map: a name -> the files (below generators/) that make it."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PackageError(f"{where}: generators must map a name to a list of files, got {value!r}")
    found = {}
    for name, files in value.items():
        if not isinstance(name, str) or not FILE_NAME.fullmatch(name):
            raise PackageError(f"{where}: generators: {name!r} is not a plain file name")
        if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files) or any(
                f.startswith("/") or ".." in Path(f).parts for f in files):
            raise PackageError(f"{where}: generators: {name}: expected a list of files below generators/, "
                               f"got {files!r}")
        found[name] = tuple(files)
    return found


def parse(config: dict, where: Path, constants: dict[str, str] | None = None) -> Plan:
    """The test cases and group files a generators.yaml describes, in build order; `{{name}}`
    sequences in `generate` commands become the problem's `constants` first."""
    parser = _Parser(where, constants or {})
    parser.total = _numbered_total(config)
    for key in config:
        if key not in ("data", "include", "test_group.yaml", *CONFIG_KEYS, *IGNORED_ROOT_KEYS):
            parser.plan.notes.append(f"generators.yaml: key {key!r} ignored")
    parser.plan.generators = _generators(config.get("generators"), where)
    if config.get("visualizer"):
        parser.plan.notes.append("generators.yaml: visualizer ignored (judge draws no pictures)")
    parser.directory(config, "", Config(), root=True)
    return parser.plan
