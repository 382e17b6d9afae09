// model/sections.hpp: the policy-style sections of spec §5.3 and
// [RequestAttributes] (§5.2) -> model extensions and name/value pairs.
//
//   [EnhancedKeyUsageExtension]      OID=1.3.6.1.5.5.7.3.1 (repeatable), Critical=
//   [BasicConstraintsExtension]      PathLength=n, Critical=      (cA is TRUE)
//   [PolicyStatementExtension]       Policies=A,B  + [A] OID= Notice= URL=
//   [ApplicationPolicyStatementExtension]  same, 1.3.6.1.4.1.311.21.10
//   [PolicyConstraintsExtension]     RequireExplicitPolicy=n, InhibitPolicyMapping=n
//   [ApplicationPolicyConstraintsExtension] same, 1.3.6.1.4.1.311.21.12
//   [PolicyMappingsExtension]        <issuerDomainPolicy> = <subjectDomainPolicy>
//   [ApplicationPolicyMappingsExtension] same, 1.3.6.1.4.1.311.21.11
//   [NameConstraintsExtension]       Include=sec, Exclude=sec, Critical= + subtree sections
//
// Decision: in the mappings sections the key is the issuer's policy and the
// value the subject's (the only third-party note writes `<foreign> = <local>`,
// i.e. issuerDomainPolicy = subjectDomainPolicy).
#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/model/attrib_option.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/model/request.hpp"
#include "certreq/model/text_extensions.hpp"
#include "certreq/model/values.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

// section_refs remembers which sections some key named (for the
// "unreferenced section" warning).
struct section_refs {
    std::vector<std::string> names;
    void mark(std::string_view n) { names.emplace_back(n); }
    bool has(std::string_view n) const noexcept {
        for (auto& x : names)
            if (inf::iequals(x, n)) return true;
        return false;
    }
};

namespace detail {

inline void unknown_key(const inf::section& s, const inf::entry& e, diagnostics& d) {
    if (!e.has_key) d.warning(e.pos, "[" + s.name + "]: line without a key ignored: " + quote(e.value.view()));
    else d.warning(e.key.start(), "[" + s.name + "]: unknown key " + quote(e.key.view()) + " ignored");
}

// critical_of reads an optional Critical= key.
inline bool critical_of(const inf::section& s, diagnostics& d, bool& ok) {
    if (auto* e = s.find("Critical")) {
        auto b = parse_bool(e->value, "Critical", d);
        if (!b) ok = false;
        return b.value_or(false);
    }
    return false;
}

inline std::optional<std::string> oid_value(const inf::entry& e, std::string_view what, diagnostics& d) {
    auto v = trim_ref(e.value);
    if (!is_dotted_oid(v.text)) {
        d.error(v.pos, std::string(what) + ": invalid object identifier " + quote(v.text));
        return std::nullopt;
    }
    return v.str();
}

}  // namespace detail

// lower_eku_section: [EnhancedKeyUsageExtension] -> 2.5.29.37.
inline std::optional<extension> lower_eku_section(const inf::section& s, diagnostics& d) {
    bool ok = true;
    extension ext{std::string(oids::ext_key_usage.dotted()), detail::critical_of(s, d, ok), extended_key_usage{}, s.pos};
    auto& eku = std::get<extended_key_usage>(ext.value);
    for (auto& e : s.entries) {
        if (e.has_key && inf::iequals(e.key.view(), "OID")) {
            if (auto oid = detail::oid_value(e, "EnhancedKeyUsageExtension OID", d)) eku.oids.push_back(std::move(*oid));
            else ok = false;
        } else if (!(e.has_key && inf::iequals(e.key.view(), "Critical"))) {
            detail::unknown_key(s, e, d);
        }
    }
    if (ok && eku.oids.empty()) {
        d.error(s.pos, "[" + s.name + "]: no OID= lines");
        ok = false;
    }
    if (!ok) return std::nullopt;
    return ext;
}

// lower_basic_constraints_section: [BasicConstraintsExtension] -> 2.5.29.19, cA TRUE.
inline std::optional<extension> lower_basic_constraints_section(const inf::section& s, diagnostics& d) {
    bool ok = true;
    extension ext{std::string(oids::basic_constraints.dotted()), detail::critical_of(s, d, ok), basic_constraints{true, std::nullopt}, s.pos};
    for (auto& e : s.entries) {
        if (e.has_key && inf::iequals(e.key.view(), "PathLength")) {
            auto n = parse_number(e.value, "PathLength", d);
            if (n) std::get<basic_constraints>(ext.value).path_length = std::uint32_t(*n);
            else ok = false;
        } else if (!(e.has_key && inf::iequals(e.key.view(), "Critical"))) {
            detail::unknown_key(s, e, d);
        }
    }
    if (!ok) return std::nullopt;
    return ext;
}

