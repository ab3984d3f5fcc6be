"""The `judge` command: parse arguments, call the library, render. No judging logic here."""
from __future__ import annotations

import sys
import threading

import click

from judge.errors import UserError

EXIT_OK, EXIT_VERDICT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class JudgeGroup(click.Group):
    """Turns a UserError into one line on stderr and exit status 2, Ctrl-C into 130."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            click.echo(f"judge: error: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("judge: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)


@click.group(cls=JudgeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="judge", message="judge %(version)s")
def main() -> None:
    """A local judge for problems in the Kattis problem package format."""


def _warn_if_unisolated(requested: str, isolation: str) -> None:
    if isolation == "none" and requested == "auto":
        click.echo("judge: warning: bubblewrap is not usable here, so runs are NOT isolated "
                   "(rlimits and a process group only); install bubblewrap to isolate them", err=True)


class _Progress:
    """A progress bar on stderr, shown only when judging lasts more than a second."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.count = total, label, 0
        self._bar = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(1.0, self._show) if sys.stderr.isatty() and total > 1 else None

    def __enter__(self):
        if self._timer:
            self._timer.daemon = True
            self._timer.start()
        return self

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with self._lock:
            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
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


@main.command()
@click.argument("problem")
@click.argument("solution", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout instead of a table.")
@click.option("--junit", type=click.Path(dir_okay=False, writable=True), help="Also write JUnit XML to this file.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Tests run at once (default: the number of cores).")
@click.option("--fail-fast", is_flag=True, help="Stop at the first test that is not accepted.")
@click.option("--samples", is_flag=True, help="Run the sample tests only.")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=None,
              help="CPU time limit in seconds, instead of the problem's.")
@click.option("--sandbox", "sandbox_level", type=click.Choice(["auto", "bwrap", "none"]), default="auto",
              show_default=True, help="Isolation: bubblewrap, or none for trusted code.")
def run(problem: str, solution: str, as_json: bool, junit: str | None, jobs: int | None, fail_fast: bool,
        samples: bool, time_limit: float | None, sandbox_level: str) -> None:
    """Judge SOLUTION on the tests of PROBLEM (a package folder, or a name in problems/)."""
    from judge import sandbox
    from judge.judging import judge_solution
    from judge.package import load_problem
    from judge import report

    loaded = load_problem(problem)
    isolation = sandbox.resolve_isolation(sandbox_level)
    _warn_if_unisolated(sandbox_level, isolation)
    tests = loaded.samples if samples else loaded.tests
    if not tests:
        raise UserError(f"{loaded.slug}: no sample tests (data/sample/) to run")
    with _Progress(len(tests), f"{loaded.slug}") as progress:
        result = judge_solution(loaded, solution, jobs=jobs, fail_fast=fail_fast, isolation=isolation,
                                time_limit=time_limit, tests=tests, on_result=progress.advance)
    if junit:
        report.write_junit(result, junit)
    if as_json:
        click.echo(report.to_json(result))
    else:
        report.render_terminal(result)
    if result.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(EXIT_OK if result.verdict.value == "AC" else EXIT_VERDICT)
