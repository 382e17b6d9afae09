// core/terminal_text.hpp: text that came from a file (a certificate's
// subject, an extension's string), made safe to print on a terminal: C0
// controls, DEL and the C1 controls (U+0080..U+009F) become \xHH / \uHHHH, so
// an ESC sequence inside a certificate never reaches the terminal and a
// newline never breaks a `key: value` line. Everything else, UTF-8
// included, is kept. std only.
#pragma once
#include <string>
#include <string_view>
#include "certreq/core/hex.hpp"

namespace certreq {

inline std::string terminal_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            core::append_hex_byte(out, c);
        } else if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(s[i + 1]) <= 0x9f) {  // U+0080..U+009F in UTF-8
            auto d = static_cast<unsigned char>(s[++i]);
            out += "\\u00";
            core::append_hex_byte(out, d);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace certreq
