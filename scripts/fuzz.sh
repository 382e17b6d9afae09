#!/bin/sh
# fuzz.sh: builds the libFuzzer targets with clang in ./build-fuzz and runs
# each for a while. Any finding (crash, broken invariant, leak, timeout, OOM)
# makes it exit 1, and the input is copied into fuzz/TARGET.repro/ so that
# `meson test --suite fuzz` replays it from then on.
#
#   scripts/fuzz.sh [-t SECONDS] [-n RUNS] [--fast] [--nice] [TARGET...]
#
#   -t SECONDS  time per target (default 45)
#   -n RUNS     stop a target after RUNS executions (default: time only)
#   --fast      the _fuzzer_fast binaries: UBSan without ASan, for long runs
#   --nice      run the fuzzers under `nice -n 19`
# Targets default to every fuzz/*.cpp that defines LLVMFuzzerTestOneInput.
# Seeds: fuzz/TARGET.in, fuzz/TARGET.repro and the extra seed directories the
# replay test of the target is given (read from `meson introspect`). New
# corpus entries go to build-fuzz/corpus/TARGET, logs to build-fuzz/fuzz-logs
# (CERTREQ_FUZZ_LOGS overrides).
set -eu
cd "$(dirname "$0")/.."

secs=45
runs=0
variant=_fuzzer
nice=""
while [ $# -gt 0 ]; do
  case $1 in
    -t) secs=$2; shift 2 ;;
    -n) runs=$2; shift 2 ;;
    --fast) variant=_fuzzer_fast; shift ;;
    --nice) nice="nice -n 19"; shift ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done

if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found (libFuzzer needs clang)" >&2
  exit 2
fi

targets=$*
if [ -z "$targets" ]; then
  targets=$(grep -l 'LLVMFuzzerTestOneInput(const' fuzz/*.cpp | grep -v replay_main | sed 's|fuzz/||; s|\.cpp$||' | sort)
fi

if [ ! -f build-fuzz/build.ninja ]; then
  CXX=clang++ meson setup build-fuzz -Dfuzz=true -Ddriver_static=false >/dev/null
fi
ninja -C build-fuzz -j"${CERTREQ_JOBS:-2}" $(for t in $targets; do echo "fuzz/$t$variant"; done) >/dev/null

logs=${CERTREQ_FUZZ_LOGS:-build-fuzz/fuzz-logs}
mkdir -p "$logs"
# seeds_of T: the directories the replay test of T reads (fuzz/T.in, fuzz/T.repro, extras).
meson introspect --tests build-fuzz >build-fuzz/fuzz-tests.json
seeds_of() {
  /usr/bin/python3 -c '
import json, sys
for t in json.load(open("build-fuzz/fuzz-tests.json")):
    if t["name"] == "replay_" + sys.argv[1]:
        print("\n".join(a for a in t["cmd"][1:]))' "$1"
}

failed=""
for t in $targets; do
  corpus=build-fuzz/corpus/$t
  artifacts=build-fuzz/artifacts/$t
  mkdir -p "$corpus" "$artifacts" "fuzz/$t.repro"
  rm -f "$artifacts"/*
  set -- -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$artifacts/"
  [ "$runs" != 0 ] && set -- "$@" -runs="$runs"
  log=$logs/$t.log
  rc=0
  start=$(date +%s)
  # shellcheck disable=SC2046 # seed paths have no spaces
  $nice "build-fuzz/fuzz/$t$variant" "$@" "$corpus" $(seeds_of "$t") >"$log" 2>&1 || rc=$?
  took=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
  found=$(ls "$artifacts" 2>/dev/null || true)
  if [ "$rc" != 0 ] || [ -n "$found" ]; then
    for f in $found; do cp "$artifacts/$f" "fuzz/$t.repro/$f"; done
    echo "$t: FINDING (exit $rc): ${found:-no artifact} -> fuzz/$t.repro/ (log $log)"
    failed="$failed $t"
  else
    echo "$t: ok, ${execs:-?} executions in ${took}s (${rate:-?}/s), $cov"
  fi
done

if [ -n "$failed" ]; then
  echo "fuzz.sh: findings in:$failed" >&2
  exit 1
fi
