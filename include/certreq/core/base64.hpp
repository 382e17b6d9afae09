// core/base64.hpp: RFC 4648 base64, as INF values and PEM files use it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/core/result.hpp"

namespace certreq::base64 {

// encode returns standard base64 with padding; line_length > 0 breaks lines
// every that many characters with `eol` (certreq writes 64 and CRLF).
inline std::string encode(byte_view data, std::size_t line_length = 0, std::string_view eol = "\r\n") {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t chars = (data.size() + 2) / 3 * 4;
    out.reserve(chars + (line_length ? (chars / line_length + 1) * eol.size() : 0));
    std::size_t col = 0;
    auto put = [&](char c) {
        if (line_length && col == line_length) {
            out.append(eol);
            col = 0;
        }
        out.push_back(c);
        ++col;
    };
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        std::uint32_t v = (std::uint32_t(data[i]) << 16) | (std::uint32_t(data[i + 1]) << 8) | data[i + 2];
        put(alphabet[v >> 18]), put(alphabet[(v >> 12) & 63]), put(alphabet[(v >> 6) & 63]), put(alphabet[v & 63]);
    }
    if (i < data.size()) {
        std::uint32_t v = std::uint32_t(data[i]) << 16;
        if (i + 1 < data.size()) v |= std::uint32_t(data[i + 1]) << 8;
        put(alphabet[v >> 18]), put(alphabet[(v >> 12) & 63]);
        put(i + 1 < data.size() ? alphabet[(v >> 6) & 63] : '=');
        put('=');
    }
    return out;
}

// decode accepts standard base64 with or without '=' padding; ASCII white
// space anywhere is skipped. Returns the bytes, or an error whose offset is
// where decoding stopped (a byte offset into `text`).
inline core::result<bytes> decode(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    auto fail = [](std::size_t off, const char* msg) -> core::result<bytes> { return core::at_offset(off, msg); };
    bytes out;
    out.reserve(text.size() / 4 * 3);
    std::uint32_t acc = 0;
    int n = 0, pad = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') continue;
        if (c == '=') {
            ++pad;
            if (n < 2 || n + pad > 4) return fail(i, "misplaced '=' padding");
            continue;
        }
        if (pad) return fail(i, "data after '=' padding");
        int v = value(c);
        if (v < 0) return fail(i, "not a base64 character");
        acc = (acc << 6) | std::uint32_t(v);
        if (++n == 4) {
            out.push_back(std::uint8_t(acc >> 16)), out.push_back(std::uint8_t(acc >> 8)), out.push_back(std::uint8_t(acc));
            acc = 0, n = 0;
        }
    }
    if (pad && n + pad != 4) return fail(text.size(), "incomplete padding");
    if (n == 1) return fail(text.size(), "truncated base64 (one dangling character)");
    if (n == 2) {
        if (acc & 0xF) return fail(text.size(), "non-zero trailing bits");
        out.push_back(std::uint8_t(acc >> 4));
    } else if (n == 3) {
        if (acc & 0x3) return fail(text.size(), "non-zero trailing bits");
        out.push_back(std::uint8_t(acc >> 10)), out.push_back(std::uint8_t(acc >> 2));
    }
    return out;
}

}  // namespace certreq::base64
