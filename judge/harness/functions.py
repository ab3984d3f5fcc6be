"""The harness of function problems: runs inside the sandbox, next to the learner's module.

    python -I functions.py solution.py < test.in > output.npz

A test input is an .npz archive: named arrays, plus `__calls__`, a JSON list of
steps run in order against the learner's module:

    {"let": "bn", "value": {"mode": "train", "eps": 1e-5, "running_mean": "@rm0"}}
        define a variable (here a dict the learner may update in place)
    {"call": "batchnorm_forward", "args": ["@x", "@gamma", "@beta", "$bn"], "save": ["out", "$cache"]}
        call a function; each returned value is saved as an output array ("out")
        or kept as a variable ("$cache") for later steps
    {"record": "running_mean", "value": "$bn.running_mean"}
        save a variable (or an item of a dict variable, an input array "@name" or a
        JSON literal) as an output array; a package uses the last two to carry data
        into its answers, such as the arrays checker's __alt__/ entries

Every output array is a snapshot: a copy of the value taken at the step that saves
it. A later step that changes the same array in place (a running statistic updated
by the next call) does not change what an earlier step recorded, and a module that
rebinds a dict entry to a new array is recorded the same way as one that updates the
array in place.

Arguments: "@name" is a fresh copy of an array of the input, "$name" a variable,
"$name.key" an item of a dict variable; anything else is passed as it is (JSON).
The outputs are written to stdout as one .npz archive (what the learner's code
prints goes to stderr instead), compared by the judge's
`arrays` checker. When the module does not define a function or a call returns
the wrong number of values, the archive holds `__error__` (a wrong answer with
that message); an exception raised by the learner's code ends the run with its
traceback (a run-time error).
This file is standard library + NumPy only: it must not import the judge.
"""
import importlib.util
import io
import json
import sys

import numpy as np


class HarnessError(Exception):
    """The solution does not fit the problem's API: a wrong answer, not a crash."""


def _resolve(value, arrays, env):
    if isinstance(value, str) and value.startswith("@"):
        return arrays[value[1:]].copy()
    if isinstance(value, str) and value.startswith("$"):
        name, _, key = value[1:].partition(".")
        if name not in env:
            raise KeyError(f"unknown variable {name}")
        return env[name][key] if key else env[name]
    if isinstance(value, dict):
        return {k: _resolve(v, arrays, env) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, arrays, env) for v in value]
    return value


def _as_output(name, value):
    """A copy of `value` as a numeric array: what it holds now, not what it will hold."""
    try:
        array = np.array(value, copy=True)
    except Exception:
        raise HarnessError(f"{name}: expected an array, got {type(value).__name__}") from None
    if array.dtype == object:
        raise HarnessError(f"{name}: expected a numeric array, got {type(value).__name__}")
    return array


def run(module, arrays, calls):
    env, outputs = {}, {}
    for step in calls:
        if "let" in step:
            env[step["let"]] = _resolve(step["value"], arrays, env)
        elif "record" in step:
            outputs[step["record"]] = _as_output(step["record"], _resolve(step["value"], arrays, env))
        else:
            name = step["call"]
            function = getattr(module, name, None)
            if not callable(function):
                raise HarnessError(f"the solution defines no function {name}")
            args = [_resolve(a, arrays, env) for a in step.get("args", [])]
            result = function(*args)  # an exception here is the learner's: a run-time error
            save = step.get("save", [])
            values = [result] if len(save) == 1 else result
            if len(save) > 1 and (not isinstance(values, (tuple, list)) or len(values) != len(save)):
                got = len(values) if isinstance(values, (tuple, list)) else 1
                raise HarnessError(f"{name} returned {got} value(s), expected {len(save)}")
            for target, value in zip(save, values):
                if target.startswith("$"):
                    env[target[1:]] = value
                else:
                    outputs[target] = _as_output(f"{target} (from {name})", value)
    return outputs


def main():
    if len(sys.argv) != 2:
        print("usage: functions.py SOLUTION_MODULE < test.npz", file=sys.stderr)
        return 2
    results = sys.stdout.buffer
    sys.stdout = sys.stderr  # the learner's prints must not corrupt the results archive
    data = np.load(io.BytesIO(sys.stdin.buffer.read()), allow_pickle=False)
    arrays = {name: data[name] for name in data.files if name != "__calls__"}
    calls = json.loads(str(data["__calls__"]))
    spec = importlib.util.spec_from_file_location("solution", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    sys.modules["solution"] = module
    spec.loader.exec_module(module)
    try:
        outputs = run(module, arrays, calls)
    except HarnessError as exc:
        outputs = {"__error__": np.array(str(exc))}
    buffer = io.BytesIO()
    np.savez(buffer, **outputs)
    results.write(buffer.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
