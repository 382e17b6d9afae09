// asn1/decode.hpp: strict DER decoding of one grammars/ type with libtasn1.
// The framing is checked first by asn1/tlv.hpp (exact byte offsets), then
// asn1_der_decoding2(ASN1_DECODE_FLAG_STRICT_DER) matches the schema. The
// decoded tree is used for navigation (paths like "tbsCertificate.subject",
// "extensions.?2.extnID"); values are read from the original bytes through the
// element's start/end, so every value keeps its absolute offset in the file.
#pragma once
#include <libtasn1.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "certreq/asn1/definitions.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/error.hpp"

namespace certreq::asn1 {

// node_deleter frees a libtasn1 element tree; node_ptr owns one.
struct node_deleter {
    void operator()(asn1_node n) const noexcept { asn1_delete_structure(&n); }
};
using node_ptr = std::unique_ptr<std::remove_pointer_t<asn1_node>, node_deleter>;

// decoded is a successfully decoded value. It borrows the DER it was decoded
// from: that buffer must outlive it.
class decoded {
public:
    decoded(node_ptr node, byte_view der, std::size_t base) : node_(std::move(node)), der_(der), base_(base) {}

    byte_view der() const noexcept { return der_; }
    std::size_t base() const noexcept { return base_; }
    asn1_node node() const noexcept { return node_.get(); }

    // element returns the whole TLV at `path` ("" = the value itself), or
    // nullopt when the element is absent (OPTIONAL, or DEFAULT and omitted).
    // An EXPLICIT tag is part of the element: see inner().
    std::optional<tlv> element(std::string_view path) const {
        int start = -1, end = -1;
        std::string p(path);
        if (asn1_der_decoding_startEnd(node_.get(), der_.data(), int(der_.size()), p.c_str(), &start, &end) !=
            ASN1_SUCCESS)
            return std::nullopt;
        if (start < 0 || end < start || std::size_t(end) >= der_.size()) return std::nullopt;
        return parse_one(der_.subspan(std::size_t(start), std::size_t(end - start + 1)), base_ + std::size_t(start));
    }

    // inner returns the element inside an EXPLICIT tag (or an OCTET STRING
    // that wraps DER), or nullopt if absent or not exactly one element.
    std::optional<tlv> inner(std::string_view path) const {
        auto t = element(path);
        if (!t) return std::nullopt;
        return parse_one(t->content, t->content_offset());
    }

    bool present(std::string_view path) const { return element(path).has_value(); }

    // count returns the number of elements of a SEQUENCE OF / SET OF (0 if absent).
    std::size_t count(std::string_view path) const {
        int n = 0;
        std::string p(path);
        if (asn1_number_of_elements(node_.get(), p.c_str(), &n) != ASN1_SUCCESS || n < 0) return 0;
        return std::size_t(n);
    }

    // choice returns the name of the alternative a CHOICE holds.
    std::optional<std::string> choice(std::string_view path) const {
        char buf[128];
        int len = sizeof buf;
        std::string p(path);
        if (asn1_read_value(node_.get(), p.c_str(), buf, &len) != ASN1_SUCCESS || len <= 0) return std::nullopt;
        std::string s(buf, std::size_t(len));
        while (!s.empty() && s.back() == '\0') s.pop_back();
        return s;
    }

    // oid returns an OBJECT IDENTIFIER in dotted form.
    std::optional<std::string> oid(std::string_view path) const {
        auto t = element(path);
        if (!t) return std::nullopt;
        return oid_string(t->content);
    }

    // integer returns the two's complement content bytes of an INTEGER.
    std::optional<byte_view> integer(std::string_view path) const {
        auto t = element(path);
        if (!t) return std::nullopt;
        return t->content;
    }
    std::optional<std::int64_t> small_int(std::string_view path) const {
        auto t = element(path);
        if (!t) return std::nullopt;
        return small_integer(t->content);
    }

    std::optional<bool> boolean(std::string_view path) const {
        auto t = element(path);
        if (!t || t->content.size() != 1) return std::nullopt;
        return t->content[0] != 0;
    }

    // text returns a character string (or a CHOICE of strings) as UTF-8.
    std::optional<std::string> text(std::string_view path) const {
        auto t = element(path);
        if (!t) return std::nullopt;
        return string_text(*t);
    }

    std::optional<bit_string> bits(std::string_view path) const {
        auto t = element(path);
        if (!t) return std::nullopt;
        return asn1::bits(*t);
    }

