// model/extensions/key_usage.hpp: keyUsage 2.5.29.15 (RFC 5280 §4.2.1.3).
//
// No {text} form: `KeyUsage =` in [NewRequest] (model/lower.hpp, the names of
// model/values.hpp) or a base64/{hex} value. An explicit KeyUsage is written
// right after the template name, a defaulted one last (spec §7.2).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

// Windows flag layout (CERT_*_KEY_USAGE): low byte = first octet of the BIT
// STRING (0x80 = digitalSignature), 0x8000 = decipherOnly.
struct key_usage { std::uint16_t flags = 0; };

namespace ext {

struct key_usage {
    using value = model::key_usage;
    static constexpr extension_id ids[] = {{oids::key_usage.dotted(), {}, local_ca::copies, 1, 6}};
    static constexpr std::string_view no_text_form =
        "KeyUsage (2.5.29.15) has no {text} form: use KeyUsage = in [NewRequest] "
        "(e.g. \"CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_CERT_SIGN_KEY_USAGE\") or a base64/{hex} value";

    // bit_names: RFC 5280's names of the KeyUsage bits, bit 0 first.
    static constexpr std::string_view bit_names[] = {"digitalSignature", "nonRepudiation", "keyEncipherment",
                                                     "dataEncipherment", "keyAgreement",   "keyCertSign",
                                                     "cRLSign",          "encipherOnly",   "decipherOnly"};

    static constexpr std::string_view asn1_type = "KeyUsage";
    template <class Reader>
    static void dump(Reader& r) {
        auto flags = r.array();
        if (auto b = r.d.bits(""))
            for (std::size_t i = 0; i < b->bit_count; ++i)
                if (b->bit(i))
                    flags.push(r.str(i < std::size(bit_names) ? std::string(bit_names[i]) : std::string("bit") + std::to_string(i)));
        r.n.add("usages", std::move(flags));
    }
};

}  // namespace ext
}  // namespace certreq::model
