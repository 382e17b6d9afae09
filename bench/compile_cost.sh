#!/bin/sh
# bench/compile_cost.sh: what one translation unit on the headers costs to
# compile (g++ -std=c++20 -O2, object code written), the first cost a
# constrained build meets. Per probe: user CPU seconds, wall seconds and peak
# memory (GNU time), the median of RUNS runs. The probes:
#   certreq.hpp       bench/compile/include_all.cpp: the whole API, one include
#   verbs/new.hpp     the -new verb alone
#   inf/read.hpp      the INF reader (Boost.Spirit X3) alone
#   der + x509        bench/compile/x509_csr.cpp: a PKCS#10 built from code, no Spirit
#   min_example       bench/min_example.cpp: INF text -> signed CSR
# and under CERTREQ_SEPARATE_COMPILATION (core/config.hpp; "separate"):
#   certreq.hpp, verbs/new.hpp, der + x509  the same probes, declarations only
#   src.hpp           the one TU that defines the split entry points
# Targets (issue 18): certreq.hpp <= 10 s and <= 500 MB, der + x509 <= 2 s.
#
#   bench/compile_cost.sh [RUNS]     (default 3)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
cxx=${CXX:-g++}
command -v /usr/bin/time >/dev/null || { echo "compile_cost.sh: GNU time not found (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '#include "certreq/verbs/new.hpp"\nint main() { return 0; }\n' >"$work/new.cpp"
printf '#include "certreq/inf/read.hpp"\nint main() { return 0; }\n' >"$work/read.cpp"
printf '#include "certreq/src.hpp"\n' >"$work/src.cpp"
flags="-std=c++20 -O2 -I$root/include $(pkg-config --cflags libtasn1 p11-kit-1 2>/dev/null || true)"

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $($cxx --version | head -n 1); median of $runs"
echo
echo "| TU | user s | wall s | peak MB |"
echo "|---|---:|---:|---:|"
probe() {  # probe NAME SOURCE [FLAGS]
    : >"$work/times"
    i=0
    while [ "$i" -lt "$runs" ]; do
        # shellcheck disable=SC2086
        /usr/bin/time -a -o "$work/times" -f '%U %e %M' $cxx $flags ${3:-} -c "$2" -o "$work/out.o"
        i=$((i + 1))
    done
    sort -n "$work/times" | awk -v n="$1" -v runs="$runs" '
        { u[NR] = $1; w[NR] = $2; m[NR] = $3 }
        END { k = int((runs + 1) / 2); printf "| %s | %.2f | %.2f | %.0f |\n", n, u[k], w[k], m[k] / 1024 }'
}
probe "certreq.hpp" "$root/bench/compile/include_all.cpp"
probe "verbs/new.hpp" "$work/new.cpp"
probe "inf/read.hpp" "$work/read.cpp"
probe "der + x509 (x509_csr.cpp)" "$root/bench/compile/x509_csr.cpp"
probe "min_example.cpp" "$root/bench/min_example.cpp"
sep=-DCERTREQ_SEPARATE_COMPILATION
probe "certreq.hpp, separate" "$root/bench/compile/include_all.cpp" "$sep"
probe "verbs/new.hpp, separate" "$work/new.cpp" "$sep"
probe "der + x509, separate" "$root/bench/compile/x509_csr.cpp" "$sep"
probe "src.hpp (separate: the defining TU)" "$work/src.cpp" "$sep"
