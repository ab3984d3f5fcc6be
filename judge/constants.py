"""`constants:` of problem.yaml (2025-09) and the `{{name}}` sequences they replace.

    constants:
      k:                       # a map with a `value` and variants ...
        value: 5000000
        tex: 5,000,000
      SIX: 6                   # ... or a scalar, the same as {value: 6}

`{{k}}` and `{{k.value}}` stand for the value, `{{k.tex}}` for a variant. A sequence naming
no constant is left as it is. Where sequences are replaced (package_programs.py, and the
arguments of test_group.yaml and <test>.yaml): input, answer and output validators and
generators. Not in test data, problem.yaml, or example submissions: BAPCtools does not
replace them there either (its `constants` test package keeps a submission printing
`{{FIVE.STRING}}` under wrong_answer/), and a submission judged here is judged as a
contestant would submit it.
"""
from __future__ import annotations

import re

from judge.errors import PackageError

NAME = r"[a-zA-Z_][a-zA-Z0-9_]*"
SEQUENCE = re.compile(rf"\{{\{{({NAME}(?:\.{NAME})?)\}}\}}")
_NAME = re.compile(NAME)


def _text(value, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise PackageError(f"{where} must be an integer, a float or a string, got {value!r}")
    return str(value)


def parse(config: dict, where) -> dict[str, str]:
    """problem.yaml's constants as the text each sequence becomes ("k", "k.value", "k.tex" ...).
    Raises PackageError (one line) on a malformed entry."""
    raw = config.get("constants")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise PackageError(f"{where}: constants must be a map of names to values")
    found: dict[str, str] = {}
    for name, value in raw.items():
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise PackageError(f"{where}: constants: {name!r} is not a valid name ({NAME})")
        variants = value if isinstance(value, dict) else {"value": value}
        if "value" not in variants:
            raise PackageError(f"{where}: constants.{name} has no 'value'")
        for variant, text in variants.items():
            if not isinstance(variant, str) or not _NAME.fullmatch(variant):
                raise PackageError(f"{where}: constants.{name}: {variant!r} is not a valid variant name")
            found[f"{name}.{variant}"] = _text(text, f"{where}: constants.{name}.{variant}")
        found[name] = found[f"{name}.value"]
    return found


def substitute(text: str, constants: dict[str, str]) -> str:
    """`text` with every sequence naming a constant replaced by its text."""
    if not constants or "{{" not in text:
        return text
    return SEQUENCE.sub(lambda m: constants.get(m.group(1), m.group(0)), text)


def substitute_bytes(data: bytes, constants: dict[str, str]) -> bytes:
    """A file's bytes with the sequences replaced; a file that is not UTF-8 text is left alone."""
    if not constants or b"{{" not in data:
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return substitute(text, constants).encode("utf-8")


def in_tests(tests: list, table: dict[str, str]) -> list:
    """Tests with the sequences in their validator arguments (from test_group.yaml and
    <test>.yaml) replaced."""
    if not table:
        return tests
    import dataclasses

    def args(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(substitute(v, table) for v in values)

    return [dataclasses.replace(t, validator_args=args(t.validator_args),
                                input_validator_args=tuple((name, args(a)) for name, a in t.input_validator_args))
            for t in tests]


LATEX_COMMAND = re.compile(rf"\\constant\{{({NAME}(?:\.{NAME})?)\}}")


def in_latex(text: str, constants: dict[str, str]) -> str:
    """A LaTeX statement with `\\constant{name}` and `\\constant{name.variant}` replaced."""
    if not constants or "\\constant" not in text:
        return text
    return LATEX_COMMAND.sub(lambda m: constants.get(m.group(1), m.group(0)), text)
