// driver/print.hpp: stdout/stderr output with stdio. The driver avoids
// iostreams: in a static binary std::cout's locale set-up alone costs ~0.7 MB
// of resident memory per run (bench/RESULTS.md).
#pragma once
#include <cstdio>
#include <string_view>

namespace certreq::driver {

inline void write_to(std::FILE* f, std::string_view s) { std::fwrite(s.data(), 1, s.size(), f); }

// results_stream: where out() writes: stdout, or stderr once an output file
// argument is `-` (standard output then carries that file's bytes only).
inline std::FILE*& results_stream() {
    static std::FILE* f = stdout;
    return f;
}
inline void results_to_stderr() { results_stream() = stderr; }

// out / err concatenate their pieces onto the results stream (stdout) / stderr.
template <typename... Parts>
void out(const Parts&... parts) {
    (write_to(results_stream(), std::string_view(parts)), ...);
}
template <typename... Parts>
void err(const Parts&... parts) {
    (write_to(stderr, std::string_view(parts)), ...);
}

}  // namespace certreq::driver
