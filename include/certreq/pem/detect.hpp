// pem/detect.hpp: input files as certreq takes them (spec §1.4): raw DER, or
// base64 framed by any `-----BEGIN label-----` line (NEW CERTIFICATE REQUEST,
// CERTIFICATE, PKCS7, CMS, X509 CRL...) or bare base64 without one; LF or
// CRLF; text around the block is ignored. UTF-16LE text (certreq
// -unicodetext) and a UTF-8 BOM are accepted too. What the DER *is* is decided
// from its content (asn1/identify.hpp), never from the label or the file name.
#pragma once
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/asn1/tlv.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/error.hpp"
#include "certreq/pem/block.hpp"

namespace certreq::pem {

enum class encoding { der, pem, base64 };

inline constexpr std::string_view to_string(encoding e) noexcept {
    switch (e) {
        case encoding::der: return "DER";
        case encoding::pem: return "PEM";
        case encoding::base64: return "base64";
    }
    return "DER";
}

// decoded_input is the DER inside a file and how it was written. `label` is
// the PEM label ("" for DER and bare base64); `blocks` counts PEM blocks (the
// first one is decoded).
struct decoded_input {
    bytes der;
    encoding enc = encoding::der;
    std::string label;
    bool utf16 = false;
    std::size_t blocks = 0;
    std::optional<core::error> error;  // its offset: a byte offset into the file

    explicit operator bool() const noexcept { return !error; }
};

namespace detail {
inline bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// looks_textual: only printable ASCII and white space (base64 files are).
inline bool looks_textual(std::string_view s) {
    for (unsigned char c : s)
        if (!(is_space(c) || (c >= 0x20 && c < 0x7F))) return false;
    return true;
}

// utf16le_to_ascii turns UTF-16LE text (with or without BOM) into ASCII;
// nullopt if it is not plain-ASCII UTF-16LE.
inline std::optional<std::string> utf16le_to_ascii(byte_view b, std::size_t& skip) {
    skip = (b.size() >= 2 && b[0] == 0xFF && b[1] == 0xFE) ? 2 : 0;
    if ((b.size() - skip) % 2 != 0 || b.size() - skip < 4) return std::nullopt;
    std::string out;
    out.reserve((b.size() - skip) / 2);
    for (std::size_t i = skip; i < b.size(); i += 2) {
        if (b[i + 1] != 0 || b[i] == 0 || b[i] >= 0x80) return std::nullopt;
        out.push_back(char(b[i]));
    }
    return out;
}
}  // namespace detail

// detect_and_decode returns the DER a file holds. Binary input is returned as
// DER unchecked (validate it with asn1::validate_der for exact offsets); text
// is PEM or base64, and error offsets are byte offsets into the file.
inline decoded_input detect_and_decode(byte_view file) {
    decoded_input r;
    auto fail = [&](std::size_t off, std::string msg) {
        r.error = core::at_offset(off, std::move(msg));
        return r;
    };
    if (file.empty()) return fail(0, "empty file");

    // Raw DER: one element spanning the whole file, or binary that is not text.
    std::string_view chars = as_chars(file);
    std::size_t unit = 1, shift = 0;  // file offset = shift + unit * text offset
    std::string widened;
    if (file[0] == 0x30 && asn1::parse_one(file)) {
        r.der.assign(file.begin(), file.end());
        r.enc = encoding::der;
        return r;
    }
    std::size_t bom = 0;
    if (auto ascii = detail::utf16le_to_ascii(file, bom)) {
        widened = std::move(*ascii);
        chars = widened;
        unit = 2, shift = bom;
        r.utf16 = true;
    } else if (chars.size() >= 3 && chars.substr(0, 3) == "\xEF\xBB\xBF") {
        chars.remove_prefix(3);
        shift = 3;
    }
    auto at = [&](std::size_t text_off) { return shift + unit * text_off; };
    if (!detail::looks_textual(chars)) {
        // Binary, so DER, if anything: asn1::validate_der says precisely what is wrong.
        r.der.assign(file.begin(), file.end());
        r.enc = encoding::der;
        r.utf16 = false;
        return r;
    }

    std::size_t b = chars.find(begin_mark);
    std::string_view body;
    std::size_t body_off = 0;
    if (b != std::string_view::npos) {
        auto blk = read_block(chars, b);
        if (!blk) return fail(at(blk.err().offset), blk.err().message);
        r.label = std::string(blk->label);
        body = blk->body;
        body_off = blk->body_offset;
        r.enc = encoding::pem;
        r.blocks = count_blocks(chars);
    } else {
        body = chars;
        r.enc = encoding::base64;
        std::size_t first = 0;
        while (first < body.size() && detail::is_space(static_cast<unsigned char>(body[first]))) ++first;
        if (first == body.size()) return fail(at(0), "file holds only white space");
    }
    auto der = base64::decode(body);
    if (!der) return fail(at(body_off + der.err().offset), "bad base64: " + der.err().message);
    if (der->empty()) return fail(at(body_off), "empty base64 body");
    r.der = std::move(*der);
    return r;
}

}  // namespace certreq::pem
