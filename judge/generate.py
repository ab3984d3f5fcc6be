"""Generated tests: build what generators/generators.yaml describes into data/.

generators_yaml.py reads the file (BAPCtools' schema) into a plan of test cases; this
module runs it. Each test case is built in a fresh folder, then written to
data/<path>.*:

- an included case copies the files of the case it names;
- `copy: base` copies generators/base.in, .ans, ... (those that exist);
- `generate: prog args` runs generators/prog sandboxed in a private writable folder,
  as BAPCtools does: {name} is `testcase`, what it prints becomes testcase.in unless
  it wrote that file, and any testcase.ans, .out, ... it writes are kept;
- literal `in:`, `ans:`, ... contents are written as given, and `{link: in}` copies;
- a sample or secret case without an .ans gets what its `solution` prints (an
  accepted submission when the file names none).

Each group's `test_group.yaml` entry is written into its folder. A `/`-rooted
solution path is relative to the repository (for our problems) or, if not found
there, to the package. Our own generators take `--seed S` and size parameters such
as `--n N` (the convention `judge stress` and `judge bench` use); every test and
group name is one plain file name, so no generated test lands outside data/.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from judge import generators_yaml, package_programs, sandbox
from judge.errors import PackageError, UserError
from judge.generators_yaml import Case, Plan
from judge.languages import CompileError, Program, is_supported, prepare
from judge.package import Problem, read_yaml

GENERATOR_LIMITS = sandbox.Limits(cpu_s=60.0, memory_mib=4096, output_mib=1024)
MANIFEST = ".generated.json"  # in data/: what each generated test was built from
TEST_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")  # a name `judge stress --save` may give: never `..`
TEST_NAME_RULE = "use letters, digits, '.', '_' and '-', starting with a letter or a digit"
EXTENSIONS = ("in", "ans", "out", "in.statement", "ans.statement", "in.download", "ans.download",
              "interaction", "yaml", "hint", "desc")  # the files of one test case


def is_test_name(name: str) -> bool:
    """Whether `name` may name a test or a group: no separator, NUL, `..` or absolute path."""
    return TEST_NAME.fullmatch(name) is not None


@dataclass
class GeneratorConfig:
    path: Path                   # generators/generators.yaml
    plan: Plan
    solution: Path | None        # the top level's solution, resolved
    solutions: dict[str, Path | None] = field(default_factory=dict)  # case path -> its solution

    @property
    def tests(self) -> list[Case]:
        """The cases a generator program writes (the ones that can drift from their command)."""
        return [c for c in self.plan.cases if c.command is not None and c.source is None]


def load_config(problem: Problem) -> GeneratorConfig | None:
    """The package's generators.yaml, or None when it has none."""
    path = problem.path / "generators" / "generators.yaml"
    if not path.is_file():
        return None
    raw = read_yaml(path)
    plan = generators_yaml.parse(raw, path, problem.constants)
    default = None
    if any(c.default_solution and c.needs_answer for c in plan.cases):
        default = next((s.path for s in problem.solutions()
                        if s.expected is not None and s.expected.value == "AC" and is_supported(s.path)), None)
    solutions = {c.path: (_solution_path(problem, c.solution, path) if c.solution else
                          default if c.default_solution else None) for c in plan.cases}
    top = raw.get("solution")
    root = _solution_path(problem, top, path) if isinstance(top, str) and top else default
    return GeneratorConfig(path, plan, root, solutions)


def _solution_path(problem: Problem, spec: str, where: Path) -> Path:
    """Where a `/`-rooted solution is: in the repository (our problems) or else in the package
    (it may be missing: building a case that needs it says so)."""
    rel = spec.lstrip("/")
    for root in (problem.path.parent.parent, problem.path):
        if (root / rel).exists():
            return root / rel
    return problem.path / rel


_programs: dict[Path, Program] = {}


def program_for(path: Path) -> Program:
    """Build (once per process) a generator, validator or reference program."""
    if path not in _programs:
        try:
            _programs[path] = prepare(path)
        except CompileError as exc:
            raise PackageError(f"{path}: does not compile:\n{exc.message}") from None
    return _programs[path]


