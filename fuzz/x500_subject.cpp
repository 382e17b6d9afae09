// fuzz/x500_subject.cpp: arbitrary text through the CertStrToName parser
// (model/subject.hpp). Byte 0 picks the X500NameFlags (separators, quoting,
// reverse, string-type choices) and whether BMPString is the default; the rest
// is the Subject value. Checks: a name comes back exactly when no error was
// reported, every diagnostic points inside the value, every attribute has a
// dotted OID and a position, and C is two printable characters.
#include <cstddef>
#include <cstdint>

#include "certreq/model/subject.hpp"
#include "certreq/model/values.hpp"
#include "text_input.hpp"

namespace {
namespace nf = certreq::model::name_flags;
// One flag per bit of byte 0 (bit 7 asks for the BMPString default).
constexpr std::uint32_t flag_bits[] = {nf::semicolon, nf::no_plus, nf::no_quoting, nf::crlf | nf::comma,
                                       nf::reverse,   nf::enable_t61_unicode | nf::forward,
                                       nf::enable_utf8_unicode | nf::enable_punycode};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using certreq::fuzz::expect;
    if (size < 1 || size > certreq::fuzz::max_input) return 0;
    std::uint32_t flags = 0;
    for (unsigned i = 0; i < 7; ++i)
        if (data[0] & (1u << i)) flags |= flag_bits[i];
    auto text = certreq::fuzz::text_of(data + 1, size - 1);
    certreq::diagnostics d;
    auto n = certreq::model::parse_name(text, flags, d, "Subject", (data[0] & 0x80) != 0);
    certreq::fuzz::check_diagnostics(d, text, n.has_value());
    if (!n) return 0;
    for (auto& r : n->rdns) {
        expect(!r.empty(), "no empty RDN");
        for (auto& a : r) {
            expect(!a.oid.empty() && a.oid.find_first_not_of("0123456789.") == std::string::npos, "attribute type is a dotted OID");
            expect(a.pos.line == 1, "attribute value has a position");
            if (a.oid == "2.5.4.6" && a.kind != certreq::model::string_kind::octet)
                expect(a.value.size() == 2, "C is two characters");
        }
    }
    return 0;
}
