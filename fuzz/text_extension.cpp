// fuzz/text_extension.cpp: arbitrary text through each [Extensions] value
// grammar (model/text_extensions.hpp): {text} SAN/IAN, EKU, BasicConstraints,
// Certificate/Application policies, NameConstraints, Policy mappings, and the
// {hex}/{asn}/{octet}/{utf8}/{critical}/base64 prefixes. Byte 0 picks the OID
// (fuzz/extension_oids.hpp); with bit 7 set the rest is a {text} body.
// Checks: a value comes back exactly when no error was reported, diagnostics
// point inside the value, and the value encodes exactly when
// x509::check_extensions says so (it reports the reason otherwise).
#include <cstddef>
#include <cstdint>
#include <string>

#include "certreq/model/text_extensions.hpp"
#include "certreq/x509/extension.hpp"
#include "extension_oids.hpp"
#include "text_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using certreq::fuzz::expect;
    if (size < 1 || size > certreq::fuzz::max_input) return 0;
    const auto oid = certreq::fuzz::pick_extension(data[0]);
    std::string value = certreq::fuzz::body_only(data[0]) ? "{text}" : "";
    value.append(reinterpret_cast<const char*>(data + 1), size - 1);
    certreq::located_text text(std::move(value), certreq::position{1, 1});
    certreq::diagnostics d;
    auto v = certreq::model::parse_extension_value(oid, text, d);
    certreq::fuzz::check_diagnostics(d, text, v.has_value());
    if (!v || v->absent) return 0;
    certreq::model::extension e{std::string(oid), v->critical, std::move(v->value), {1, 1}};
    auto der = certreq::x509::encode_extension(e);
    certreq::diagnostics check;
    const bool fine = certreq::x509::check_extensions({e}, check);
    expect(fine == der.has_value(), "check_extensions agrees with the encoder");
    expect(fine != check.has_errors(), "check_extensions reports exactly when it fails");
    return 0;
}
