"""Export a problem as a self-contained Kattis package (2025-09 layout).

Our problems keep their solutions beside the package, in solutions/<slug>/; an
exported package carries them in submissions/<verdict>/ as other judges expect
(DOMjudge, Kattis problemtools, BAPCtools). Everything else of the package is
copied as it is: it is already in the 2025-09 layout.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from judge.errors import UserError
from judge.package import Problem

SKIPPED = ("__pycache__", "*.pyc", ".generated.json")


def export(problem: Problem, dest: Path) -> Path:
    """Write the package to dest/<slug> (which must not exist yet) and return that folder."""
    target = dest / problem.slug
    if target.exists():
        raise UserError(f"{target} already exists: remove it or choose another destination")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(problem.path, target, ignore=shutil.ignore_patterns(*SKIPPED))
    for solution in problem.solutions():
        if solution.expected is None:
            continue
        folder = target / "submissions" / solution.expected.folder
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / solution.path.name
        if copy.exists():
            continue
        if solution.path.is_dir():  # a multi-file program
            shutil.copytree(solution.path, copy, ignore=shutil.ignore_patterns(*SKIPPED))
        else:
            shutil.copy2(solution.path, copy)
    _rebase_generator_solution(target, problem)
    return target


def _rebase_generator_solution(target: Path, problem: Problem) -> None:
    """generators.yaml names its reference from the repository root; point it into submissions/."""
    path = target / "generators" / "generators.yaml"
    if not path.is_file():
        return
    text = path.read_text()
    ours = f"/solutions/{problem.slug}/"
    if ours in text:
        path.write_text(text.replace(ours, "/submissions/"))
