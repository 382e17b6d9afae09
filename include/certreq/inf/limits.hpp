// inf/limits.hpp: the sizes the reader accepts. SetupAPI's own limits (255
// per section name, 4096 per field) plus bounds that keep a hostile file from
// costing unbounded time or memory.
#pragma once
#include <cstddef>

namespace certreq::inf::limits {

inline constexpr std::size_t max_file_bytes = std::size_t(16) << 20;   // 16 MiB
inline constexpr std::size_t max_line_bytes = std::size_t(64) << 10;   // 64 KiB
inline constexpr std::size_t max_section_name = 255;                    // characters
inline constexpr std::size_t max_value_chars = 4096;                    // after %substitution%
inline constexpr std::size_t max_diagnostics = 1000;                   // then reading stops

}  // namespace certreq::inf::limits
