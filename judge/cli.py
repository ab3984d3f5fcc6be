"""The `judge` command: parse arguments, call the library, render. No judging logic here."""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading

import click

from judge import __version__
from judge.errors import UserError
from judge.launch import VERSION_MESSAGE

EXIT_OK, EXIT_VERDICT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click 8.2+


class JudgeGroup(click.Group):
    """Every way a command can end badly becomes one line on stderr, `judge: error: ...`, and its
    exit status: a UserError or a usage error 2, Ctrl-C 130. With --json, the error is also one
    JSON object on stdout, {"error": "..."}, so a program reading stdout always gets a document."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Abort as exc:  # Ctrl-C or end of input at a prompt
            if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
                _interrupted()
            _fail("no answer (end of input)", EXIT_USAGE, args)
        except _NO_ARGS_IS_HELP as exc:  # `judge` alone: the help, as asked
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:  # bad arguments or options, as click words them
            command = next((a for a in args if a in self.commands), None)
            hint = f" (see `judge {command} --help`)" if command else " (see `judge --help`)"
            _fail(exc.format_message() + hint, EXIT_USAGE, args)
        except UserError as exc:
            _fail(str(exc), EXIT_USAGE, args)
        except KeyboardInterrupt:
            _interrupted()
        sys.exit(code or EXIT_OK)


def _fail(message: str, status: int, args: list[str]) -> None:
    from judge.report import escape, to_json

    if "--json" in args:
        click.echo(to_json({"error": message}))
    click.echo(f"judge: error: {escape(message)}", err=True)  # may quote a compiler or a program
    sys.exit(status)


def _interrupted() -> None:
    click.echo("judge: interrupted", err=True)
    sys.exit(EXIT_INTERRUPTED)


@click.group(cls=JudgeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, message=VERSION_MESSAGE)  # not looked up: fast
def main() -> None:
    """A local judge for problems in the Kattis problem package format."""


def _isolation(requested: str) -> str:
    """The isolation level `--sandbox` asks for, resolved; says so on stderr when "auto" had to
    fall back to none (every command that runs a submission comes here)."""
    from judge import sandbox

    isolation = sandbox.resolve_isolation(requested)
    if isolation == "none" and requested == "auto":
        click.echo("judge: warning: bubblewrap is not usable here, so runs are NOT isolated "
                   "(rlimits and a process group only); install bubblewrap to isolate them", err=True)
    return isolation


class _Progress:
    """A progress bar on stderr, shown only when judging lasts more than a second (with no
    `total`, a count of what is done)."""

    def __init__(self, total: int | None, label: str):
        self.total, self.label, self.count = total, label, 0
        self._bar = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(1.0, self._show) if sys.stderr.isatty() and (total or 2) > 1 else None

    def __enter__(self):
        if self._timer:
            self._timer.daemon = True
            self._timer.start()
        return self

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with self._lock:
            counted = MofNCompleteColumn() if self.total else TextColumn("{task.completed} runs")
            self._bar = Progress(TextColumn("{task.description}", markup=False), BarColumn(), counted,
                                 TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self._task = self._bar.add_task(self.label, total=self.total, completed=self.count)
            self._bar.start()

    def advance(self, *_args) -> None:
        with self._lock:
            self.count += 1
            if self._bar is not None:
                self._bar.update(self._task, completed=self.count)

    def __exit__(self, *exc):
        if self._timer:
            self._timer.cancel()
        with self._lock:
            if self._bar is not None:
                self._bar.stop()
                self._bar = None


@contextlib.contextmanager
def _stop_at_once(shown, what: str):
    """Ctrl-C ends the command at once, with status 130: the runs in progress are killed and
    the worker threads, which would finish every queued run first, are not waited for (they
    record nothing: what was printed stays printed). `shown()` is the progress bar on screen."""
    def stop(_signum, _frame):
        if shown() is not None:
            shown().__exit__(None, None, None)
        from judge import sandbox

        sandbox.kill_active()
        click.echo(f"judge: interrupted: {what}", err=True)
        sys.stdout.flush()
        os._exit(EXIT_INTERRUPTED)

    previous = signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Seconds(click.ParamType):
    """A number of seconds: finite, above 0, for a time limit at most the package format's bound
    (`inf`, `nan` and `1e30` are typos)."""

    name = "seconds"

    def __init__(self, time_limit: bool = False):
        self.time_limit = time_limit

    def convert(self, value, param, ctx):
        import math

        most = None
        if self.time_limit:
            from judge.package import MAX_TIME_LIMIT_S as most  # imported here: --version does not need it
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and 0 < number <= (most or math.inf)):
            bound = f" and at most {most:g}" if most else ""
            self.fail(f"{value!r}: give a number of seconds above 0{bound}", param, ctx)
        return number


SECONDS = _Seconds(time_limit=True)  # a time limit
DURATION = _Seconds()            # how long to keep going

history_option = click.option(
    "--history", "history_file", type=click.Path(dir_okay=False), default=None,
    help="The history database (default: $JUDGE_HISTORY, else $XDG_DATA_HOME/judge/history.sqlite3).")


def cluster_options(does: str, unit_of_work: str):
    """--cluster, --workers and --unit: where `judge verify` and `judge grade` judge (their help
    says what the command `does` there, and what its `unit_of_work` is)."""
    options = [
        click.option("--cluster", "address", metavar="ADDRESS", default=None,
                     help=f"{does} on the Dask scheduler at ADDRESS (tcp://HOST:PORT) instead of on this machine."),
        click.option("--workers", type=click.IntRange(min=1), default=None,
                     help=f"{does} on a local Dask cluster of N worker processes."),
        click.option("--unit", type=click.Choice(["submission", "test"]), default="submission", show_default=True,
                     help=f"With --cluster or --workers: what one Dask task judges: with `submission` one "
                          f"{unit_of_work} on all its tests, with `test` one test (each {unit_of_work} is built "
                          f"here, its tests spread over the workers)."),
    ]

    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command
    return decorate


@main.command()
@click.argument("problem")
@click.argument("solution", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout instead of a table.")
@click.option("--junit", type=click.Path(dir_okay=False, writable=True), help="Also write JUnit XML to this file.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Tests run at once (default: the number of cores).")
@click.option("--fail-fast", is_flag=True, help="Stop at the first test that is not accepted.")
@click.option("--samples", is_flag=True, help="Run the sample tests only.")
@click.option("--time-limit", type=SECONDS, default=None,
              help="CPU time limit in seconds, instead of the problem's.")
@click.option("--sandbox", "sandbox_level", type=click.Choice(["auto", "bwrap", "none"]), default="auto",
              show_default=True, help="Isolation: bubblewrap, or none for trusted code.")
@click.option("--cold", is_flag=True, help="Start a fresh Python interpreter for every test (default: fork "
                                           "a warm one that has NumPy loaded).")
@click.option("--lang", "language", metavar="NAME", default=None,
              help="The solution's language (see `judge languages`), e.g. pypy3 to run a .py under PyPy "
                   "(default: from the file extensions).")
@click.option("--transcript", "transcript_dir", type=click.Path(file_okay=False), default=None,
              help="Interactive problems: write what the submission and the validator said on each failed "
                   "test to this folder, a file per test.")
@click.option("-v", "--verbose", is_flag=True, help="List every test (default: the failed ones, and one line "
                                                    "for the accepted).")
@history_option
def run(problem: str, solution: str, as_json: bool, junit: str | None, jobs: int | None, fail_fast: bool,
        samples: bool, time_limit: float | None, sandbox_level: str, cold: bool, language: str | None,
        transcript_dir: str | None, verbose: bool, history_file: str | None) -> None:
    """Judge SOLUTION (a source file, or a folder of one language's sources) on the tests of PROBLEM
    (a package folder, or a name in problems/)."""
    from judge import outputs, report
    from judge.judging import judge_solution
    from judge.package import load_problem

    loaded = load_problem(problem)
    if transcript_dir is not None:
        _check_transcript_folder(loaded, transcript_dir)
    if junit:
        outputs.writable_file(junit, "--junit")
    isolation = _isolation(sandbox_level)
    for note in loaded.notes:  # what loading noticed and judged around: said once, not hidden
        click.echo(f"judge: note: {report.escape(note)}", err=True)
    own_limit = loaded.time_limit_s if loaded.time_limit_source != "default" else None
    if time_limit is None and loaded.time_limit_source == "default":
        from judge.verify import derived_time_limit

        time_limit, how = derived_time_limit(loaded, isolation=isolation, jobs=jobs)
        own_limit = time_limit
        click.echo(f"judge: {how}", err=True)
    tests = loaded.samples if samples else loaded.tests
    if not tests:
        raise UserError(f"{loaded.slug}: no sample tests (data/sample/) to run")
    with _Progress(len(tests), f"{loaded.slug}") as progress:
        result = judge_solution(loaded, solution, jobs=jobs, fail_fast=fail_fast, isolation=isolation,
                                time_limit=time_limit, tests=tests, on_result=progress.advance, warm=not cold,
                                language=language, transcript=transcript_dir is not None)
    if transcript_dir is not None:
        from judge.transcript import write_failed

        written = write_failed(result, transcript_dir)
        click.echo(f"judge: {len(written)} transcript(s) of failed tests written to {report.escape(transcript_dir)}",
                   err=True)
    if junit:
        report.write_junit(result, junit)
    if as_json:
        click.echo(report.to_json(result))
    else:
        report.render_terminal(result, verbose=verbose)
    from judge import history
    history.record_or_warn(result, samples_only=samples, total=len(tests), path=history_file,
                           package=history.package_key(loaded.path, loaded.config), problem_time_limit_s=own_limit)
    if result.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(EXIT_OK if result.verdict.value == "AC" else EXIT_VERDICT)


def _check_transcript_folder(problem, folder: str) -> None:
    """--transcript is for interactive problems, into a folder that can be written: said before judging."""
    if not problem.interactive:
        raise UserError(f"--transcript: {problem.slug} is not an interactive problem (its runs have no "
                        f"conversation to record); leave the option out")
    from judge.outputs import creatable_folder

    creatable_folder(folder, "--transcript")


@main.command()
def languages() -> None:
    """Every language the judge knows: its name (for --lang), extensions, whether its toolchain
    is installed here, and its version."""
    from judge.languages import versions

    rows = [(lang.name, lang.title, " ".join(lang.extensions) or "(--lang only)",
             "installed" if found else "MISSING", found or f"apt-get install -y {lang.install}")
            for lang, found in versions()]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4])


@main.command()
@click.argument("problems", nargs=-1)
@click.option("--all", "all_problems", is_flag=True, help="Verify every problem in problems/.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout instead of tables.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Runs at once (default: the number of cores).")
@click.option("--sandbox", "sandbox_level", type=click.Choice(["auto", "bwrap", "none"]), default="auto",
              show_default=True, help="Isolation for the solutions' runs.")
@cluster_options("Judge the solutions", "solution")
def verify(problems: tuple[str, ...], all_problems: bool, as_json: bool, jobs: int | None,
           sandbox_level: str, address: str | None, workers: int | None, unit: str) -> None:
    """Prove that a package is consistent: validators, generated tests, answers, every
    solution's verdict and the time limit. Exit 0 only when every package is."""
    from pathlib import Path

    from judge import report
    from judge.verify import all_problems as every_problem, verify_problem

    if all_problems == bool(problems):
        raise UserError("name the problems to verify, or give --all (not both)")
    from judge.package import resolve_problem_path

    for name in problems:  # a typo is said before minutes of verifying the others
        resolve_problem_path(name)
    _check_cluster_options(address, workers, unit, "verifying")
    isolation = _isolation(sandbox_level)
    reports, bar = [], [None]
    with _stop_at_once(lambda: bar[0], "verify stopped (only the problems shown above were verified)"), \
            _dask_runner(address, workers, unit) as runner:
        judge_many = runner.judge_solutions if runner is not None else None
        for p in every_problem() if all_problems else problems:
            with _Progress(None, f"verifying {Path(p).name}") as bar[0]:
                reports.append(verify_problem(p, jobs=jobs, isolation=isolation, judge_many=judge_many,
                                              on_run=bar[0].advance))
            bar[0] = None
            if not as_json:  # each problem's report as soon as it is known
                report.render_verify(reports[-1])
    ok = all(r.ok for r in reports)
    if as_json:
        click.echo(report.to_json({"ok": ok, "problems": [r.to_dict() for r in reports]}))
    sys.exit(EXIT_OK if ok else EXIT_VERDICT)


def _check_cluster_options(address: str | None, workers: int | None, unit: str, doing: str) -> None:
    if address and workers:
        raise UserError("give --cluster or --workers, not both")
    if unit != "submission" and not (address or workers):
        raise UserError(f"--unit is for {doing} on a Dask cluster: give --cluster or --workers too")


def _dask_runner(address: str | None, workers: int | None, unit: str = "submission", here=None):
    """A cluster.DaskRunner for --cluster / --workers (a context manager), else one yielding `here`."""
    if address or workers:
        from judge.cluster import DaskRunner

        return DaskRunner(address=address, workers=workers, unit=unit)
    import contextlib

    return contextlib.nullcontext(here)


@main.command()
@click.argument("problem")
@click.option("--force", is_flag=True, help="Rebuild every generated test, even up-to-date ones.")
def generate(problem: str, force: bool) -> None:
    """(Re)build the generated tests listed in generators/generators.yaml, and their answers."""
    from judge.generate import generate as build
    from judge.package import load_problem_yaml

    outcome = build(load_problem_yaml(problem), force=force)  # the tests may not exist yet
    written = sum(v == "written" for v in outcome.values())
    click.echo(f"{problem}: {written} test(s) written, {len(outcome) - written} up to date")


def _test(**options) -> None:
    click.get_current_context().invoke(run, **{**options, "samples": True})


main.add_command(click.Command(
    "test", callback=_test, params=run.params,
    help="Judge SOLUTION on the samples of PROBLEM only: `judge run --samples`, the quick loop while writing."))


def _read_history(history_file: str | None):
    """Every recorded attempt, or None (after one warning line) if the history cannot be read."""
    from judge import history

    try:
        return history.attempts(history_file)
    except history.HistoryError as error:
        click.echo(f"judge: warning: the history cannot be read, so no status is shown ({error})", err=True)
        return None


@main.command("list")
@history_option
def list_problems(history_file: str | None) -> None:
    """Every problem in problems/: title, tags, difficulty, limits and your status."""
    from judge import practice

    practice.render_catalogue(practice.catalogue(), _read_history(history_file))


@main.command()
@click.argument("problem")
@click.option("--editorial", is_flag=True, help="Show the editorial (how to solve it) instead, after asking.")
@click.option("-y", "--yes", is_flag=True, help="With --editorial: show it without asking.")
def show(problem: str, editorial: bool, yes: bool) -> None:
    """Show the statement of PROBLEM, its samples included."""
    from judge import practice
    from judge.package import load_problem_yaml

    loaded = load_problem_yaml(problem)
    if not editorial:
        practice.render_markdown(practice.statement_markdown(loaded))
        return
    text = practice.editorial_markdown(loaded)
    if not yes:
        if not sys.stdin.isatty():
            raise UserError(f"the editorial of {loaded.slug} is shown only after a yes, and there is no "
                            f"terminal to ask on: add --yes to show it")
        if not click.confirm(f"Show the editorial of {loaded.slug}?", default=False, prompt_suffix=" ", err=True):
            click.echo("judge: the editorial stays hidden", err=True)
            return
    practice.render_markdown(text)


@main.command()
@click.argument("problem")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["py", "cpp"]), default=None,
              help="The starter's language (default: from PATH's extension, else py).")
