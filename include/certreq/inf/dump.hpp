// inf/dump.hpp: a normalised, line-oriented text form of a read INF file,
// for golden tests and debugging:
//   [Extensions] @16:1
//     17:1 2.5.29.17 = {text}dns=a&dns=b  (quoted; fragments 6 12)
//     20:1 (no key) value
//   warning 2:11: missing closing quote; ...
// Bytes below 0x20 and 0x7F are written as \xNN so every value stays on its line.
#pragma once
#include <string>
#include <string_view>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/hex.hpp"
#include "certreq/inf/document.hpp"

namespace certreq::inf {

namespace detail {

inline void dump_escaped(std::string& out, std::string_view s) {
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) {
            out += "\\x";
            core::append_hex_byte(out, u, core::hex_case::upper);
        } else {
            out += c;
        }
    }
}

inline void dump_pos(std::string& out, position p) {
    out += std::to_string(p.line);
    out += ':';
    out += std::to_string(p.column);
}

}  // namespace detail

// dump renders the document and then the diagnostics (without source lines).
inline std::string dump(const document& doc, const diagnostics& diags) {
    std::string out;
    for (auto& s : doc.sections) {
        out += '[';
        detail::dump_escaped(out, s.name);
        out += "] @";
        detail::dump_pos(out, s.pos);
        out += '\n';
        for (auto& e : s.entries) {
            out += "  ";
            detail::dump_pos(out, e.pos);
            out += ' ';
            if (e.has_key) {
                detail::dump_escaped(out, e.key.view());
                out += " = ";
            } else {
                out += "(no key) ";
            }
            detail::dump_escaped(out, e.value.view());
            if (e.quoted || !e.fragment_starts.empty()) {
                out += "  (";
                if (e.quoted) out += "quoted";
                if (!e.fragment_starts.empty()) {
                    if (e.quoted) out += "; ";
                    out += "fragments";
                    for (auto f : e.fragment_starts) out += ' ' + std::to_string(f);
                }
                out += ')';
            }
            out += '\n';
        }
    }
    for (auto& d : diags.items()) {
        out += to_string(d.level);
        out += ' ';
        detail::dump_pos(out, d.pos);
        out += ": ";
        detail::dump_escaped(out, d.message);
        out += '\n';
    }
    return out;
}

}  // namespace certreq::inf
