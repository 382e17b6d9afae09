// fuzz/extension_oids.hpp: the [Extensions] OIDs the extension fuzz targets
// pick from with their first byte: every {text} grammar, KeyUsage (no {text}
// form) and an OID with none.
#pragma once
#include <cstdint>
#include <string_view>

namespace certreq::fuzz {

inline constexpr std::string_view extension_oids[] = {
    "2.5.29.17",              // SubjectAltName
    "2.5.29.18",              // IssuerAltName
    "2.5.29.37",              // EnhancedKeyUsage
    "2.5.29.19",              // BasicConstraints
    "2.5.29.32",              // CertificatePolicies
    "1.3.6.1.4.1.311.21.10",  // ApplicationPolicies
    "2.5.29.30",              // NameConstraints
    "2.5.29.33",              // PolicyMappings
    "1.3.6.1.4.1.311.21.11",  // ApplicationPolicyMappings
    "2.5.29.15",              // KeyUsage: no {text} form
    "1.2.3.4",                // no grammar at all
};
inline constexpr unsigned extension_oid_count = sizeof extension_oids / sizeof extension_oids[0];

// pick_extension: bits 0-3 of `b` choose the OID (the nine grammars get the
// extra values), bit 7 says the fuzz bytes are the {text} body rather than the whole value.
inline std::string_view pick_extension(std::uint8_t b) noexcept {
    unsigned i = b & 0x0f;
    return extension_oids[i < extension_oid_count ? i : i % 9];
}
inline bool body_only(std::uint8_t b) noexcept { return (b & 0x80) != 0; }

}  // namespace certreq::fuzz