def new(problem: str, path: str | None, lang: str | None) -> None:
    """Write a starter file for PROBLEM to PATH (default: ./<problem>.py): it reads the input
    and prints a well-formed but wrong answer. Never overwrites a file."""
    from judge import starter
    from judge.package import load_problem_yaml

    loaded = load_problem_yaml(problem)
    target = starter.write_starter(loaded, starter.choose_language(lang, path), path)
    click.echo(f"wrote {target}: try it with `judge test {loaded.slug} {target}`, "
               f"then `judge run {loaded.slug} {target}`")


@main.command("history")
@click.argument("problem", required=False)
@click.option("-n", "--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Attempts shown (0: all).")
@history_option
def history_command(problem: str | None, limit: int, history_file: str | None) -> None:
    """Your attempts, newest first, and your best accepted time per problem (of PROBLEM only, if given)."""
    from pathlib import Path

    from judge import history, practice
    from judge.package import load_problem_yaml, resolve_problem_path

    slug = package = None
    if problem:
        try:
            slug = resolve_problem_path(problem).resolve().name
        except UserError:  # a problem no longer here may still have a history
            slug = Path(problem).name
        else:
            try:
                loaded = load_problem_yaml(problem)
                package = history.package_key(loaded.path, loaded.config)
            except UserError:
                pass
    try:
        attempts = history.attempts(history_file, problem=slug)
    except history.HistoryError as error:
        raise UserError(f"the history cannot be read: {error}") from None
    attempts = [a for a in attempts if a.of(a.problem, package)]  # not another package of that name
    practice.render_history(attempts[:limit] if limit else attempts, attempts, slug)


