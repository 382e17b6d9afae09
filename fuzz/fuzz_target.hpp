// fuzz/fuzz_target.hpp: what every fuzz target shares. A target defines
// LLVMFuzzerTestOneInput; inputs larger than max_input are skipped so the
// fuzzer explores structure rather than size.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace certreq::fuzz {
inline constexpr std::size_t max_input = 1 << 16;

// out_of_scope: thrown by a round-trip target when what the encoder wrote is
// refused by a documented limit (asn1::list_limits), caught in the target.
struct out_of_scope {};

// expect aborts with a message: a broken invariant is a finding.
inline void expect(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
        std::abort();
    }
}
}  // namespace certreq::fuzz