// lower_policy_statement: [PolicyStatementExtension] (oid 2.5.29.32) or
// [ApplicationPolicyStatementExtension] (1.3.6.1.4.1.311.21.10) and the
// sections its `Policies =` list names.
inline std::optional<extension> lower_policy_statement(const inf::document& doc, const inf::section& s, std::string oid,
                                                       section_refs& refs, diagnostics& d) {
    bool ok = true;
    extension ext{std::move(oid), detail::critical_of(s, d, ok), certificate_policies{}, s.pos};
    auto& pol = std::get<certificate_policies>(ext.value).policies;
    for (auto& e : s.entries) {
        if (!(e.has_key && inf::iequals(e.key.view(), "Policies"))) {
            if (!(e.has_key && inf::iequals(e.key.view(), "Critical"))) detail::unknown_key(s, e, d);
            continue;
        }
        std::string_view list = e.value.view();
        std::size_t i = 0;
        while (i <= list.size()) {
            std::size_t c = list.find(',', i);
            if (c == std::string_view::npos) c = list.size();
            const auto tr_b = trim_offsets(list, i, c); std::size_t b = tr_b.first, en = tr_b.second;
            if (b < en) {
                std::string_view name = list.substr(b, en - b);
                refs.mark(name);
                const inf::section* ps = doc.find(name);
                if (!ps) {
                    d.error(e.value.at(b), "[" + s.name + "]: policy section [" + std::string(name) + "] not found");
                    ok = false;
                } else {
                    policy_information info;
                    for (auto& pe : ps->entries) {
                        std::string_view k = pe.has_key ? pe.key.view() : std::string_view();
                        if (inf::iequals(k, "OID")) {
                            if (!info.oid.empty()) {
                                d.error(pe.key.start(), "[" + ps->name + "]: a second OID= (one policy per section)");
                                ok = false;
                            } else if (auto o = detail::oid_value(pe, "OID", d)) {
                                info.oid = std::move(*o);
                            } else {
                                ok = false;
                            }
                        } else if (inf::iequals(k, "URL")) {
                            info.qualifiers.push_back({policy_qualifier::kind::cps, trim_ref(pe.value).str()});
                        } else if (inf::iequals(k, "Notice")) {
                            info.qualifiers.push_back({policy_qualifier::kind::user_notice, trim_ref(pe.value).str()});
                        } else {
                            detail::unknown_key(*ps, pe, d);
                        }
                    }
                    if (info.oid.empty()) {
                        d.error(ps->pos, "[" + ps->name + "]: policy section without OID=");
                        ok = false;
                    } else {
                        pol.push_back(std::move(info));
                    }
                }
            }
            if (c == list.size()) break;
            i = c + 1;
        }
    }
    if (ok && pol.empty()) {
        d.error(s.pos, "[" + s.name + "]: no Policies = list");
        ok = false;
    }
    if (!ok) return std::nullopt;
    return ext;
}

// lower_policy_constraints_section: 2.5.29.36 or 1.3.6.1.4.1.311.21.12.
inline std::optional<extension> lower_policy_constraints_section(const inf::section& s, std::string oid, diagnostics& d) {
    bool ok = true;
    extension ext{std::move(oid), detail::critical_of(s, d, ok), policy_constraints{}, s.pos};
    auto& pc = std::get<policy_constraints>(ext.value);
    for (auto& e : s.entries) {
        std::string_view k = e.has_key ? e.key.view() : std::string_view();
        if (inf::iequals(k, "RequireExplicitPolicy") || inf::iequals(k, "InhibitPolicyMapping")) {
            auto n = parse_number(e.value, k, d);
            if (!n) ok = false;
            else if (inf::iequals(k, "RequireExplicitPolicy")) pc.require_explicit_policy = std::uint32_t(*n);
            else pc.inhibit_policy_mapping = std::uint32_t(*n);
        } else if (!inf::iequals(k, "Critical")) {
            detail::unknown_key(s, e, d);
        }
    }
    if (ok && !pc.require_explicit_policy && !pc.inhibit_policy_mapping) {
        d.error(s.pos, "[" + s.name + "]: needs RequireExplicitPolicy= or InhibitPolicyMapping=");
        ok = false;
    }
    if (!ok) return std::nullopt;
    return ext;
}

