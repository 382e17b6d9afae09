// adcs/xcep_response.hpp: reads a CEP answer: a GetPoliciesResponse
// ([MS-XCEP] 3.1.4.1.2.2) into adcs/xcep_policy.hpp's values, or a SOAP
// fault into an error. Namespace-aware (xml/), bounded (counts, lengths,
// sizes), and strict where the client depends on a value: a required element
// missing, a number that is not one, a reference to an OID or CA the answer
// does not hold are errors naming the element's path. Vendor extension
// elements (##any) are skipped.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/adcs/answer.hpp"
#include "certreq/adcs/soap.hpp"
#include "certreq/adcs/xcep_policy.hpp"
#include "certreq/adcs/xcep_request.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/xml/document.hpp"

namespace certreq::adcs::xcep {

// limits on what one answer may hold (an AD forest has tens of templates and CAs).
struct limits {
    xml::limits document{std::size_t{4} << 20, 64, 200000};
    std::size_t max_policies = 1000;
    std::size_t max_cas = 256;
    std::size_t max_oids = 10000;
    std::size_t max_uris = 32;         // per CA
    std::size_t max_list = 256;        // CA references, extensions, providers per template
    std::size_t max_text = 2048;       // names, URIs, OIDs
    std::size_t max_binary = 65536;    // a CA certificate or an extension value, decoded
};

namespace detail {

inline constexpr soap::service who{"the enrollment policy service", "XCEP"};

// walker reads values under a path and keeps the first problem.
class walker {
public:
    explicit walker(const limits& lim) : lim_(lim) {}
    std::optional<std::string> problem;
    explicit operator bool() const { return !problem; }