    // time returns a Time (UTCTime or GeneralizedTime) as `YYYY-MM-DD HH:MM:SS UTC`.
    std::optional<std::string> time(std::string_view path) const {
        auto t = element(path);
        if (!t) return std::nullopt;
        return time_text(*t);
    }

    // octets returns the contents of an OCTET STRING (or any primitive).
    std::optional<tlv> octets(std::string_view path) const { return element(path); }

private:
    node_ptr node_;
    byte_view der_;
    std::size_t base_ = 0;
};

// nth is libtasn1's name of the Nth (1-based) element of a SEQUENCE OF or
// SET OF: "?N". (Built without `"?" + std::string`, which GCC 12 at -O3
// flags with a false -Wrestrict.)
inline std::string nth(std::size_t i) {
    std::string s = std::to_string(i);
    s.insert(s.begin(), '?');
    return s;
}

// item is the path of the Nth (1-based) element of the SEQUENCE OF / SET OF
// at `path`: item("certificates", 2) == "certificates.?2".
inline std::string item(std::string_view path, std::size_t i) {
    std::string s(path);
    s += ".?";
    s += std::to_string(i);
    return s;
}

// decode_result holds either the decoded value or the error.
struct decode_result {
    std::optional<decoded> value;
    // The type's name starts the message ("BasicConstraints: ..."); offset is
    // absolute; element is libtasn1's path when it gives one (error.text()
    // says it); asn1::over_limit(error) for well-formed DER past list_limits.
    core::error error;
    explicit operator bool() const noexcept { return value.has_value(); }
};

// decode decodes `der` as `type` of module `m`. `base` is the offset of der[0]
// in the whole input, so nested decodes report file offsets. Lists are bounded
// by list_limits (asn1/tlv.hpp); `long_list` is the absolute offset of one
// list exempt from them, whose elements the schema leaves as ANY. Never throws
// on bad input.
inline decode_result decode(module m, std::string_view type, byte_view der, std::size_t base = 0,
                            std::size_t long_list = SIZE_MAX) {
    decode_result r;
    auto fail = [&](std::size_t offset, std::string message, std::string element = {}) {
        r.error = core::at_offset(offset, std::string(type) + ": " + message);
        r.error.element = std::move(element);
        return std::move(r);
    };
    if (der.size() > std::size_t(INT32_MAX)) return fail(base, "input too large");
    list_limits limits;
    limits.exempt_offset = long_list;
    if (auto bad = validate_der(der, base, &limits)) {
        r.error = core::at_offset(bad->offset, std::string(type) + ": " + bad->message);
        r.error.hresult = bad->hresult;  // CRYPT_E_ASN1_LARGE past the limits (over_limit)
        return r;
    }
    asn1_node defs = definitions(m);
    if (!defs) return fail(base, "internal error: ASN.1 definitions did not load");
    asn1_node raw = nullptr;
    std::string name = std::string(module_prefix(m)) + std::string(type);
    if (asn1_create_element(defs, name.c_str(), &raw) != ASN1_SUCCESS) return fail(base, "internal error: no ASN.1 type " + name);
    node_ptr node(raw);
    char desc[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
    int len = int(der.size());
    int rc = asn1_der_decoding2(&raw, der.data(), &len, ASN1_DECODE_FLAG_STRICT_DER, desc);
    if (rc != ASN1_SUCCESS) {
        (void)node.release();  // libtasn1 already deleted the element on failure
        if (raw) node.reset(raw);
        std::string d(desc), element;
        // libtasn1 descriptions look like ":: tag error near element 'a.b'".
        if (auto q = d.find('\''); q != std::string::npos) {
            auto q2 = d.find('\'', q + 1);
            if (q2 != std::string::npos) element = d.substr(q + 1, q2 - q - 1);
            while (!element.empty() && element.back() == '.') element.pop_back();
            if (element == "ROOT") element.clear();  // libtasn1's name for the top node
        }
        // libtasn1 gives no offset and has deleted the tree: the error points at the value's start.
        return fail(base, std::string("does not match the ASN.1 type: ") + (rc == ASN1_TAG_ERROR ? "unexpected tag" : asn1_strerror(rc)),
                    std::move(element));
    }
    if (std::size_t(len) != der.size()) return fail(base + std::size_t(len), "trailing data after the DER element");
    r.value.emplace(std::move(node), der, base);
    return r;
}

}  // namespace certreq::asn1
