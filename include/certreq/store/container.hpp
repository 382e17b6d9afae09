// store/container.hpp: key container names. A container name becomes the
// file name keys/<name>.key, so it must be a safe single path component.
#pragma once
#include <sys/random.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "certreq/os/error.hpp"
#include "certreq/store/hex.hpp"

namespace certreq::store {

// max_container_name: NAME_MAX (255) minus the ".key" suffix, so the key
// file name itself always fits in one path component.
inline constexpr std::size_t max_container_name = 251;

// validate_container_name accepts non-empty names of at most
// max_container_name bytes without '/', NUL, control characters or "..",
// and not starting with '.' (the store's temporaries and hidden files).
inline os::status validate_container_name(std::string_view name) {
    // A bad name is bad input (ERROR_INVALID_DATA), not a failed system call.
    auto bad = [&](std::string why) {
        return core::error("invalid key container name '" + std::string(name) + "': " + why, core::hr::invalid_data);
    };
    if (name.empty()) return core::error("invalid key container name: empty", core::hr::invalid_data);
    if (name.size() > max_container_name)
        return bad("longer than " + std::to_string(max_container_name) + " bytes");
    if (name.find('/') != std::string_view::npos) return bad("contains '/'");
    if (name.find("..") != std::string_view::npos) return bad("contains '..'");
    if (name.front() == '.') return bad("starts with '.'");
    for (char c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return bad("contains a control character");
    return {};
}

// default_container_name returns a fresh "certreq-xxxxxxxx-xxxx-xxxx-xxxx-
// xxxxxxxxxxxx" (a random version-4 GUID in lowercase), for an INF without
// KeyContainer; certreq.exe likewise names new keys by a GUID.
inline std::string default_container_name() {
    std::uint8_t g[16] = {};
    std::size_t got = 0;
    while (got < sizeof g) {
        ssize_t n = ::getrandom(g + got, sizeof g - got, 0);
        if (n <= 0) break;  // practically never; the name stays unique enough with the rest zero
        got += static_cast<std::size_t>(n);
    }
    g[6] = static_cast<std::uint8_t>((g[6] & 0x0F) | 0x40);  // version 4
    g[8] = static_cast<std::uint8_t>((g[8] & 0x3F) | 0x80);  // RFC 4122 variant
    std::string h = to_hex(g);
    return "certreq-" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

}  // namespace certreq::store
