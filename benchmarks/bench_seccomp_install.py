"""What installing the sandbox's seccomp program costs a run: the judge's policy
(judge/seccomp.py, compile_policy) against a one-instruction program that allows
everything (the floor of any filter), each installed in a fresh forked process, timed
around prctl(PR_SET_SECCOMP) alone. The kernel converts the program, JIT-compiles it and
runs it over every call number to cache the calls it always allows: the cost grows with
the comparisons a call passes before its answer.

    python3 benchmarks/bench_seccomp_install.py [--installs 500] [--repeat 5]

Prints microseconds per install, min / median of the repeats. Needs a C compiler.
"""
from __future__ import annotations

import argparse
import statistics
import struct
import subprocess
import tempfile
from pathlib import Path

from judge.seccomp import RET_ALLOW, compile_policy

TIMER = r"""
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

int main(int argc, char **argv) {
    static struct sock_filter program[4096];
    FILE *f = fopen(argv[1], "rb");
    int length = (int)fread(program, sizeof program[0], 4096, f);
    struct sock_fprog fprog = {(unsigned short)length, program};
    int installs = atoi(argv[2]);
    double total = 0;
    for (int i = 0; i < installs; i++) {
        int p[2];
        if (pipe(p) != 0) return 1;
        pid_t pid = fork();
        if (pid == 0) {
            struct timespec a, b;
            prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
            clock_gettime(CLOCK_MONOTONIC, &a);
            if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) != 0) _exit(1);
            clock_gettime(CLOCK_MONOTONIC, &b);
            double us = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
            _exit(write(p[1], &us, sizeof us) == sizeof us ? 0 : 1);
        }
        double us = 0;
        if (read(p[0], &us, sizeof us) != sizeof us) return 1;
        waitpid(pid, NULL, 0);
        close(p[0]);
        close(p[1]);
        total += us;
    }
    printf("%.2f\n", total / installs);
    return 0;
}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="judge-bench-seccomp-") as tmp:
        folder = Path(tmp)
        (folder / "timer.c").write_text(TIMER)
        subprocess.run(["gcc", "-O2", "-o", str(folder / "timer"), str(folder / "timer.c")], check=True)
        programs = {"the judge's policy": compile_policy(),
                    "one instruction (allow everything)": struct.pack("=HBBI", 0x06, 0, 0, RET_ALLOW)}
        times: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(args.repeat):  # alternated, so the machine's moods hit both alike
            for name, program in programs.items():
                (folder / "program.bpf").write_bytes(program)
                out = subprocess.run([str(folder / "timer"), str(folder / "program.bpf"), str(args.installs)],
                                     capture_output=True, text=True, check=True).stdout
                times[name].append(float(out))
        print("| seccomp program | instructions | us per install (min / median) |")
        print("| --- | ---: | ---: |")
        for name, values in times.items():
            print(f"| {name} | {len(programs[name]) // 8} | {min(values):.1f} / {statistics.median(values):.1f} |")


if __name__ == "__main__":
    main()