@main.command()
@click.argument("problem")
@click.argument("candidate", type=click.Path(dir_okay=False))
@click.option("--reference", type=click.Path(dir_okay=False, exists=True),
              help="The solution to trust (default: generators.yaml's, else the first accepted one).")
@click.option("--generator", help="Generator command relative to generators/ (default: 'gen.py --n 10'); "
                                  "--seed is added.")
@click.option("--count", type=click.IntRange(min=1), help="Stop after this many inputs (default 100).")
@click.option("--time", "seconds", type=DURATION, help="Stop after this many seconds.")
@click.option("--save", "save_as", help="Save the shrunk failing case as data/secret/NAME.in with its answer.")
@click.option("--sandbox", "sandbox_level", type=click.Choice(["auto", "bwrap", "none"]), default="auto",
              show_default=True)
def stress(problem: str, candidate: str, reference: str | None, generator: str | None, count: int | None,
           seconds: float | None, save_as: str | None, sandbox_level: str) -> None:
    """Compare CANDIDATE with a reference on random inputs until they disagree, then shrink the case."""
    from pathlib import Path

    from judge import stress as stressing
    from judge.package import load_problem
    from judge.report import escape, escape_bytes

    loaded = load_problem(problem)
    if not Path(candidate).is_file():
        raise UserError(f"solution {candidate!r} not found: give the path of a source file")
    if save_as:
        stressing.check_save_name(loaded, save_as)  # before the search, not after it
    isolation = _isolation(sandbox_level)
    result = stressing.stress(loaded, Path(candidate), reference=Path(reference) if reference else None,
                              generator=generator, count=count, seconds=seconds, isolation=isolation)
    failure = result.failure
    if failure is None:
        click.echo(f"{loaded.slug}: no difference found in {result.tries} random inputs")
        return
    click.echo(escape(f"{loaded.slug}: {failure.verdict.value} on input {result.tries} "
                      f"(shrunk in {result.shrink_steps} steps): {failure.message}"))
    click.echo(escape(f"generator: {' '.join(failure.command)}"))
    click.echo("--- input\n" + escape_bytes(failure.input))
    click.echo("--- reference output\n" + escape_bytes(failure.expected))
    click.echo("--- candidate output\n" + escape_bytes(failure.got))
    if save_as:
        click.echo(f"saved as {stressing.save_case(loaded, failure, save_as)}")
    sys.exit(EXIT_VERDICT)


