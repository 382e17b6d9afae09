// verbs/enroll.hpp: the library side of `certreq -enroll` against a local
// CA: -new + -submit + -accept in one step (spec §1.2).
//
//   certreq -enroll [-config -|DIR] [-user|-machine] TemplateName
//   certreq -enroll [-config -|DIR] [-user|-machine] -cert ID Renew [ReuseKeys]
//
// A template is an INF file as for -new: <store>/templates/<Name>.inf, else
// <CA dir>/templates/<Name>.inf, the name in any case (template_path).
// `-cert ID` is resolved by store/cert_id.hpp (thumbprint, serial, subject CN
// or FriendlyName). Renewal is a PKCS#7 renewal request (spec §9.1, see
// renewal_of) signed with the old certificate's key; only a certificate valid
// now can be renewed. The new key has the same algorithm and size, unless
// ReuseKeys keeps the old key. When the CA issues at once the certificate is
// installed with its key; a pending answer leaves the request pending in
// both the CA and the store (-retrieve then -accept finish it).
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/name_text.hpp"
#include "certreq/core/ascii.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/ca/authority.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/model/name.hpp"
#include "certreq/os/file.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/accept.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/verbs/renewable.hpp"
#include "certreq/verbs/request_input.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::verbs {

// template_found: the INF of a template, or why there is none.
struct template_found {
    std::optional<std::string> path;
    std::string error;
};

// template_path finds `name`'s INF: <store>/templates/<name>.inf, then
// <CA>/templates/<name>.inf. Template names are case-insensitive, as
// Windows' (`webserver` finds WebServer.inf; ASCII letters): the first
// directory with a match answers, and two files there that differ only in
// case are an error naming both.
inline template_found template_path(const std::string& name, const store::key_store& ks, const ca::local_ca& ca) {
    std::string dirs[] = {ks.root() + "/templates", ca.paths().templates()};
    if (name.empty() || name.find('/') != std::string::npos || name.front() == '.')
        return {std::nullopt, "template '" + name + "' not found (a template name is a file name without .inf)"};
    std::string want = name + ".inf";
    for (const std::string& dir : dirs) {
        if (!os::is_directory(dir)) continue;
        auto names = os::list_dir(dir);
        if (!names) return {std::nullopt, names.err().message};
        std::vector<std::string> hits;
        for (const std::string& n : *names)
            if (iequals(n, want) && !os::is_directory(dir + "/" + n)) hits.push_back(n);
        std::sort(hits.begin(), hits.end());
        if (hits.size() == 1) return {dir + "/" + hits.front(), {}};
        if (hits.size() > 1) {
            std::string list;
            for (auto& h : hits) list += (list.empty() ? "" : ", ") + h;
            return {std::nullopt, "template '" + name + "' is ambiguous: " + dir + " holds " + list +
                                          " (names differ only in case; rename or remove one)"};
        }
    }
    return {std::nullopt, "template '" + name + "' not found (looked for " + want + ", in any case, in " + dirs[0] + " and " +
                                  dirs[1] + ")"};
}

// enroll_result: the -new part (diagnostics bound to the INF), and then the CA's answer.
struct enroll_result {
    new_result request;
    std::optional<ca::outcome> answer;
    std::optional<installed> certificate;  // when issued and installed
    std::string error;                     // a failure outside the INF (store, CA, I/O)
    core::hresult hresult = core::hr::fail;  // with `error`: its Windows code
};

// enroll runs the whole cycle for an INF (a template, or renewal's own).
inline enroll_result enroll(byte_view inf, std::string inf_name, ca::local_ca& ca, store::key_store* user_keys,
                            store::key_store* machine_keys, const new_options& opt) {
    enroll_result out;
    out.request = build_new(inf, std::move(inf_name), opt, user_keys, machine_keys);
    if (!out.request.ok) return out;
    if (out.request.is_certificate) return out.error = "the template makes a self-signed certificate (RequestType = Cert), not a request",
                                              out.hresult = core::hr::invalid_data, out;
    store::key_store* ks = out.request.machine ? machine_keys : user_keys;
    if (!ks) return out.error = std::string("no ") + (out.request.machine ? "machine" : "user") + " store", out;
    // As -submit reads it: a PKCS#7 renewal is unwrapped, its signature checked.
    auto req = read_request_input(out.request.der);
    if (!req) return out.error = req.err().message, out.hresult = core::hr::invalid_data, out;
    if (auto s = save_new(out.request, *ks, {}, false, false); !s)
        return out.error = s.err().message, out.hresult = s.err().hresult(), out;
    auto answer = ca.submit(*req, opt.now);
    if (!answer) return out.error = answer.err().message, out.hresult = answer.err().hresult(), out;
    out.answer = std::move(*answer);
    if (out.answer->rec.state != ca::status::issued) return out;
    auto inst = accept_file(out.answer->cert_der, out.request.machine ? nullptr : ks, out.request.machine ? ks : nullptr, opt.access);
    if (!inst) return out.error = inst.err().message, out.hresult = inst.err().hresult, out;
    out.certificate = std::move(*inst);
    return out;
}