// lower_policy_mappings_section: `issuer = subject` lines -> 2.5.29.33 or 1.3.6.1.4.1.311.21.11.
inline std::optional<extension> lower_policy_mappings_section(const inf::section& s, std::string oid, diagnostics& d) {
    bool ok = true;
    extension ext{std::move(oid), detail::critical_of(s, d, ok), policy_mappings{}, s.pos};
    auto& pm = std::get<policy_mappings>(ext.value);
    for (auto& e : s.entries) {
        if (e.has_key && inf::iequals(e.key.view(), "Critical")) continue;
        if (!e.has_key) {
            detail::unknown_key(s, e, d);
            continue;
        }
        auto k = trim_ref(e.key);
        if (!is_dotted_oid(k.text)) {
            d.error(k.pos, "[" + s.name + "]: expected <issuer policy OID> = <subject policy OID>, got key " + quote(k.text));
            ok = false;
            continue;
        }
        auto v = detail::oid_value(e, "[" + s.name + "]", d);
        if (!v) {
            ok = false;
            continue;
        }
        pm.mappings.push_back({k.str(), std::move(*v)});
    }
    if (ok && pm.mappings.empty()) {
        d.error(s.pos, "[" + s.name + "]: no mappings");
        ok = false;
    }
    if (!ok) return std::nullopt;
    return ext;
}

// lower_name_constraints_section: Include=/Exclude= name subtree sections whose
// lines are general names (DNS=, Email=, UPN=, URL=, IPAddress=addr,mask, ...).
inline std::optional<extension> lower_name_constraints_section(const inf::document& doc, const inf::section& s,
                                                               section_refs& refs, diagnostics& d) {
    bool ok = true;
    extension ext{std::string(oids::name_constraints.dotted()), detail::critical_of(s, d, ok), name_constraints{}, s.pos};
    auto& nc = std::get<name_constraints>(ext.value);
    for (auto& e : s.entries) {
        std::string_view k = e.has_key ? e.key.view() : std::string_view();
        bool include = inf::iequals(k, "Include");
        if (!include && !inf::iequals(k, "Exclude")) {
            if (!inf::iequals(k, "Critical")) detail::unknown_key(s, e, d);
            continue;
        }
        auto v = trim_ref(e.value);
        refs.mark(v.text);
        const inf::section* sub = doc.find(v.text);
        if (!sub) {
            d.error(v.pos, "[" + s.name + "]: subtree section [" + v.str() + "] not found");
            ok = false;
            continue;
        }
        for (auto& se : sub->entries) {
            if (!se.has_key) {
                detail::unknown_key(*sub, se, d);
                continue;
            }
            // Re-join `key=value` so the general-name reader sees one token.
            located_text line = trimmed(se.key);
            std::size_t name_len = line.size();
            line.append("=", se.value.start(), false);
            auto val = trimmed(se.value);
            std::size_t value_at = line.size();
            line.append(val);
            text_token t{line.view().substr(0, name_len), line.view().substr(value_at), 0, value_at};
            auto gn = parse_general_name(line, t, "[" + sub->name + "]", true, d);
            if (!gn) ok = false;
            else (include ? nc.permitted : nc.excluded).push_back(std::move(*gn));
        }
    }
    if (ok && nc.permitted.empty() && nc.excluded.empty()) {
        d.error(s.pos, "[" + s.name + "]: no Include= or Exclude= subtrees");
        ok = false;
    }
    if (!ok) return std::nullopt;
    return ext;
}

// lower_request_attributes: each `Name = Value` -> one name/value pair, in order.
// RequesterName is refused there, as Windows does (it belongs in [NewRequest]).
inline std::vector<name_value> lower_request_attributes(const inf::section& s, diagnostics& d) {
    std::vector<name_value> out;
    for (auto& e : s.entries) {
        if (!e.has_key) {
            detail::unknown_key(s, e, d);
            continue;
        }
        auto k = trim_ref(e.key);
        if (inf::iequals(k.text, "RequesterName")) {
            d.error(k.pos, "[RequestAttributes]: RequesterName is not allowed here (Windows: \"The data is invalid\"); "
                               "put it in [NewRequest]");
            continue;
        }
        out.push_back({k.str(), trim_ref(e.value).str(), k.pos});
    }
    return out;
}

}  // namespace certreq::model
