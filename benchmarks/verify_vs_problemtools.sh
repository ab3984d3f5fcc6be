#!/bin/bash
# judge verify against problemtools' verifyproblem on the same packages with the same languages.
#
#   benchmarks/verify_vs_problemtools.sh EXAMPLES WORK
#
# EXAMPLES is problemtools' examples/ folder; WORK an empty scratch folder. `different` and
# `hello` are copied into WORK with their C and C++ submissions only and without their Python
# input validators (verifyproblem runs Python with PyPy, which a machine may lack; C and C++
# run under both tools). Each round times, per package: `judge verify` with an empty build
# cache (cold), `judge verify` with the cache a previous run filled (warm), `verifyproblem`.
# Three rounds, alternating; wall seconds and the load average go to WORK/times.
set -u
examples=$(realpath "$1"); work=$(realpath "$2"); repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"; out=$work/times; : > "$out"
for pkg in different hello; do
  rm -rf "${work:?}/$pkg"; cp -r "$examples/$pkg" "$work/$pkg"
  find "$work/$pkg/submissions" -type f ! -name '*.c' ! -name '*.cc' -delete
  rm -f "$work/$pkg/input_validators/"*.py
  find "$work/$pkg" -type d -empty -delete
done
seconds() { local s; s=$(date +%s.%N); "$@" > /dev/null 2>&1; echo "rc=$? $(echo "$(date +%s.%N) - $s" | bc)"; }
cd "$repo"
python3 -m compileall -q judge > /dev/null   # as an installed judge: bytecode compiled (benchmarks/bytecode.py)
for pkg in different hello; do
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
