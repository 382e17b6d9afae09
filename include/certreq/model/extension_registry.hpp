// model/extension_registry.hpp: the one list of extensions. Everything that
// handles extensions by OID derives from it: the model's value variant
// (model/extensions.hpp), the `{text}` dispatch (model/text_extensions.hpp),
// the writing order (model/extension_order.hpp), the INF sections that write
// an extension (model/sections.hpp), -dump's reader dispatch
// (verbs/dump_x509.hpp), the local CA's policy (ca/issue.hpp) and the fuzz
// targets' OIDs (fuzz/extension_oids.hpp).
//
// Adding an extension: one file in model/extensions/ (see model/extension_kind.hpp),
// its line below, and, for a typed value, its DER writer x509/extensions/<name>.hpp
// listed in x509/extension.hpp.
#pragma once
#include <array>
#include <cstddef>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <variant>

#include "certreq/model/extension_kind.hpp"
#include "certreq/model/extensions/alt_name.hpp"
#include "certreq/model/extensions/authority_key_identifier.hpp"
#include "certreq/model/extensions/basic_constraints.hpp"
#include "certreq/model/extensions/certificate_policies.hpp"
#include "certreq/model/extensions/certificate_template.hpp"
#include "certreq/model/extensions/crl_distribution_points.hpp"
#include "certreq/model/extensions/crl_number.hpp"
#include "certreq/model/extensions/crl_reason.hpp"
#include "certreq/model/extensions/extended_key_usage.hpp"
#include "certreq/model/extensions/info_access.hpp"
#include "certreq/model/extensions/inhibit_any_policy.hpp"
#include "certreq/model/extensions/key_usage.hpp"
#include "certreq/model/extensions/name_constraints.hpp"
#include "certreq/model/extensions/ocsp_nocheck.hpp"
#include "certreq/model/extensions/policy_constraints.hpp"
#include "certreq/model/extensions/policy_mappings.hpp"
#include "certreq/model/extensions/smime_capabilities.hpp"
#include "certreq/model/extensions/subject_key_identifier.hpp"
#include "certreq/model/extensions/template_name.hpp"
#include "certreq/model/extensions/tls_feature.hpp"
#include "certreq/model/extensions/raw_value.hpp"

namespace certreq::model {

template <class... Kinds>
struct extension_kind_list {
    // each calls f(std::type_identity<K>{}) for every kind, in order.
    template <class F>
    static constexpr void each(F&& f) {
        (f(std::type_identity<Kinds>{}), ...);
    }
    static constexpr std::size_t id_count = (std::size(Kinds::ids) + ...);
};

// The order is the fuzz targets' (their first byte picks an OID): the
// `{text}` grammars first, as fuzz/extension_oids.hpp always had them.
using extension_kinds = extension_kind_list<
    ext::alt_name, ext::extended_key_usage, ext::basic_constraints, ext::certificate_policies, ext::name_constraints,
    ext::policy_mappings, ext::key_usage, ext::policy_constraints, ext::subject_key_identifier, ext::smime_capabilities,
    ext::template_name, ext::certificate_template, ext::authority_key_identifier, ext::crl_distribution_points,
    ext::info_access, ext::inhibit_any_policy, ext::crl_number, ext::crl_reason, ext::ocsp_nocheck, ext::tls_feature>;

// extension_ids: every registered OID's row, kinds in list order.
inline constexpr auto extension_ids = [] {
    std::array<extension_id, extension_kinds::id_count> out{};
    std::size_t n = 0;
    extension_kinds::each([&](auto k) {
        for (const auto& id : decltype(k)::type::ids) out[n++] = id;
    });
    return out;
}();

// find_extension: the row for `oid`, or nullptr when no kind covers it.
constexpr const extension_id* find_extension(std::string_view oid) noexcept {
    for (const auto& id : extension_ids)
        if (id.oid == oid) return &id;
    return nullptr;
}

// with_extension_kind calls f(std::type_identity<K>{}) for the kind covering
// `oid` and returns what it returns; false when no kind covers it.
template <class F>
bool with_extension_kind(std::string_view oid, F&& f) {
    bool found = false, result = false;
    extension_kinds::each([&](auto k) {
        if (found) return;
        for (const auto& id : decltype(k)::type::ids)
            if (id.oid == oid) {
                found = true;
                result = f(k);
                return;
            }
    });
    return result;
}

// each_section_form calls f(form, std::type_identity<K>{}) for every INF
// section a kind lowers (its `sections[]` rows), kinds in list order.
template <class F>
constexpr void each_section_form(F&& f) {
    extension_kinds::each([&](auto k) {
        using K = typename decltype(k)::type;
        if constexpr (requires { K::sections; })
            for (const auto& form : K::sections) f(form, k);
    });
}

namespace detail {
template <class K>
concept typed_kind = requires { typename K::value; };

template <class Variant, class K>
struct append_value { using type = Variant; };
template <class... Vs, typed_kind K>
struct append_value<std::variant<Vs...>, K> { using type = std::variant<Vs..., typename K::value>; };

template <class Variant, class... Kinds>
struct value_variant { using type = Variant; };
template <class Variant, class K, class... Ks>
struct value_variant<Variant, K, Ks...> {
    using type = typename value_variant<typename append_value<Variant, K>::type, Ks...>::type;
};
template <class List>
struct kind_values;
template <class... Kinds>
struct kind_values<extension_kind_list<Kinds...>> {
    using type = typename value_variant<std::variant<raw_value>, Kinds...>::type;
};
}  // namespace detail

// extension_value: raw_value (base64, {hex}, {asn}, ...) or one typed kind's value.
using extension_value = typename detail::kind_values<extension_kinds>::type;

}  // namespace certreq::model
