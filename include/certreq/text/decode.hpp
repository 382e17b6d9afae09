// text/decode.hpp: INF bytes -> UTF-8. certreq.exe reads ANSI (Windows-1252
// here), UTF-16LE/BE with a BOM and UTF-8 with or without a BOM, so decode
// detects the encoding, converts to UTF-8 and says what it found. Line ends
// are kept as they are (source_text indexes CRLF, LF and CR alike).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/core/utf8.hpp"

namespace certreq::text {

enum class encoding { utf8, utf8_bom, utf16le, utf16be, windows1252 };

inline constexpr std::string_view to_string(encoding e) noexcept {
    switch (e) {
        case encoding::utf8: return "UTF-8";
        case encoding::utf8_bom: return "UTF-8 with BOM";
        case encoding::utf16le: return "UTF-16LE";
        case encoding::utf16be: return "UTF-16BE";
        case encoding::windows1252: return "Windows-1252";
    }
    return "UTF-8";
}

// decode_issue is the first problem met while decoding; `offset` is a byte
// offset into the decoded UTF-8 text (where a U+FFFD was put, say), so the
// caller can turn it into a line and column.
struct decode_issue {
    severity level = severity::warning;
    std::size_t offset = 0;
    std::string message;
};

// decoded is the text as UTF-8 (BOM removed), the encoding detected and at
// most one issue (the first; its message counts the others).
struct decoded {
    std::string text;
    encoding detected = encoding::utf8;
    std::optional<decode_issue> issue;
};

namespace detail {

inline void put_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// utf8_sequence returns the length of the well-formed UTF-8 sequence at
// s[i] (1..4), or 0 (core/utf8.hpp).
inline std::size_t utf8_sequence(byte_view s, std::size_t i) noexcept { return core::utf8_sequence_length(as_chars(s), i); }

// valid_utf8 checks the whole input with a fast path for ASCII runs.
inline bool valid_utf8(byte_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        // Eight ASCII bytes at a time (most INF text is ASCII).
        if (i + 8 <= s.size()) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            if ((w & 0x8080808080808080u) == 0) {
                i += 8;
                continue;
            }
        }
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        std::size_t n = utf8_sequence(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

// windows1252_high maps 0x80..0x9F; undefined bytes map to the C1 control of
// the same value, as MultiByteToWideChar does.
inline constexpr std::uint16_t windows1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

// issue_counter keeps the first problem and counts the rest.
struct issue_counter {
    std::size_t offset = 0;
    std::size_t count = 0;
    void hit(std::size_t at) {
        if (count++ == 0) offset = at;
    }
    void report(decoded& d, std::string what) const {
        if (count == 0 || d.issue) return;
        if (count > 1) what += " (" + std::to_string(count) + " times)";
        d.issue = decode_issue{severity::warning, offset, std::move(what)};
    }
};

inline void decode_utf8_lossy(byte_view s, decoded& d) {
    d.text.reserve(s.size());
    issue_counter bad;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t n = utf8_sequence(s, i);
        if (n == 0) {
            bad.hit(d.text.size());
            put_utf8(d.text, 0xFFFD);
            ++i;
            continue;
        }
        d.text.append(reinterpret_cast<const char*>(s.data() + i), n);
        i += n;
    }
    bad.report(d, "invalid UTF-8 replaced by U+FFFD");
}

inline void decode_utf16(byte_view s, bool little, decoded& d) {
    d.text.reserve(s.size() / 2 + s.size() / 4);
    auto unit = [&](std::size_t i) -> std::uint32_t {
        return little ? std::uint32_t(s[i]) | (std::uint32_t(s[i + 1]) << 8)
                      : (std::uint32_t(s[i]) << 8) | std::uint32_t(s[i + 1]);
    };
    issue_counter lone;
    std::size_t i = 0;
    for (; i + 1 < s.size(); i += 2) {
        std::uint32_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < s.size()) {
            std::uint32_t v = unit(i + 2);
            if (v >= 0xDC00 && v <= 0xDFFF) {
                put_utf8(d.text, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
                i += 2;
                continue;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) {
            lone.hit(d.text.size());
            u = 0xFFFD;
        }
        put_utf8(d.text, u);
    }
    lone.report(d, "unpaired UTF-16 surrogate replaced by U+FFFD");
    if (i < s.size()) {
        std::size_t at = d.text.size();
        put_utf8(d.text, 0xFFFD);
        if (!d.issue) d.issue = decode_issue{severity::warning, at, "odd number of bytes in UTF-16 text: last byte replaced by U+FFFD"};
    }
}

inline void decode_windows1252(byte_view s, decoded& d) {
    d.text.reserve(s.size() + s.size() / 8);
    for (std::uint8_t c : s) {
        if (c < 0x80) d.text.push_back(static_cast<char>(c));
        else if (c < 0xA0) put_utf8(d.text, windows1252_high[c - 0x80]);
        else put_utf8(d.text, c);
    }
}

}  // namespace detail

// decode detects the encoding of `bytes` and returns the text as UTF-8:
//   EF BB BF          -> UTF-8 (BOM dropped; bad sequences -> U+FFFD + warning)
//   FF FE / FE FF     -> UTF-16LE / UTF-16BE (BOM dropped)
//   'x' 00 / 00 'x'   -> UTF-16 without BOM (ASCII first character), with a warning
//   valid UTF-8       -> UTF-8
//   anything else     -> Windows-1252 (what "ANSI" means on a western Windows)
inline decoded decode(byte_view bytes) {
    decoded d;
    auto b = bytes;
    if (b.size() >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        d.detected = encoding::utf8_bom;
        detail::decode_utf8_lossy(b.subspan(3), d);
        return d;
    }
    if (b.size() >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
        d.detected = encoding::utf16le;
        detail::decode_utf16(b.subspan(2), true, d);
        return d;
    }
    if (b.size() >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
        d.detected = encoding::utf16be;
        detail::decode_utf16(b.subspan(2), false, d);
        return d;
    }
    // An INF file starts with ASCII ('[', ';', a key or a blank): a zero
    // byte next to it means UTF-16 written without a BOM.
    if (b.size() >= 4 && b.size() % 2 == 0 && (b[0] == 0) != (b[1] == 0) && b[0] < 0x80 && b[1] < 0x80) {
        bool little = b[1] == 0;
        d.detected = little ? encoding::utf16le : encoding::utf16be;
        detail::decode_utf16(b, little, d);
        if (!d.issue)
            d.issue = decode_issue{severity::warning, 0, std::string(little ? "UTF-16LE" : "UTF-16BE") + " text without a byte order mark"};
        return d;
    }
    if (detail::valid_utf8(b)) {
        d.detected = encoding::utf8;
        d.text.assign(as_chars(b));
        return d;
    }
    d.detected = encoding::windows1252;
    detail::decode_windows1252(b, d);
    return d;
}

}  // namespace certreq::text