@main.command()
@click.argument("problem")
@click.argument("dest", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["legacy", "2023-07", "2025-09"]), default="2025-09",
              show_default=True, help="The package format (problemtools' verifyproblem reads legacy and 2023-07).")
def export(problem: str, dest: str, fmt: str) -> None:
    """Write PROBLEM as a self-contained package in DEST/<name>, with submissions/."""
    from pathlib import Path

    from judge.export import export as write
    from judge.package import load_problem

    click.echo(f"exported to {write(load_problem(problem), Path(dest), fmt, click.echo)}")


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(float(part)) for part in text.split(",") if part.strip()})
    except (ValueError, OverflowError):  # not a number, nan, inf
        raise click.BadParameter(f"{text!r}: give whole sizes like 1e3,1e4,1e5", param_hint="'--sizes'") from None
    if not sizes or sizes[0] < 1:
        raise click.BadParameter(f"{text!r}: sizes must be positive", param_hint="'--sizes'")
    return sizes


@main.command()
@click.argument("problem")
@click.argument("solutions", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--sizes", default="1e3,1e4,1e5", show_default=True, help="Comma-separated input sizes (--n).")
@click.option("--repeat", type=click.IntRange(min=1), default=3, show_default=True, help="Runs per size.")
@click.option("--generator", help="Generator command in generators/ (default: gen.py); --seed and --n are added.")
@click.option("--reference", type=click.Path(dir_okay=False, exists=True),
              help="The solution whose outputs are right (default: generators.yaml's).")
@click.option("--time-limit", type=SECONDS, default=10.0, show_default=True,
              help="CPU limit per run; a solution stops growing after a time-out.")
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False), help="Write a log-log PNG plot here.")
@click.option("--json", "as_json", is_flag=True, help="Print the raw figures as JSON.")
@click.option("--cold", is_flag=True, help="Start a fresh Python interpreter for every run.")
@click.option("--sandbox", "sandbox_level", type=click.Choice(["auto", "bwrap", "none"]), default="auto",
              show_default=True)
