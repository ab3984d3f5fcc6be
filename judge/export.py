"""Export a problem as a self-contained package in a format other tools read.

Our problems keep their solutions beside the package, in solutions/<slug>/; an
exported package carries them in submissions/<verdict>/ as other judges expect
(DOMjudge, Kattis problemtools, BAPCtools). Three formats (FORMATS below):

- ``2025-09``: the package as it is (it is already in that layout), our ``x-judge``
  key kept (the format reserves ``x-`` keys for tools).
- ``2023-07`` (``2023-07-draft``, as problemtools reads it) and ``legacy``: problem.yaml
  rewritten to the keys that format allows (problemtools refuses any other key),
  ``data/**/testdata.yaml`` with ``output_validator_flags``, and a short name of
  [a-z0-9]+ only (the folder is named after it: ``linked-list-backward`` ->
  ``linkedlistbackward``). Legacy also has no ``limits.time_limit``: the limit goes to
  ``.timelimit`` (as DOMjudge and BAPCtools write it), and its statement is LaTeX
  (``problem_statement/problem.en.tex``, converted by pandoc when it is installed,
  else the Markdown kept verbatim under ``\\problemname``). Go and JavaScript submissions
  are left out of these two (problemtools, their reader, cannot start them, see
  PROBLEMTOOLS_CANNOT_RUN), each said in one line.

In every format a Java submission whose public class is not named after its file
(which javac refuses, and our judge allows) becomes a folder of the file's name
holding ``<Class>.java``.

A function problem (``x-judge: {type: function}``) is refused: its harness is the
judge's own and no other tool could judge a submission. So is a problem whose kind
(interactive, multi-pass, scoring) the format cannot express: the 2025-09 scoring keys
(test_group.yaml) have no faithful translation into the legacy grader flags.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from judge.errors import UserError
from judge.outputs import creatable_folder
from judge.package import TEST_GROUP_FILES, Problem, is_legacy

SKIPPED = ("__pycache__", "*.pyc", ".generated.json")
META_KEYS = ("name", "uuid", "license", "rights_owner")  # carried as they are by every format


@dataclass(frozen=True)
class Format:
    """What one package format calls things, as data."""

    version: str                        # problem_format_version written
    statement: str                      # the statement's folder
    output_validators: str              # output_validator (one program) or output_validators/<name>
    group_file: str                     # the file of a test group's settings
    arg_keys: tuple[str, str]           # its keys for the output and the input validators' arguments
    args: Callable[[list[str]], object]  # how arguments are written (a list or a string)
    problem_yaml: Callable[[Problem], str]  # the text of its problem.yaml
    kinds: frozenset[str]               # the problem kinds it can express beyond pass-fail
    root: frozenset[str]                # the folders it knows at the package's root
    short_name: bool = False            # the folder name must be [a-z0-9]+
    left_out: tuple[str, ...] = ()      # extensions of submissions its tool cannot run


def _common(problem: Problem) -> dict:
    meta = {key: problem.config[key] for key in META_KEYS if key in problem.config}
    meta["name"] = problem.name
    source = problem.config.get("source")
    if isinstance(source, str):
        meta["source"] = source
    return meta


def _yaml(config: dict) -> str:
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _legacy_yaml(problem: Problem) -> str:
    validation = "custom interactive" if problem.interactive else "custom" if problem.output_validator else "default"
    return _yaml({"problem_format_version": "legacy", **_common(problem), "keywords": " ".join(problem.keywords),
            "limits": {"memory": problem.memory_mib, "output": problem.output_mib,
                       "time_multiplier": problem.timing.ac_to_time_limit,
                       "time_safety_margin": problem.timing.time_limit_to_tle},
            "validation": validation})


def _kinds(problem: Problem) -> list[str]:
    """What the problem is beyond pass-fail (multi_pass: read where the loader knows it)."""
    return [kind for kind, on in (("interactive", problem.interactive),
                                  ("multi-pass", getattr(problem, "multi_pass", False)),
                                  ("scoring", getattr(problem, "scoring", False))) if on]


def _draft_config(problem: Problem) -> dict:
    return {"problem_format_version": "2023-07-draft", "type": _kinds(problem) or "pass-fail", **_common(problem),
            "keywords": list(problem.keywords),
            "limits": {"time_limit": problem.time_limit_s, "memory": problem.memory_mib, "output": problem.output_mib,
                       "time_multipliers": {"ac_to_time_limit": problem.timing.ac_to_time_limit,
                                            "time_limit_to_tle": problem.timing.time_limit_to_tle},
                       "time_resolution": problem.timing.time_resolution}}


def _2025_yaml(problem: Problem) -> str:
    """Our own problem.yaml as it is (x-judge and comments kept); a legacy one in the 2025-09 keys."""
    if not is_legacy(problem.config):
        return (problem.path / "problem.yaml").read_text()
    return _yaml({**_draft_config(problem), "problem_format_version": "2025-09"})


PROBLEMTOOLS_ROOT = frozenset({"attachments", "data", "include", "submissions", "input_validators"})
# problemtools runs a program under an address-space limit of the memory limit (Java and
# Kotlin excepted), under which neither Go's runtime nor Node's starts: they would be RTE.
PROBLEMTOOLS_CANNOT_RUN = (".go", ".js")
PROBLEMTOOLS_CANNOT_RUN_WHY = ("problemtools runs it under an address-space limit of the memory limit, "
                               "under which Go's and Node's runtimes do not start")
ARGS = ("output_validator_args", "input_validator_args")       # 2025-09: lists
FLAGS = ("output_validator_flags", "input_validator_flags")    # legacy, and problemtools for 2023-07: strings
MODERN_ROOT = PROBLEMTOOLS_ROOT | {"statement", "output_validator", "solution", "generators"}
FORMATS: dict[str, Format] = {
    "legacy": Format(
        "legacy", statement="problem_statement", output_validators="output_validators", group_file="testdata.yaml",
        arg_keys=FLAGS, args=" ".join, problem_yaml=_legacy_yaml, kinds=frozenset({"interactive"}),
        root=PROBLEMTOOLS_ROOT | {"problem_statement", "output_validators"}, short_name=True,
        left_out=PROBLEMTOOLS_CANNOT_RUN),
    "2023-07": Format(
        "2023-07-draft", statement="statement", output_validators="output_validator", group_file="testdata.yaml",
        arg_keys=FLAGS, args=" ".join, problem_yaml=lambda problem: _yaml(_draft_config(problem)),
        kinds=frozenset({"interactive", "multi-pass"}), root=MODERN_ROOT, short_name=True,
        left_out=PROBLEMTOOLS_CANNOT_RUN),
    "2025-09": Format(
        "2025-09", statement="statement", output_validators="output_validator", group_file="test_group.yaml",
        arg_keys=ARGS, args=list, problem_yaml=_2025_yaml, kinds=frozenset({"interactive", "multi-pass", "scoring"}),
        root=MODERN_ROOT),
}


def short_name(slug: str) -> str:
    """The [a-z0-9]+ name legacy and 2023-07 tools require: the slug without anything else."""
    name = re.sub(r"[^a-z0-9]", "", slug.lower())
    if not name:
        raise UserError(f"{slug}: no letter or digit to make a short name of ([a-z0-9]+)")
    return name


def export(problem: Problem, dest: Path, fmt: str = "2025-09", say: Callable[[str], None] = lambda line: None) -> Path:
    """Write the package to dest/<name> (which must not exist yet) and return that folder; `say`
    hears one line for each thing the export changed (the short name, left-out submissions)."""
    form = FORMATS[fmt]
    _refuse_what_cannot_be_exported(problem, form, fmt)
    creatable_folder(dest, "destination")
    target = dest / (short_name(problem.slug) if form.short_name else problem.slug)
    if target.exists():
        raise UserError(f"{target} already exists: remove it or choose another destination")
    if target.name != problem.slug:
        say(f"short name {target.name} (the {fmt} format allows only [a-z0-9]+)")
    if is_legacy(problem.config) and form.version != "legacy":
        say(f"{problem.slug} is in the legacy layout: converted to the {fmt} one ({form.statement}/, "
            f"{form.output_validators}/, {form.group_file}, problem.yaml's {fmt} keys)")
    dest.mkdir(parents=True, exist_ok=True)
    target.mkdir()
    for entry in sorted(problem.path.iterdir()):
        if entry.is_dir() and entry.name in form.root and entry.name not in ("output_validator", "output_validators"):
            left_out = [f"*{ext}" for ext in form.left_out] if entry.name == "submissions" else []
            shutil.copytree(entry, target / entry.name,
                            ignore=shutil.ignore_patterns(*SKIPPED, *TEST_GROUP_FILES, *left_out))
    _write_statement(problem, target, form)
    _write_output_validator(problem, target, form)
    _write_group_files(problem, target, form)
    (target / "problem.yaml").write_text(form.problem_yaml(problem))
    if form.version == "legacy":
        (target / ".timelimit").write_text(f"{problem.time_limit_s:g}\n")
    _copy_solutions(problem, target, form, say)
    _rebase_generator_solution(target, problem)
    return target


def _refuse_what_cannot_be_exported(problem: Problem, form: Format, fmt: str) -> None:
    if problem.extensions.get("type") == "function":
        raise UserError(f"{problem.slug} is a function problem (x-judge type: function): its harness is the judge's "
                        f"own, no other tool could judge a submission, so it is not exported")
    kinds = set(_kinds(problem))
    if kinds - form.kinds:
        raise UserError(f"{problem.slug} is {' and '.join(sorted(kinds))}: the {fmt} format cannot express that; "
                        f"export it as {' or '.join(f for f, o in FORMATS.items() if kinds <= o.kinds)}")


def _write_statement(problem: Problem, target: Path, form: Format) -> None:
    source = problem.statement
    if source is None:
        return
    folder = target / form.statement
    folder.mkdir(exist_ok=True)
    for entry in source.parent.iterdir():  # pictures and the like, beside the statement
        if entry.is_file() and not entry.name.startswith("problem."):
            shutil.copy2(entry, folder / entry.name)
    if form.version == "legacy" and source.suffix == ".md":
        (folder / "problem.en.tex").write_text(_latex(problem.name, source.read_text()))
    else:
        shutil.copy2(source, folder / source.name)


def _latex(name: str, markdown: str) -> str:
    """A legacy statement (LaTeX, with \\problemname) from a Markdown one: pandoc's conversion
    when pandoc is installed, else the Markdown itself, verbatim."""
    body = f"\\begin{{verbatim}}\n{markdown}\n\\end{{verbatim}}\n"
    if shutil.which("pandoc"):
        done = subprocess.run(["pandoc", "-f", "markdown", "-t", "latex"], input=markdown, capture_output=True,
                              text=True, timeout=60)
        if done.returncode == 0:
            body = done.stdout
    return f"\\problemname{{{name}}}\n\n{body}"


def _write_output_validator(problem: Problem, target: Path, form: Format) -> None:
    source = problem.output_validator
    if source is None:
        return
    if form.output_validators == "output_validators":  # legacy: a folder of programs
        copy = target / "output_validators" / (source.stem if source.is_file() else "validator")
    else:  # the folder is the one program
        copy = target / "output_validator" / (source.name if source.is_file() else "")
    if source.is_dir():
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns(*SKIPPED))
    else:
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)


def _write_group_files(problem: Problem, target: Path, form: Format) -> None:
    """Each test group's settings, under the format's file name and keys (a legacy problem.yaml's
    validator_flags become the settings of data/ itself)."""
    data = problem.path / "data"
    if not data.is_dir():
        return
    for folder in [data, *sorted(p for p in data.rglob("*") if p.is_dir())]:
        found = next((folder / name for name in TEST_GROUP_FILES if (folder / name).is_file()), None)
        settings = (yaml.safe_load(found.read_text()) or {}) if found else {}
        if folder == data and is_legacy(problem.config) and problem.config.get("validator_flags"):
            settings.setdefault("output_validator_flags", problem.config["validator_flags"])
        for theirs, keys in zip(form.arg_keys, zip(ARGS, FLAGS)):  # output's, then input's
            ours = next((key for key in keys if key in settings), None)
            if ours is not None:
                settings[theirs] = _args(settings.pop(ours), form, found or folder)
        if settings:
            copy = target / "data" / folder.relative_to(data) / form.group_file
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(yaml.safe_dump(settings, sort_keys=False))


def _args(value, form: Format, where: Path):
    if isinstance(value, dict):  # input_validator_args per validator: 2025-09 only
        if form.arg_keys != ARGS:
            raise UserError(f"{where}: input_validator_args per validator cannot be written in the "
                            f"{form.version} format; export it as 2025-09")
        return value
    return form.args(str(value).split() if isinstance(value, str) else [str(v) for v in value])


def _copy_solutions(problem: Problem, target: Path, form: Format, say: Callable[[str], None]) -> None:
    for solution in problem.solutions():
        if solution.expected is None:
            continue
        if solution.path.suffix in form.left_out:
            say(f"left out {solution.expected.folder}/{solution.path.name}: {PROBLEMTOOLS_CANNOT_RUN_WHY}")
            continue
        folder = target / "submissions" / solution.expected.folder
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / solution.path.name
        if copy.exists():
            continue
        if solution.path.is_dir():  # a multi-file program
            shutil.copytree(solution.path, copy, ignore=shutil.ignore_patterns(*SKIPPED))
        elif _public_class(solution.path) not in (None, solution.path.stem):
            # javac wants a public class in a file of its name (our judge does not): the file
            # goes into a folder of its own name, under its class's name, one program either way.
            (folder / solution.path.stem).mkdir()
            shutil.copy2(solution.path, folder / solution.path.stem / f"{_public_class(solution.path)}.java")
        else:
            shutil.copy2(solution.path, copy)


def _public_class(path: Path) -> str | None:
    """The public class a Java source declares (None for any other file)."""
    if path.suffix != ".java":
        return None
    found = re.search(r"^\s*public\s+(?:final\s+|abstract\s+)*class\s+(\w+)", path.read_text(errors="replace"), re.M)
    return found.group(1) if found else None


def _rebase_generator_solution(target: Path, problem: Problem) -> None:
    """generators.yaml names its reference from the repository root; point it into submissions/."""
    path = target / "generators" / "generators.yaml"
    if not path.is_file():
        return
    text = path.read_text()
    ours = f"/solutions/{problem.slug}/"
    if ours in text:
        path.write_text(text.replace(ours, "/submissions/"))
