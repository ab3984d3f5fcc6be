#!/bin/bash
# judge verify against problemtools' verifyproblem on the same packages with the same languages.
#
#   benchmarks/verify_vs_problemtools.sh EXAMPLES WORK [PACKAGE...]
#
# EXAMPLES is problemtools' examples/ folder; WORK an empty scratch folder; the packages are
# `different hello guess oddecho` (all of problemtools' examples) unless named. Each is copied
# into WORK with its C and C++ submissions only and without Python input validators
# (verifyproblem runs Python with PyPy and Java at -source 21, which a machine may lack; C and
# C++ run under both tools). Each round times, per package: `judge verify` with an empty build
# cache (cold), `judge verify` with the cache a previous run filled (warm), `verifyproblem`.
# Three rounds, alternating; wall seconds and the load average go to WORK/times, and a table of
# min / median per tool and package follows.
set -u
examples=$(realpath "$1"); work=$(realpath "$2"); shift 2
packages=("$@"); [ ${#packages[@]} -eq 0 ] && packages=(different hello guess oddecho)
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"; out=$work/times; : > "$out"
for pkg in "${packages[@]}"; do
  rm -rf "${work:?}/$pkg"; cp -r "$examples/$pkg" "$work/$pkg"
  find "$work/$pkg/submissions" -type f ! -name '*.c' ! -name '*.cc' ! -name '*.cpp' -delete
  rm -f "$work/$pkg/input_validators/"*.py
  find "$work/$pkg" -type d -empty -delete
done
seconds() { local s; s=$(date +%s.%N); "$@" > /dev/null 2>&1; echo "rc=$? $(echo "$(date +%s.%N) - $s" | bc)"; }
cd "$repo"
python3 -m compileall -q judge > /dev/null   # as an installed judge: bytecode compiled (benchmarks/bytecode.py)
for pkg in "${packages[@]}"; do
  warm=$(mktemp -d "$work/warm.XXXX")
  JUDGE_CACHE_DIR=$warm python3 -m judge verify "$work/$pkg" > /dev/null 2>&1   # fills the warm cache
  for round in 1 2 3; do
    cold=$(mktemp -d "$work/cold.XXXX")
    echo "$pkg judge-cold $round $(JUDGE_CACHE_DIR=$cold seconds python3 -m judge verify "$work/$pkg") load=$(cut -d' ' -f1 /proc/loadavg)" >> "$out"
    rm -rf "$cold"
    echo "$pkg judge-warm $round $(JUDGE_CACHE_DIR=$warm seconds python3 -m judge verify "$work/$pkg") load=$(cut -d' ' -f1 /proc/loadavg)" >> "$out"
    echo "$pkg verifyproblem $round $(cd "$work" && seconds verifyproblem "$pkg") load=$(cut -d' ' -f1 /proc/loadavg)" >> "$out"
  done
  rm -rf "$warm"
done
cat "$out"
python3 - "$out" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    pkg, tool, _, _, seconds, _ = line.split()
    rows.setdefault(pkg, {}).setdefault(tool, []).append(float(seconds))
print("\n| package | judge verify, cold cache | judge verify, warm cache | verifyproblem | x (cold) | x (warm) |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for pkg, tools in rows.items():
    cold, warm, ref = (tools[t] for t in ("judge-cold", "judge-warm", "verifyproblem"))
    cell = lambda v: f"{min(v):.2f} / {statistics.median(v):.2f}"
    x = lambda v: f"{min(ref) / min(v):.2f} / {statistics.median(ref) / statistics.median(v):.2f}"
    print(f"| `{pkg}` | {cell(cold)} | {cell(warm)} | {cell(ref)} | {x(cold)} | {x(warm)} |")
PY
