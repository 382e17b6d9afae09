// fuzz/extension_oids.hpp: the [Extensions] OIDs the extension fuzz targets
// pick from with their first byte: every {text} grammar of the extension
// registry (model/extension_registry.hpp), KeyUsage (no {text} form) and an
// OID with none.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "certreq/model/extension_registry.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::fuzz {

// text_form_count: how many registered OIDs have a {text} grammar.
inline constexpr std::size_t text_form_count = [] {
    std::size_t n = 0;
    for (const auto& id : model::extension_ids) n += !id.text_name.empty();
    return n;
}();

inline constexpr auto extension_oids = [] {
    std::array<std::string_view, text_form_count + 2> out{};
    std::size_t n = 0;
    for (const auto& id : model::extension_ids)
        if (!id.text_name.empty()) out[n++] = id.oid;
    out[n++] = oids::key_usage.dotted();  // no {text} form
    out[n++] = "1.2.3.4";                 // no kind registered at all
    return out;
}();
inline constexpr unsigned extension_oid_count = extension_oids.size();

// pick_extension: bits 0-3 of `b` choose the OID (the grammars get the
// extra values), bit 7 says the fuzz bytes are the {text} body rather than the whole value.
inline std::string_view pick_extension(std::uint8_t b) noexcept {
    unsigned i = b & 0x0f;
    return extension_oids[i < extension_oid_count ? i : i % text_form_count];
}
inline bool body_only(std::uint8_t b) noexcept { return (b & 0x80) != 0; }

}  // namespace certreq::fuzz