def generator_command(problem: Problem, text: str, option: str = "--generator") -> tuple[str, ...]:
    """A generator command given on the command line ("gen.py --n 40"), split as a shell would,
    its program checked to be in generators/. Raises UserError."""
    import shlex

    try:
        command = tuple(shlex.split(text))
    except ValueError as exc:
        raise UserError(f"{option} {text!r}: {exc}; quote it as a shell would") from None
    if not command:
        raise UserError(f"{option} is empty: give a program in generators/ and its arguments")
    config = load_config(problem)
    named = config is not None and command[0] in config.plan.generators
    source = problem.path / "generators" / command[0]
    if not named and (command[0].startswith("/") or ".." in Path(command[0]).parts or not source.exists()):
        raise UserError(f"{option} {text!r}: no program {command[0]!r} in {problem.path / 'generators'}")
    return command


def run_generator(problem: Problem, command: tuple[str, ...],
                  generators: dict[str, tuple[str, ...]] | None = None) -> bytes:
    """Run one generator command (relative to generators/) and return the input it wrote."""
    return run_command(problem, command, generators)["in"]


def _assembled(problem: Problem, name: str, files: tuple[str, ...]) -> Path:
    """A generator named in generators.yaml's `generators:` map: its files copied into one
    folder (in the build cache, by content), built as a folder program."""
    from judge.languages import cache_dir

    sources = [problem.path / "generators" / f for f in files]
    missing = [str(f) for f, path in zip(files, sources) if not path.is_file()]
    if missing:
        raise PackageError(f"{problem.slug}: generator {name}: {', '.join(missing)} not found in generators/")
    digest = hashlib.sha256()
    for f, path in zip(files, sources):
        digest.update(f.encode() + b"\0" + path.read_bytes() + b"\0")
    folder = cache_dir() / "generator-folders" / digest.hexdigest()[:24] / name
    if not folder.is_dir():
        staging = folder.with_name(f".{name}.part")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for f, path in zip(files, sources):
            shutil.copyfile(path, staging / Path(f).name)
        staging.rename(folder)
    return folder


def run_command(problem: Problem, command: tuple[str, ...],
                generators: dict[str, tuple[str, ...]] | None = None) -> dict[str, bytes]:
    """Run a generator command in a private writable folder, as BAPCtools does: what it
    prints is testcase.in unless it wrote that file itself; every testcase.<ext> it
    writes is returned by extension. `generators` is generators.yaml's map of multi-file
    generators (a name there wins over a file of that name)."""
    if not command:
        raise PackageError(f"{problem.slug}: empty generator command")
    if generators and command[0] in generators:
        source = _assembled(problem, command[0], generators[command[0]])
    else:
        source = problem.path / "generators" / command[0]
    if not source.exists():
        raise PackageError(f"{problem.slug}: generator {command[0]} not found in generators/")
    program = package_programs.built(problem, source)
    with tempfile.TemporaryDirectory(prefix="judge-gen-") as folder:
        cwd = Path(folder)
        result = sandbox.run([*program.argv, *command[1:]], limits=GENERATOR_LIMITS, visible=(program.folder,),
                             writable=(cwd,), cwd=cwd)
        if result.status is not sandbox.Status.OK:
            tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise PackageError(f"{problem.slug}: generator `{' '.join(command)}` failed "
                               f"({result.describe_exit}, {result.status.value}) {tail[0][:200]}")
        files = {ext: (cwd / f"testcase.{ext}").read_bytes() for ext in EXTENSIONS
                 if (cwd / f"testcase.{ext}").is_file()}
    if "in" not in files:
        if not result.stdout:
            raise PackageError(f"{problem.slug}: generator `{' '.join(command)}` wrote no testcase.in "
                               f"and printed nothing")
        files["in"] = result.stdout
    return files


def reference_program(problem: Problem, source: Path) -> Program:
    from judge.judging import prepare_solution

    try:
        return prepare_solution(problem, source)
    except CompileError as exc:
        raise PackageError(f"{source}: does not compile:\n{exc.message}") from None


def run_reference(program: Program, input_path: Path, problem: Problem) -> bytes:
    limits = sandbox.Limits(cpu_s=max(10.0, 5 * problem.time_limit_s), memory_mib=max(problem.memory_mib, 1024),
                            output_mib=max(problem.output_mib, 64))
    result = sandbox.run(program.argv, limits=limits, stdin=input_path, visible=(program.folder,))
    if result.status is not sandbox.Status.OK:
        raise PackageError(f"{problem.slug}: the reference {program.source.name} failed on "
                           f"{input_path.name} ({result.describe_exit}, {result.status.value})")
    return result.stdout


