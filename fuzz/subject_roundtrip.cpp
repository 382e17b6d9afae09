// fuzz/subject_roundtrip.cpp: CertStrToName text -> model::name -> DER
// (x509/name.hpp) -> libtasn1 (Name) -> the same RDNs, attribute types, string
// types and values. Byte 0 picks flags as in x500_subject.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/model/subject.hpp"
#include "certreq/model/values.hpp"
#include "certreq/x509/name.hpp"
#include "text_input.hpp"

namespace {
namespace nf = certreq::model::name_flags;
constexpr std::uint32_t flag_bits[] = {nf::semicolon, nf::no_plus, nf::no_quoting, nf::crlf | nf::comma,
                                       nf::reverse,   nf::enable_t61_unicode | nf::forward,
                                       nf::enable_utf8_unicode | nf::enable_punycode};

// universal tag each model string kind is written with.
std::uint32_t tag_of(certreq::model::string_kind k) {
    using sk = certreq::model::string_kind;
    switch (k) {
        case sk::printable: return 19;
        case sk::ia5: return 22;
        case sk::bmp: return 30;
        case sk::teletex: return 20;
        case sk::numeric: return 18;
        case sk::octet: return 4;
        case sk::utf8: break;
    }
    return 12;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using certreq::fuzz::expect;
    namespace asn1 = certreq::asn1;
    if (size < 1 || size > certreq::fuzz::max_input) return 0;
    std::uint32_t flags = 0;
    for (unsigned i = 0; i < 7; ++i)
        if (data[0] & (1u << i)) flags |= flag_bits[i];
    auto text = certreq::fuzz::text_of(data + 1, size - 1);
    certreq::diagnostics d;
    auto n = certreq::model::parse_name(text, flags, d, "Subject", (data[0] & 0x80) != 0);
    if (!n) return 0;
    auto der = certreq::x509::encode_name(*n);
    expect(der.has_value(), "a parsed name encodes");
    auto dec = asn1::decode(asn1::module::pkix, "Name", *der);
    if (!dec && certreq::asn1::over_limit(dec.error)) return 0;  // more RDNs than decode() takes (asn1::list_limits)
    expect(bool(dec), "the encoded name decodes as Name");
    const std::string seq = "rdnSequence";
    expect(dec.value->count(seq) == n->rdns.size(), "same number of RDNs");
    for (std::size_t i = 0; i < n->rdns.size(); ++i) {
        const std::string rdn = seq + ".?" + std::to_string(i + 1);
        const auto& want = n->rdns[i];
        expect(dec.value->count(rdn) == want.size(), "same number of values in the RDN");
        // SET OF is sorted on output: compare as multisets of (type, tag, value).
        std::vector<std::pair<std::string, std::string>> got, exp;
        for (std::size_t j = 0; j < want.size(); ++j) {
            const std::string atv = rdn + ".?" + std::to_string(j + 1);
            auto oid = dec.value->oid(atv + ".type");
            auto v = dec.value->element(atv + ".value");
            expect(oid && v, "attribute type and value decode");
            expect(v->cls == asn1::tag_class::universal && !v->constructed, "value is a universal primitive");
            std::string val = v->number == 4 ? std::string(certreq::as_chars(v->content)) : asn1::string_text(*v);
            got.emplace_back(*oid + "/" + std::to_string(v->number), std::move(val));
            exp.emplace_back(want[j].oid + "/" + std::to_string(tag_of(want[j].kind)), want[j].value);
        }
        std::sort(got.begin(), got.end());
        std::sort(exp.begin(), exp.end());
        expect(got == exp, "RDN values read back unchanged");
    }
    return 0;
}