def bench(problem: str, solutions: tuple[str, ...], sizes: str, repeat: int, generator: str | None,
          reference: str | None, time_limit: float, plot_file: str | None, as_json: bool, cold: bool,
          sandbox_level: str) -> None:
    """Time SOLUTIONS on generated inputs of growing size: a table, growth exponents, a plot."""
    from pathlib import Path

    from judge import bench as benchmarking, report
    from judge.package import load_problem

    loaded = load_problem(problem)
    if plot_file:
        benchmarking.check_plot_file(plot_file)
    isolation = _isolation(sandbox_level)
    series = benchmarking.bench(loaded, [Path(s) for s in solutions], _sizes(sizes), repeat=repeat,
                                generator=generator, reference=Path(reference) if reference else None,
                                time_limit=time_limit, isolation=isolation, warm=not cold)
    if plot_file:
        benchmarking.plot(series, Path(plot_file), f"{loaded.slug}: time and memory against input size")
    if as_json:
        click.echo(report.to_json({"problem": loaded.slug, "series": [s.to_dict() for s in series]}))
    else:
        report.render_bench(series)
        if plot_file:
            click.echo(f"plot written to {plot_file}")


@main.command()
@click.argument("submissions", type=click.Path())
@cluster_options("Grade", "submission")
@click.option("--results", "results_file", type=click.Path(dir_okay=False), default=None,
              help="The results database (default: SUBMISSIONS/grades.sqlite3); what it holds is not graded again.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout instead of a gradebook.")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), default=None,
              help="Also write the results to this CSV file.")