    void fail(const std::string& path, const std::string& what) {
        if (!problem) problem = path + ": " + what;
    }
    // need: a required child (absent is an error).
    xml::element need(const xml::element& parent, std::string_view name, const std::string& path) {
        auto e = parent.child(ns_policy, name);
        if (!e) fail(path, "missing <" + std::string(name) + ">");
        return e;
    }
    // text: a child's trimmed text; nil or absent gives nullopt, or an error when required.
    std::optional<std::string> text(const xml::element& parent, std::string_view name, const std::string& path, bool required) {
        auto e = parent.child(ns_policy, name);
        std::string p = path + "/" + std::string(name);
        if (!e || e.nil()) {
            if (required) fail(p, e ? "is nil" : "missing");
            return std::nullopt;
        }
        std::string t = e.trimmed_text();
        if (t.size() > lim_.max_text) return fail(p, "longer than " + std::to_string(lim_.max_text) + " bytes"), std::nullopt;
        if (required && t.empty()) return fail(p, "is empty"), std::nullopt;
        return t;
    }
    // parse: a decimal xs:int / xs:unsignedInt / xs:unsignedLong in [min, max].
    std::optional<std::int64_t> parse(const std::string& t, const std::string& where, std::int64_t min, std::uint64_t max) {
        std::string_view d = t;
        bool neg = !d.empty() && d[0] == '-';
        if (neg || (!d.empty() && d[0] == '+')) d.remove_prefix(1);
        std::uint64_t v = 0;
        bool ok = !d.empty() && d.size() <= 18;
        for (char c : d) ok = ok && c >= '0' && c <= '9', v = ok ? v * 10 + std::uint64_t(c - '0') : v;
        if (ok) ok = neg ? (min < 0 && v <= std::uint64_t(-(min + 1)) + 1) : v <= max;
        if (!ok)
            return fail(where, "expected a number from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + soap::excerpt(t)),
                   std::nullopt;
        return neg ? -std::int64_t(v) : std::int64_t(v);
    }
    // number: a child's number; nil or absent gives nullopt, or an error when required.
    std::optional<std::int64_t> number(const xml::element& parent, std::string_view name, const std::string& path, bool required,
                                       std::int64_t min, std::uint64_t max) {
        auto t = text(parent, name, path, required);
        if (!t) return std::nullopt;
        return parse(*t, path + "/" + std::string(name), min, max);
    }
    std::optional<std::uint32_t> u32(const xml::element& p, std::string_view n, const std::string& path, bool required) {
        auto v = number(p, n, path, required, 0, 0xffffffffu);
        return v ? std::optional<std::uint32_t>(std::uint32_t(*v)) : std::nullopt;
    }
    std::optional<std::int32_t> i32(const xml::element& p, std::string_view n, const std::string& path, bool required) {
        auto v = number(p, n, path, required, INT32_MIN, INT32_MAX);
        return v ? std::optional<std::int32_t>(std::int32_t(*v)) : std::nullopt;
    }
    std::optional<bool> boolean(const xml::element& p, std::string_view n, const std::string& path, bool required) {
        auto t = text(p, n, path, required);
        if (!t) return std::nullopt;
        if (*t == "true" || *t == "1") return true;
        if (*t == "false" || *t == "0") return false;
        return fail(path + "/" + std::string(n), "expected true or false, got " + soap::excerpt(*t)), std::nullopt;
    }
    std::optional<bytes> binary(const xml::element& p, std::string_view n, const std::string& path, bool required) {
        auto e = p.child(ns_policy, n);
        std::string where = path + "/" + std::string(n);
        if (!e || e.nil()) {
            if (required) fail(where, e ? "is nil" : "missing");
            return std::nullopt;
        }
        std::string t = e.text();
        if (t.size() > lim_.max_binary / 3 * 4 + 4096) return fail(where, "larger than " + std::to_string(lim_.max_binary) + " bytes"), std::nullopt;
        auto d = base64::decode(t);
        if (!d) return fail(where, "not base64 (" + d.err().message + " at byte " + std::to_string(d.err().offset) + ")"), std::nullopt;
        if (d->size() > lim_.max_binary) return fail(where, "larger than " + std::to_string(lim_.max_binary) + " bytes"), std::nullopt;
        return std::move(*d);
    }
    // items: the `item` children of a collection, at most `max` of them.
    std::vector<xml::element> items(const xml::element& coll, std::string_view item, const std::string& path, std::size_t max) {
        auto v = coll.children(ns_policy, item);
        if (v.size() > max) {
            fail(path, "holds " + std::to_string(v.size()) + " <" + std::string(item) + "> elements, more than the limit of " +
                           std::to_string(max));
            v.clear();
        }
        return v;
    }
    const limits& lim() const { return lim_; }

private:
    const limits& lim_;
};

inline std::string at(const std::string& path, std::string_view item, std::size_t i) {
    return path + "/" + std::string(item) + "[" + std::to_string(i + 1) + "]";
}

inline void read_oids(walker& w, const xml::element& coll, policy_response& out) {
    const std::string path = "oIDs";
    auto list = w.items(coll, "oID", path, w.lim().max_oids);
    for (std::size_t i = 0; i < list.size() && w; ++i) {
        std::string p = at(path, "oID", i);
        oid_entry o;
        o.value = w.text(list[i], "value", p, true).value_or("");
        o.group = w.u32(list[i], "group", p, true).value_or(0);
        o.reference_id = w.i32(list[i], "oIDReferenceID", p, true).value_or(0);
        o.default_name = w.text(list[i], "defaultName", p, false).value_or("");
        if (!w) return;
        for (auto& seen : out.oids)
            if (seen.reference_id == o.reference_id)
                return w.fail(p, "oIDReferenceID " + std::to_string(o.reference_id) + " is given twice");
        out.oids.push_back(std::move(o));
    }
}

inline void read_cas(walker& w, const xml::element& coll, policy_response& out) {
    const std::string path = "cAs";
    auto list = w.items(coll, "cA", path, w.lim().max_cas);
    for (std::size_t i = 0; i < list.size() && w; ++i) {
        std::string p = at(path, "cA", i);
        certification_authority ca;
        auto uris = w.need(list[i], "uris", p);
        auto entries = w.items(uris, "cAURI", p + "/uris", w.lim().max_uris);
        for (std::size_t j = 0; j < entries.size() && w; ++j) {
            std::string q = at(p + "/uris", "cAURI", j);
            ca_uri u;
            u.client_authentication = w.u32(entries[j], "clientAuthentication", q, true).value_or(0);
            u.uri = w.text(entries[j], "uri", q, true).value_or("");
            u.priority = w.u32(entries[j], "priority", q, false);
            u.renewal_only = w.boolean(entries[j], "renewalOnly", q, false).value_or(false);
            ca.uris.push_back(std::move(u));
        }
        if (w && entries.empty()) w.fail(p + "/uris", "holds no <cAURI>");
        ca.certificate = w.binary(list[i], "certificate", p, false).value_or(bytes{});
        ca.enroll_permission = w.boolean(list[i], "enrollPermission", p, false).value_or(false);
        ca.reference_id = w.i32(list[i], "cAReferenceID", p, true).value_or(0);
        if (!w) return;
        if (out.ca(ca.reference_id)) return w.fail(p, "cAReferenceID " + std::to_string(ca.reference_id) + " is given twice");
        out.cas.push_back(std::move(ca));
    }
}

// oid_of resolves an OID reference (an error names the referring element).
inline std::string oid_of(walker& w, const policy_response& r, std::int32_t ref, const std::string& path) {
    for (auto& o : r.oids)
        if (o.reference_id == ref) return o.value;
    w.fail(path, "refers to OID " + std::to_string(ref) + ", which the answer's oIDs do not hold");
    return {};
}

inline void read_key(walker& w, const xml::element& attrs, const std::string& path, const policy_response& r, private_key_attributes& k) {
    auto e = w.need(attrs, "privateKeyAttributes", path);
    if (!w) return;
    std::string p = path + "/privateKeyAttributes";
    k.minimal_key_length = w.u32(e, "minimalKeyLength", p, true).value_or(0);
    k.key_spec = w.u32(e, "keySpec", p, false);
    k.key_usage_property = w.u32(e, "keyUsageProperty", p, false);
    if (auto ref = w.i32(e, "algorithmOIDReference", p, false)) k.algorithm_oid = oid_of(w, r, *ref, p + "/algorithmOIDReference");
    if (auto cp = e.child(ns_policy, "cryptoProviders"); cp && !cp.nil())
        for (auto& prov : w.items(cp, "provider", p + "/cryptoProviders", w.lim().max_list)) {
            std::string t = prov.trimmed_text();
            if (t.size() > w.lim().max_text) return w.fail(p + "/cryptoProviders/provider", "too long");
            k.crypto_providers.push_back(std::move(t));
        }
}

inline void read_extensions(walker& w, const xml::element& attrs, const std::string& path, const policy_response& r,
                            policy_template& t) {
    auto coll = attrs.child(ns_policy, "extensions");
    if (!coll || coll.nil()) return;
    std::string p = path + "/extensions";
    auto list = w.items(coll, "extension", p, w.lim().max_list);
    for (std::size_t i = 0; i < list.size() && w; ++i) {
        std::string q = at(p, "extension", i);
        template_extension x;
        auto ref = w.i32(list[i], "oIDReference", q, true);
        x.critical = w.boolean(list[i], "critical", q, false).value_or(false);
        x.value = w.binary(list[i], "value", q, false).value_or(bytes{});
        if (ref) x.oid = oid_of(w, r, *ref, q + "/oIDReference");
        t.extensions.push_back(std::move(x));
    }
}

inline void read_policy(walker& w, const xml::element& e, const std::string& path, const policy_response& r, policy_template& t) {
    if (auto ref = w.i32(e, "policyOIDReference", path, true)) t.oid = oid_of(w, r, *ref, path + "/policyOIDReference");
    if (auto cas = e.child(ns_policy, "cAs"); cas && !cas.nil()) {
        auto refs = w.items(cas, "cAReference", path + "/cAs", w.lim().max_list);
        for (std::size_t i = 0; i < refs.size() && w; ++i) {
            std::string q = at(path + "/cAs", "cAReference", i);
            auto n = w.parse(refs[i].trimmed_text(), q, INT32_MIN, INT32_MAX);
            if (!n) return;
            auto id = std::int32_t(*n);
            if (!r.ca(id)) return w.fail(q, "refers to CA " + std::to_string(id) + ", which the answer's cAs do not hold");
            t.ca_references.push_back(id);
        }
    }
    auto a = w.need(e, "attributes", path);
    if (!w) return;
    std::string p = path + "/attributes";
    t.common_name = w.text(a, "commonName", p, true).value_or("");
    t.policy_schema = w.u32(a, "policySchema", p, true).value_or(0);
    if (auto v = w.need(a, "certificateValidity", p); w) {
        t.validity_seconds = std::uint64_t(w.number(v, "validityPeriodSeconds", p + "/certificateValidity", true, 0, UINT64_MAX >> 1).value_or(0));
        t.renewal_seconds = std::uint64_t(w.number(v, "renewalPeriodSeconds", p + "/certificateValidity", true, 0, UINT64_MAX >> 1).value_or(0));
    }
    if (auto perm = w.need(a, "permission", p); w) {
        t.enroll = w.boolean(perm, "enroll", p + "/permission", true).value_or(false);
        t.auto_enroll = w.boolean(perm, "autoEnroll", p + "/permission", true).value_or(false);
    }
    read_key(w, a, p, r, t.key);
    if (auto rev = w.need(a, "revision", p); w) {
        t.major_revision = w.u32(rev, "majorRevision", p + "/revision", true).value_or(0);
        t.minor_revision = w.u32(rev, "minorRevision", p + "/revision", true).value_or(0);
    }
    t.private_key_flags = w.u32(a, "privateKeyFlags", p, false);
    t.subject_name_flags = w.u32(a, "subjectNameFlags", p, false);
    t.enrollment_flags = w.u32(a, "enrollmentFlags", p, false);
    t.general_flags = w.u32(a, "generalFlags", p, false);
    if (auto ref = w.i32(a, "hashAlgorithmOIDReference", p, false)) t.hash_algorithm_oid = oid_of(w, r, *ref, p + "/hashAlgorithmOIDReference");
    read_extensions(w, a, p, r, t);
}

}  // namespace detail

// read parses the HTTP body of a CEP answer (any status: faults come with 500).
inline result<policy_response> read(std::string_view body, const limits& lim = {}) {
    auto b = soap::read_body(body, lim.document, detail::who);
    if (!b) return b.err();
    const xml::element& part = b->part;
    if (soap::is_fault(part)) {
        auto f = soap::read_fault(part);
        return core::error(soap::fault_message(f, detail::who), core::hr::fail);
    }
    if (!part.is(ns_policy, "GetPoliciesResponse"))
        return core::error("unexpected SOAP body element <" + std::string(part.qualified_name()) + "> (namespace " +
                         soap::excerpt(part.namespace_uri()) + "), not a GetPoliciesResponse",
                     core::hr::winhttp_invalid_server_response);
    detail::walker w(lim);
    policy_response out;
    // oIDs and cAs first: the policies refer to both.
    if (auto oids = part.child(ns_policy, "oIDs"); oids && !oids.nil()) detail::read_oids(w, oids, out);
    if (auto cas = part.child(ns_policy, "cAs"); w && cas && !cas.nil()) detail::read_cas(w, cas, out);
    auto resp = w ? w.need(part, "response", "GetPoliciesResponse") : xml::element();
    if (w && resp.nil()) w.fail("GetPoliciesResponse/response", "is nil");
    if (w) {
        const std::string p = "response";
        out.policy_id = w.text(resp, "policyID", p, true).value_or("");
        out.friendly_name = w.text(resp, "policyFriendlyName", p, false).value_or("");
        out.next_update_hours = w.u32(resp, "nextUpdateHours", p, false);
        out.policies_not_changed = w.boolean(resp, "policiesNotChanged", p, false).value_or(false);
        if (auto pols = resp.child(ns_policy, "policies"); w && pols && !pols.nil()) {
            auto list = w.items(pols, "policy", p + "/policies", lim.max_policies);
            for (std::size_t i = 0; i < list.size() && w; ++i) {
                policy_template t;
                detail::read_policy(w, list[i], detail::at(p + "/policies", "policy", i), out, t);
                out.policies.push_back(std::move(t));
            }
        }
    }
    if (!w)
        return core::error("the enrollment policy service's answer is malformed: " + *w.problem, core::hr::winhttp_invalid_server_response);
    return out;
}

}  // namespace certreq::adcs::xcep
