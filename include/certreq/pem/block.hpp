// pem/block.hpp: the one PEM block reader of the library (input files,
// certificate bundles). A block is a `-----BEGIN label-----` line, its base64
// body (RFC 1421 headers such as Proc-Type, which end at an empty line, are
// skipped) and the matching `-----END label-----`; text around blocks is
// ignored. Private keys, which must stay in wiped memory, have their own reader
// in mbed/key.hpp.
#pragma once
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "certreq/core/error.hpp"
#include "certreq/core/result.hpp"

namespace certreq::pem {

inline constexpr std::string_view begin_mark = "-----BEGIN ", end_mark = "-----END ", dashes = "-----";

struct block {
    std::size_t begin = 0;      // offset of "-----BEGIN"
    std::size_t end = 0;        // offset just past the END line (and its line break)
    std::string_view label;     // e.g. "CERTIFICATE"
    std::string_view body;      // the base64 text, headers skipped
    std::size_t body_offset = 0;
};

// read_block: the first block at or after `from`, or nothing when no BEGIN
// line follows; an error (its offset into `text`) when that block is malformed.
inline core::result<block> read_block(std::string_view text, std::size_t from = 0) {
    block b;
    b.begin = text.find(begin_mark, from);
    if (b.begin == std::string_view::npos) return core::at_offset(text.size(), "no -----BEGIN line");
    std::size_t label_at = b.begin + begin_mark.size();
    std::size_t label_end = text.find(dashes, label_at);
    std::size_t eol = text.find('\n', label_at);
    if (label_end == std::string_view::npos || (eol != std::string_view::npos && label_end > eol))
        return core::at_offset(b.begin, "unterminated -----BEGIN line");
    b.label = text.substr(label_at, label_end - label_at);
    std::size_t body_at = label_end + dashes.size();
    std::string end_line = std::string(end_mark) + std::string(b.label) + std::string(dashes);
    std::size_t e = text.find(end_line, body_at);
    if (e == std::string_view::npos) return core::at_offset(text.size(), "missing " + end_line);
    b.body = text.substr(body_at, e - body_at);
    b.body_offset = body_at;
    std::size_t stop = text.find('\n', e);
    b.end = stop == std::string_view::npos ? text.size() : stop + 1;
    // RFC 1421 headers (Proc-Type: ...) end at an empty line: skip them.
    if (b.body.find(':') != std::string_view::npos) {
        std::size_t blank = b.body.find("\n\n");
        std::size_t blank_crlf = b.body.find("\r\n\r\n");
        std::size_t cut = std::min(blank, blank_crlf);
        if (cut == std::string_view::npos) return core::at_offset(b.body_offset, "PEM headers without the empty line after them");
        std::size_t skip = cut + (cut == blank_crlf ? 4 : 2);
        b.body.remove_prefix(skip);
        b.body_offset += skip;
    }
    return b;
}

// count_blocks: how many BEGIN lines `text` has.
inline std::size_t count_blocks(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t p = 0; (p = text.find(begin_mark, p)) != std::string_view::npos; p += begin_mark.size()) ++n;
    return n;
}

}  // namespace certreq::pem
