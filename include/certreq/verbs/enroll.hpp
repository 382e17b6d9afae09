// verbs/enroll.hpp: the library side of `certreq -enroll` against a local
// CA: -new + -submit + -accept in one step (spec §1.2).
//
//   certreq -enroll [-config -|DIR] [-user|-machine] TemplateName
//   certreq -enroll [-config -|DIR] [-user|-machine] -cert ID Renew [ReuseKeys]
//
// A template is an INF file as for -new: <store>/templates/<Name>.inf, else
// <CA dir>/templates/<Name>.inf. Renewal builds a request with the installed
// certificate's exact subject (DER), its SAN, EKU, KeyUsage, policies and
// basic constraints, and its FriendlyName; a new key of the same algorithm
// and size unless ReuseKeys. When the CA issues at once the certificate is
// installed with its key; a pending answer leaves the request pending in
// both the CA and the store (-retrieve then -accept finish it).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/asn1/name_text.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/ca/authority.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/model/name.hpp"
#include "certreq/os/file.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/accept.hpp"
#include "certreq/verbs/new.hpp"

namespace certreq::verbs {

// template_path finds `name`'s INF: the store's templates, then the CA's.
inline std::optional<std::string> template_path(const std::string& name, const store::key_store& ks, const ca::local_ca& ca) {
    if (name.empty() || name.find('/') != std::string::npos || name.front() == '.') return std::nullopt;
    for (std::string dir : {ks.root() + "/templates", ca.paths().templates()}) {
        std::string p = dir + "/" + name + ".inf";
        if (os::exists(p)) return p;
    }
    return std::nullopt;
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
    if (auto s = save_new(out.request, *ks, {}, false, false); !s)
        return out.error = s.err().message, out.hresult = s.err().hresult(), out;
    ca::submitted_request req;
    req.pkcs10_der = out.request.der;
    auto answer = ca.submit(req, opt.now);
    if (!answer) return out.error = answer.err().message, out.hresult = answer.err().hresult(), out;
    out.answer = std::move(*answer);
    if (out.answer->rec.state != ca::status::issued) return out;
    auto inst = accept_file(out.answer->cert_der, out.request.machine ? nullptr : ks, out.request.machine ? ks : nullptr);
    if (!inst) return out.error = inst.err().message, out.hresult = inst.err().hresult, out;
    out.certificate = std::move(*inst);
    return out;
}

namespace detail {

// find_installed looks a certificate up by thumbprint, serial or CN.
inline std::optional<store::installed_certificate> find_installed(const store::key_store& ks, const std::string& id,
                                                                   std::string& problem) {
    if (auto c = ks.find_certificate(id); c && *c) return std::move(**c);
    auto all = ks.list_certificates();
    if (!all) return problem = all.err().message, std::nullopt;
    std::optional<store::installed_certificate> found;
    for (auto& c : *all) {
        auto der = os::read_file(ks.certificate_path(c.thumbprint));
        if (!der) continue;
        auto d = asn1::decode(asn1::module::pkix, "Certificate", *der);
        auto subject = d ? d.value->element("tbsCertificate.subject") : std::nullopt;
        if (!subject) continue;
        std::string text = asn1::name_text(*subject);
        if (text == "CN=" + id || text.find("CN=" + id + ",") != std::string::npos || text.ends_with(", CN=" + id)) {
            if (found) return problem = "more than one installed certificate has CN=" + id + ": use its thumbprint", std::nullopt;
            c.der = std::move(*der);
            found = std::move(c);
        }
    }
    if (!found) problem = "no installed certificate matches '" + id + "' (thumbprint, serial number or CN) in " + ks.root();
    return found;
}

// name_from_der turns a Name into the model (the same string types), so a
// renewal request carries the subject exactly as the certificate had it.
inline std::optional<model::name> name_from_der(const asn1::tlv& name) {
    model::name out;
    asn1::reader rdns(name.content, name.content_offset());
    asn1::der_error e;
    while (!rdns.empty()) {
        auto rdn = rdns.next(&e);
        if (!rdn) return std::nullopt;
        model::rdn r;
        asn1::reader atvs(rdn->content, rdn->content_offset());
        while (!atvs.empty()) {
            auto atv = atvs.next(&e);
            if (!atv) return std::nullopt;
            asn1::reader parts(atv->content, atv->content_offset());
            auto type = parts.next(&e);
            auto value = type ? parts.next(&e) : std::nullopt;
            if (!type || !value) return std::nullopt;
            model::attribute_value av;
            av.oid = asn1::oid_string(type->content).value_or("");
            using k = model::string_kind;
            switch (value->number) {
                case asn1::utag::printable_string: av.kind = k::printable; break;
                case asn1::utag::ia5_string: av.kind = k::ia5; break;
                case asn1::utag::bmp_string: av.kind = k::bmp; break;
                case asn1::utag::teletex_string: av.kind = k::teletex; break;
                case 18: av.kind = k::numeric; break;
                default: av.kind = k::utf8; break;
            }
            if (av.oid.empty() || !asn1::is_string_tag(*value)) return std::nullopt;
            av.value = asn1::string_text(*value);
            r.push_back(std::move(av));
        }
        out.rdns.push_back(std::move(r));
    }
    return out;
}

}  // namespace detail

// renewal_inf describes the renewal of `cert` as an INF (the key and the
// extensions; the subject is set exactly through new_options::adjust).
struct renewal {
    std::string inf;
    model::name subject;
};

inline std::optional<renewal> renewal_of(const store::installed_certificate& c, const store::key_store& ks, bool reuse_keys,
                                         std::string& problem) {
    auto d = asn1::decode(asn1::module::pkix, "Certificate", c.der);
    auto subject = d ? d.value->element("tbsCertificate.subject") : std::nullopt;
    if (!subject) return problem = "the installed certificate does not decode", std::nullopt;
    auto name = detail::name_from_der(*subject);
    if (!name) return problem = "the installed certificate's subject cannot be copied", std::nullopt;
    if (c.key_container.empty()) return problem = "the installed certificate has no private key in " + ks.root(), std::nullopt;
    auto pem = ks.load_key(c.key_container);
    if (!pem) return problem = pem.err().message, std::nullopt;
    auto key = mbed::private_key::load(as_bytes(*pem));
    if (!key) return problem = key.err().message(), std::nullopt;

    std::string inf = "[NewRequest]\r\nSubject = \"CN=renewal\"\r\n";  // replaced by the certificate's exact subject
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
    static constexpr std::string_view kept[] = {"2.5.29.17", "2.5.29.37", "2.5.29.15", "2.5.29.32", "2.5.29.19",
                                                "1.3.6.1.4.1.311.21.10", "1.2.840.113549.1.9.15", "1.3.6.1.4.1.311.20.2",
                                                "1.3.6.1.4.1.311.21.7"};
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
    return renewal{std::move(inf), std::move(*name)};
}

}  // namespace certreq::verbs
