// fuzz/der_check.hpp: what the DER fuzz targets share: decode one type, check
// that strict decoding and the TLV walker agree and that offsets stay inside
// the input, then run the -dump of it with a verifier that never runs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/verbs/dump.hpp"
#include "fuzz_target.hpp"

namespace certreq::fuzz {

inline verbs::dump_options fuzz_dump_options(bool json) {
    verbs::dump_options opt;
    opt.json = json;
    opt.verify = [](const verbs::signature_check& c) {
        expect(!c.spki_der.empty(), "verifier gets a key");
        return verbs::verify_outcome{std::nullopt, "fuzzing"};
    };
    opt.digest = [](model::hash_algorithm, byte_view data) { return bytes(data.size() % 64, 0); };
    return opt;
}

// check_decode decodes `der` as `type` and checks the invariants of the result.
inline bool check_decode(asn1::module m, std::string_view type, byte_view der) {
    auto r = asn1::decode(m, type, der);
    auto framing = asn1::validate_der(der);
    if (r) {
        expect(!framing, "decoded input passes the DER walker");
        expect(r.value->element("").has_value(), "decoded value has a root element");
        expect(r.value->element("")->whole.size() == der.size(), "root element spans the input");
    } else {
        expect(r.error.offset <= der.size(), "error offset inside the input");
        expect(!r.error.message.empty(), "error has a message");
        if (framing) expect(framing->offset == r.error.offset, "framing errors reported at the walker's offset");
    }
    return bool(r);
}

// check_dump runs -dump (text and JSON) and checks every error has an offset inside the input.
inline void check_dump(byte_view file) {
    for (bool json : {false, true}) {
        diagnostics diags("fuzz");
        std::ostringstream out;
        int rc = verbs::dump(file, "fuzz", fuzz_dump_options(json), out, diags);
        expect(rc == 0 || rc == 1, "dump returns 0 or 1");
        expect((rc == 1) == diags.has_errors(), "dump fails exactly when it reports errors");
        expect(!out.str().empty(), "dump printed something");
        for (auto& d : diags.items()) expect(d.offset != diagnostic::no_offset, "dump errors carry an offset");
    }
}

}  // namespace certreq::fuzz