def _fingerprint(case: Case, problem: Problem, solution: Path | None, plan: Plan) -> str:
    digest = hashlib.sha256(repr(case).encode())
    sources = [solution]
    if case.command:
        files = plan.generators.get(case.command[0], (case.command[0],))
        sources += [problem.path / "generators" / f for f in files]
    if case.copy:
        sources += [problem.path / "generators" / f"{case.copy}.{ext}" for ext in EXTENSIONS]
    for path in sources:
        if path is not None and path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_case(problem: Problem, config: GeneratorConfig, case: Case, answer=None) -> dict[str, bytes]:
    """The files of one test case by extension, built as generators.yaml says (see the
    module's docstring); `answer(solution, input_path)` supplies a missing .ans."""
    data = problem.path / "data"
    files: dict[str, bytes] = {}
    if case.source is not None:
        files.update({ext: (data / f"{case.source}.{ext}").read_bytes() for ext in EXTENSIONS
                      if (data / f"{case.source}.{ext}").is_file()})
    if case.copy is not None:
        base = problem.path / "generators" / case.copy
        files.update({ext: Path(f"{base}.{ext}").read_bytes() for ext in EXTENSIONS if Path(f"{base}.{ext}").is_file()})
        if "in" not in files:
            raise PackageError(f"{config.path}: {case.path}: copy: generators/{case.copy}.in does not exist")
    if case.command is not None:
        files.update(run_command(problem, case.command, config.plan.generators))
    files.update({ext: text.encode() for ext, text in case.files})
    for ext, target in case.linked:
        if target in files:
            files[ext] = files[target]
    solution = config.solutions.get(case.path)
    if case.source is None and case.needs_answer and "ans" not in files and "in" in files:
        if solution is None or not solution.exists():
            raise PackageError(f"{config.path}: {case.path}: no .ans and "
                               + (f"its solution {solution} does not exist" if solution else "no solution to write it"))
        if answer is not None:
            with tempfile.NamedTemporaryFile(prefix="judge-in-") as handle:
                handle.write(files["in"])
                handle.flush()
                files["ans"] = answer(solution, Path(handle.name))
    return files


def generate(problem: Problem, *, force: bool = False, missing_only: bool = False, on_test=None) -> dict[str, str]:
    """(Re)build every generated test whose generator, arguments or reference changed
    (with `missing_only`, only those with no input yet), and write each group's
    test_group.yaml. Returns {test name: "written" | "up to date" | "failed: why"}; a
    test that fails to build leaves the others building."""
    config = load_config(problem)
    if config is None:
        raise PackageError(f"{problem.slug}: no generators/generators.yaml to generate from")
    data = problem.path / "data"
    manifest_path = data / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    except (OSError, ValueError):
        manifest = {}
    references: dict[Path, Program] = {}

    def answer(solution: Path, input_path: Path) -> bytes:
        if problem.interactive:
            return b""  # the interactor reads the input: no program output to record
        if solution not in references:
            references[solution] = reference_program(problem, solution)
        return run_reference(references[solution], input_path, problem)

    for group, content in config.plan.group_yaml.items():
        import yaml

        text = yaml.safe_dump(content, sort_keys=False)
        path = data / group / "test_group.yaml"
        if not path.is_file() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    outcome: dict[str, str] = {}
    for case in config.plan.cases:
        key = _fingerprint(case, problem, config.solutions.get(case.path), config.plan)
        input_path = case.input_path(problem)
        present = input_path.is_file() and (input_path.with_suffix(".ans").is_file() or not case.needs_answer)
        if present and (missing_only or (not force and manifest.get(case.path) == key)):
            outcome[case.path] = "up to date"
        else:
            try:
                files = build_case(problem, config, case, answer)
            except UserError as exc:  # one broken case leaves the others building
                outcome[case.path] = f"failed: {exc}"
            else:
                input_path.parent.mkdir(parents=True, exist_ok=True)
                for ext, content in files.items():
                    input_path.with_name(f"{input_path.stem}.{ext}").write_bytes(content)
                manifest[case.path] = key
                outcome[case.path] = "written"
        if on_test:
            on_test(case.path, outcome[case.path])
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    if (not missing_only or any(what == "written" for what in outcome.values())) and \
            not (manifest_path.is_file() and manifest_path.read_text() == text):  # nothing changed: nothing written
        data.mkdir(exist_ok=True)
        manifest_path.write_text(text)
    failed = [f"{name}: {why[len('failed: '):]}" for name, why in outcome.items() if why.startswith("failed")]
    if failed and not missing_only:
        raise PackageError(f"{len(failed)} of {len(outcome)} generated test(s) failed to build, "
                           f"the others are written; first: {failed[0].splitlines()[0]}")
    return outcome