@click.option("--problems", "problems_dir", type=click.Path(), default=None,
              help="The folder of problem packages (default: those judge run finds by name).")
def grade(submissions: str, address: str | None, workers: int | None, unit: str, results_file: str | None,
          as_json: bool, csv_file: str | None, problems_dir: str | None) -> None:
    """Grade every submission in SUBMISSIONS (one folder per submitter, files named after the problem
    they solve: alice/incdec.py) and show a gradebook. Exit 0 when every submission was graded."""
    from pathlib import Path

    from judge import grade as grading_
    from judge.report import escape

    _check_cluster_options(address, workers, unit, "grading")
    if csv_file:
        from judge.outputs import writable_file

        writable_file(csv_file, "--csv")
    problems = grading_.problem_packages(problems_dir)
    found, skipped = grading_.find_submissions(submissions, problems)
    for s in skipped:
        click.echo(f"judge: skipped {escape(s.file)}: {escape(s.reason)}", err=True)
    db = grading_.ResultsDB(results_file or Path(submissions) / grading_.RESULTS_NAME)
    if not (address or workers):
        _isolation("auto")
    with _dask_runner(address, workers, unit, here=grading_.run_here) as runner:  # a missing time limit is derived where the grading runs
        jobs = grading_.make_jobs(found, problems, db=db, judge_many=getattr(runner, "judge_solutions", None),
                                  say=lambda text: click.echo(f"judge: {escape(text)}", err=True))
        with _Progress(len(jobs), "grading") as progress:
            outcome = grading_.grade(jobs, db, runner, on_record=progress.advance)
    outcome.skipped = skipped
    for f in outcome.failed:
        click.echo(f"judge: not graded {escape(f.file)}: {escape(f.reason)}", err=True)
    if csv_file:
        grading_.write_csv(outcome, csv_file)
    if as_json:
        click.echo(grading_.to_json(outcome))
    else:
        if outcome.records:
            click.echo(escape(grading_.gradebook(outcome)))
        click.echo(f"judge: {len(outcome.records)} of {len(jobs)} submissions graded ({outcome.graded_now} now, "
                   f"{outcome.already} already in {db.path}); {len(skipped)} files skipped", err=True)
    db.close()
    sys.exit(EXIT_OK if outcome.complete else EXIT_VERDICT)
