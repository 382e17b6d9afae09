// core/ascii.hpp: ASCII case-insensitive equality, for the names Windows
// compares that way (INF sections and keys, template names, certificate
// names in -cert). Bytes outside A-Z compare as they are. std only.
#pragma once
#include <cstddef>
#include <string_view>

namespace certreq {

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

}  // namespace certreq
