// core/position.hpp: where something came from in a text file.
#pragma once
#include <cstdint>

namespace certreq {

// position is a 1-based line and column (columns count Unicode code points);
// line 0 means "unknown" (e.g. a value given on the command line).
struct position {
    std::uint32_t line = 0;
    std::uint32_t column = 0;

    constexpr bool known() const noexcept { return line != 0; }
    friend constexpr bool operator==(position, position) = default;
};

}  // namespace certreq
