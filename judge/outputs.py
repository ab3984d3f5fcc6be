"""The files and folders a command will write, checked before the work that fills them.

A report written after a minute of judging must not fail on a typo in its path: every
command checks its outputs (`--junit`, `--plot`, `--csv`, an export's destination)
first, by creating what it would create, and says in one line what is wrong.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from judge.errors import UserError


def writable_file(path: str | os.PathLike, option: str) -> Path:
    """`path` as a file that can be written (created, or overwritten). Raises UserError."""
    target = Path(path)
    if target.is_dir():
        raise UserError(f"{option} {str(path)!r} is a folder: give a file name")
    folder = target.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise UserError(f"{option} {str(path)!r}: the folder {str(folder)!r} {what}: create it or choose another path")
    try:
        if target.exists():
            with open(target, "ab"):
                pass
        else:
            with open(target, "xb"):
                pass
            target.unlink()
    except OSError as exc:
        raise UserError(f"{option} {str(path)!r} cannot be written ({exc.strerror}): choose another path") from None
    return target


def creatable_folder(path: str | os.PathLike, what: str) -> Path:
    """`path` as a folder that exists or can be created, and can be written in. Raises UserError."""
    target = Path(path)
    existing = target
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise UserError(f"{what} {str(path)!r}: {str(existing)!r} is not a folder: choose another path")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".judge-check-", dir=existing))
    except OSError as exc:
        raise UserError(f"{what} {str(path)!r}: cannot create anything in {str(existing)!r} ({exc.strerror}): "
                        f"choose another path") from None
    return target
