"""Starter files for `judge new`: they read the input fast and print a well-formed but wrong
answer, so judging one before it is written gives WA (never a crash or a compile error).

A function problem (problem.yaml ``x-judge: {type: function, functions: [...]}``) gets the
functions it must define, with the parameters its statement gives (``name(a, b) -> (c, d)``
in a code span), each returning a placeholder of the promised shape.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from judge.errors import UserError
from judge.package import Problem

EXTENSIONS = {"py": ".py", "cpp": ".cpp"}
_SUFFIX_LANG = {".py": "py", ".cpp": "cpp", ".cc": "cpp", ".cxx": "cpp"}

_PYTHON = '''\
"""{title}: a starter.

Limits: {limits}. Judge it on the samples while writing, then on every test:
    judge test {slug} {file} --samples
    judge run {slug} {file}
"""
import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()  # every whitespace-separated token of the input, as bytes
    # TODO: read the input from `data` (e.g. n = int(data[0])) and compute the answer.
    answer = 0  # placeholder: well-formed, but wrong
    sys.stdout.write(f"{{answer}}\\n")


if __name__ == "__main__":
    main()
'''

_CPP = '''\
// {title}: a starter.
//
// Limits: {limits}. Judge it on the samples while writing, then on every test:
//     judge test {slug} {file} --samples
//     judge run {slug} {file}
#include <bits/stdc++.h>
using namespace std;

int main() {{
    ios::sync_with_stdio(false);  // fast input and output
    cin.tie(nullptr);
    // TODO: replace this loop with your reading (e.g. long long n; cin >> n;) and compute the answer.
    vector<string> tokens;  // every whitespace-separated token of the input
    for (string token; cin >> token;) tokens.push_back(token);
    long long answer = 0;  // placeholder: well-formed, but wrong
    cout << answer << '\\n';
    return 0;
}}
'''

_FUNCTION_MODULE = '''\
"""{title}: a starter.

Define the functions below; the judge imports this module and calls them (see the
statement: `judge show {slug}`). Each returns a placeholder, so this file is judged a
wrong answer until they are written. Limits: {limits}.
"""
'''

_FUNCTION = '''

def {name}({params}):
    """{signature}"""
    # TODO: compute the result.
    return {placeholder}  # placeholder: well-formed, but wrong
'''


def is_function_problem(problem: Problem) -> bool:
    return str(problem.extensions.get("type", "")).lower() == "function"


def choose_language(lang: str | None, path: str | os.PathLike | None) -> str:
    """--lang, else the extension of PATH, else Python."""
    from_path = _SUFFIX_LANG.get(Path(path).suffix.lower()) if path else None
    if path and Path(path).suffix and from_path is None:
        raise UserError(f"{path}: unknown extension; starters are {', '.join(_SUFFIX_LANG)} files")
    if lang and from_path and lang != from_path:
        raise UserError(f"--lang {lang} does not match the extension of {path}")
    return lang or from_path or "py"


def _signatures(problem: Problem) -> list[tuple[str, str, str | None]]:
    """(name, parameters, returns) of each function the problem asks for."""
    try:
        statement = problem.statement.read_text(encoding="utf-8") if problem.statement else ""
    except (OSError, UnicodeDecodeError):
        statement = ""
    declared = problem.extensions.get("functions") or []
    if isinstance(declared, dict):  # name: "(a, b) -> (c, d)"
        items = [f"{name}{signature or ''}" for name, signature in declared.items()]
    else:
        items = [str(item) for item in declared]
    found = []
    for item in items:
        name = re.match(r"\s*([A-Za-z_]\w*)", item)
        if name is None:
            continue
        name = name.group(1)
        pattern = rf"\b{re.escape(name)}\s*\(([^()]*)\)\s*(?:->\s*(\([^()]*\)|[\w.\[\], ]+?))?\s*(?:`|$)"
        match = re.match(pattern, item.strip()) or re.search(pattern.replace(r"(?:`|$)", "`"), statement)
        found.append((name, match.group(1).strip() if match else "*args, **kwargs",
                      match.group(2).strip() if match and match.group(2) else None))
    return found


def _placeholder(returns: str | None) -> str:
    """None, or a tuple of Nones as long as the tuple the signature promises."""
    if returns and returns.startswith("("):
        count = len([part for part in returns[1:-1].split(",") if part.strip()])
        return ", ".join(["None"] * count) if count > 1 else "None"
    return "None"


def starter_source(problem: Problem, lang: str, file: str) -> str:
    fields = dict(title=f"{problem.name} ({problem.slug})", slug=problem.slug, file=file,
                  limits=f"{problem.time_limit_s:g} s CPU, {problem.memory_mib} MiB")
    if not is_function_problem(problem):
        return (_PYTHON if lang == "py" else _CPP).format(**fields)
    wanted = str(problem.extensions.get("language", "python")).lower()
    if lang != "py" or wanted not in ("python", "python3", "py"):
        raise UserError(f"{problem.slug} is a function problem in {wanted}: its starter is a .py module")
    signatures = _signatures(problem)
    if not signatures:
        raise UserError(f"{problem.slug}: problem.yaml names no functions (x-judge: functions)")
    source = _FUNCTION_MODULE.format(**fields)
    for name, params, returns in signatures:
        signature = f"{name}({params})" + (f" -> {returns}" if returns else "") + ": see the statement."
        source += _FUNCTION.format(name=name, params=params, signature=signature, placeholder=_placeholder(returns))
    return source


def write_starter(problem: Problem, lang: str, path: str | os.PathLike | None) -> Path:
    """Write the starter to PATH (default ./<slug>.<ext>); never overwrites a file."""
    target = Path(path) if path else Path(problem.slug + EXTENSIONS[lang])
    source = starter_source(problem, lang, str(target))
    try:
        with open(target, "x", encoding="utf-8") as out:
            out.write(source)
    except FileExistsError:
        raise UserError(f"{target} already exists: not overwriting it (give another PATH)") from None
    except OSError as error:
        raise UserError(f"{target}: cannot be written ({error.strerror or error})") from None
    return target