// renewal_of describes the renewal of `c` as an INF for build_new: a PKCS#7
// renewal (RequestType = PKCS7, RenewalCert = its thumbprint; spec §9.1):
// the PKCS#10 with an empty subject and the old certificate in the
// renewal-certificate attribute, signed by the new key, wrapped in SignedData
// signed by the old certificate's key (verbs/new_wrapped.hpp). The CA takes
// the subject from the old certificate (ca/authority.hpp check_renewal). The
// PKCS#10 asks for the old certificate's SAN, EKU, KeyUsage, policies and
// basic constraints, and the key keeps its FriendlyName. A new key of the same
// algorithm and size, or with `reuse_keys` the old key itself. A certificate
// not valid at `now` is refused.
struct renewal {
    std::string inf;
};

inline std::optional<renewal> renewal_of(const store::installed_certificate& c, const store::key_store& ks, bool reuse_keys,
                                         std::int64_t now, std::string& problem) {
    auto d = asn1::decode(asn1::module::pkix, "Certificate", c.der);
    if (!d) return problem = "the installed certificate " + c.thumbprint + " does not decode", std::nullopt;
    if (std::string why = renewal_refusal(c.der, now); !why.empty()) return problem = "certificate " + c.thumbprint + ": " + why, std::nullopt;
    if (c.key_container.empty()) return problem = "the installed certificate has no private key in " + ks.root(), std::nullopt;
    auto pem = ks.load_key(c.key_container);
    if (!pem) return problem = pem.err().message, std::nullopt;
    auto key = mbed::private_key::load(as_bytes(*pem));
    if (!key) return problem = key.err().message(), std::nullopt;

    std::string inf = "[NewRequest]\r\nRequestType = PKCS7\r\nRenewalCert = " + c.thumbprint + "\r\n";
    if (key->algorithm() == model::key_algorithm::rsa) {
        inf += "KeyAlgorithm = RSA\r\nKeyLength = " + std::to_string(key->bits()) + "\r\n";
    } else {
        const char* curve = key->curve() == model::curve::p384 ? "ECDSA_P384" : key->curve() == model::curve::p521 ? "ECDSA_P521" : "ECDSA_P256";
        inf += std::string("KeyAlgorithm = ") + curve + "\r\n";
    }
    if (reuse_keys) inf += "UseExistingKeySet = TRUE\r\nKeyContainer = \"" + c.key_container + "\"\r\n";
    if (!c.friendly_name.empty()) {
        std::string f;
        for (char ch : c.friendly_name) f += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        inf += "FriendlyName = \"" + f + "\"\r\n";
    }
    inf += "[Extensions]\r\n";
    std::string critical;
    static constexpr std::string_view kept[] = {oids::subject_alt_name.dotted(), oids::ext_key_usage.dotted(), oids::key_usage.dotted(), oids::certificate_policies.dotted(), oids::basic_constraints.dotted(),
                                                oids::ms_application_policies.dotted(), oids::smime_capabilities.dotted(), oids::ms_certificate_template_name.dotted(),
                                                oids::ms_certificate_template.dotted()};
    std::size_t n = d.value->count("tbsCertificate.extensions");
    for (std::size_t i = 1; i <= n; ++i) {
        std::string p = asn1::item("tbsCertificate.extensions", i);
        std::string oid = d.value->oid(p + ".extnID").value_or("");
        auto v = d.value->element(p + ".extnValue");
        if (!v || std::find(std::begin(kept), std::end(kept), oid) == std::end(kept)) continue;
        inf += oid + " = " + base64::encode(v->content, 0, "") + "\r\n";
        if (d.value->boolean(p + ".critical").value_or(false)) critical += (critical.empty() ? "" : ",") + oid;
    }
    if (!critical.empty()) inf += "Critical = " + critical + "\r\n";
    return renewal{std::move(inf)};
}

}  // namespace certreq::verbs
