// verbs/scep_enroll.hpp: `certreq -enroll` against a SCEP server (-config
// http[s]://host[:port]/path, RFC 8894), from the template name, INF file or
// certificate to renew to the printed lines:
//   certreq -enroll [-user|-machine] [-attrib ChallengePassword:pw] TemplateName|PolicyFileIn
//   certreq -enroll [-user|-machine] [-attrib ChallengePassword:pw] -cert ID Renew [ReuseKeys]
// Enroll asks the server for its capabilities and CA certificates, makes the
// key and the PKCSReq (a template: verbs/scep_template.hpp; an INF file: as
// -new reads it, RequestType = SCEP and the password unless it says
// otherwise), keeps them in the store, sends it, and installs an issued
// certificate. Renew signs a RenewalReq with the old certificate's key, for
// a new RSA key of the same size (ReuseKeys: the old key).
#pragma once
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/file.hpp"
#include "certreq/scep/state.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/host_identity.hpp"
#include "certreq/verbs/http.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/verbs/new_scep.hpp"
#include "certreq/verbs/renewable.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/scep_template.hpp"
#include "certreq/verbs/scep_transaction.hpp"

namespace certreq::verbs {

// scep_enroll_target: what the driver read from the arguments.
struct scep_enroll_target {
    std::string what;          // TemplateName or PolicyFileIn (enroll)
    bool renew = false;        // -cert ID Renew
    std::string cert;          // -cert ID
    bool reuse_keys = false;   // ReuseKeys
    std::string usage;         // the arguments do not fit: this usage message, after the -attrib and store checks
};

namespace detail {

// scep_renew: -enroll -cert ID Renew [ReuseKeys] with the store `ks`.
inline report& scep_renew(report& rep, const http::transport& transport, const std::string& url, store::key_store& ks,
                          const std::string& cert_id, const std::string& challenge, bool reuse_keys, const key_access& access) {
    namespace sc = scep_client;
    auto found = store::resolve_certificate(ks, cert_id);
    if (!found)
        return rep.fail("-cert: " + found.err().message, found.err().os_errno == ENOENT ? core::hr::crypt_not_found : found.err().hresult);
    if (found->key_container.empty())
        return rep.fail("-cert: certificate " + found->thumbprint + " has no private key in the store", core::hr::fail);
    if (std::string no = renewal_refusal(found->der, static_cast<std::int64_t>(std::time(nullptr))); !no.empty())
        return rep.fail("-cert: certificate " + found->thumbprint + ": " + no, core::hr::invalid_data);
    std::string why;
    auto old_key = scep_run::load_key(ks, found->key_container, access);  // software, or a token's
    if (!old_key) return rep.fail(old_key.err());
    bytes old_cert = found->der;
    auto oc = cms::read_certificate(old_cert);
    if (!oc) return rep.fail("-cert: " + oc.err().message, core::hr::fail);

    auto caps = sc::get_ca_caps(transport, url);
    if (!caps) return scep_run::fail(rep, caps.err());
    if (!caps->renewal) return rep.fail("the SCEP server does not offer Renewal (GetCACaps)", core::hr::fail);
    auto ca = sc::get_ca_cert(transport, url);
    if (!ca) return scep_run::fail(rep, ca.err());
    auto rng = mbed::system_rng();
    if (!rng) return rep.fail(rng.err().message(), core::hr::fail);

    std::optional<mbed::private_key> fresh;
    std::string container = found->key_container;
    if (!reuse_keys) {
        const mbed::private_key* soft = old_key->software();
        if (!soft)
            return rep.fail("-cert: the key of certificate " + found->thumbprint +
                                    " is on a token; a new key would be made in software: renew with ReuseKeys (the token's key "
                                    "signs again), or make a new key on the token with -new and RequestType = SCEP",
                            core::hr::not_supported);
        if (soft->algorithm() != model::key_algorithm::rsa) return rep.fail("SCEP renewal needs an RSA key", core::hr::fail);
        auto k = mbed::private_key::generate_rsa(static_cast<std::uint32_t>(soft->bits()), *rng);
        if (!k) return rep.fail(k.err().message(), core::hr::fail);
        fresh = std::move(*k);
        container = store::default_container_name();
    }
    const mbed::signer& new_key = fresh ? static_cast<const mbed::signer&>(*fresh) : old_key->signer();
    scep::transaction_state st;
    auto spki = new_key.public_key_der();
    if (!spki) return rep.fail(spki.err().message(), core::hr::fail);
    st.transaction_id = scep::transaction_id_for(*spki);
    st.signer_cert = old_cert;
    st.subject.assign(oc->subject.begin(), oc->subject.end());
    st.ca_certs = *ca;
    st.recipient = verbs::detail::choose_recipient(st.ca_certs, {}, why).value_or(0);
    for (auto& k : caps->keywords) st.capabilities.append(st.capabilities.empty() ? "" : " ").append(k);
    st.key_container = container;
    auto csr = sc::renewal_csr(oc->subject, new_key, challenge, caps->digest(), *rng);
    if (!csr) return scep_run::fail(rep, csr.err());
    auto msg = sc::request_message(scep::message_type::renewal_req, *csr, st, old_key->signer(), *rng);
    if (!msg) return scep_run::fail(rep, msg.err());
    if (fresh) {
        auto pem = fresh->pkcs8_pem();
        if (!pem) return rep.fail(pem.err().message(), core::hr::fail);
        if (auto s = ks.save_key(container, *pem); !s) return rep.fail(s.err().message, s.err().hresult);
    }
    scep_run::found_state f{ks, st};
    if (auto s = scep::save_state(ks.root(), st); !s) return rep.fail(s.err().message, s.err().hresult);
    auto res = sc::exchange(transport, url, *msg, st, *old_key, new_key);
    if (!res) {
        (void)scep::remove_state(ks.root(), st.transaction_id);
        if (fresh) (void)ks.remove_key(container);
        return scep_run::fail(rep, res.err());
    }
    scep_run::settle(rep, f, *res, url);
    scep_run::say_disposition(rep, *res);
    if (res->status == scep::pki_status::success) return scep_run::install_issued(rep, ks, *res, container, {});
    if (res->status == scep::pki_status::failure && fresh) (void)ks.remove_key(container);
    return rep;
}

// keep_ca_certs keeps the CA as the server describes it beside the
// transaction state (<store>/scep/ca-<SHA-1 of the first>.p7b).
inline bool keep_ca_certs(report& rep, const store::key_store& ks, const std::vector<bytes>& certs) {
    std::string file = ks.root() + "/scep/ca-" + store::to_hex(mbed::sha1(certs[0])) + ".p7b";
    os::status s = os::ensure_dir(ks.root(), 0700);
    if (s) s = os::ensure_dir(ks.root() + "/scep", 0700);
    if (s) s = os::write_file_atomic(file, scep::degenerate_pkcs7(certs), os::output_mode(), true);
    if (!s) return rep.fail(s.err().message, s.err().hresult), false;
    return true;
}

// scep_request_of makes the key and the PKCSReq for `what`: an INF file (as
// -new reads it; RequestType = SCEP and the challenge password unless the
// INF gives its own), else a template name (verbs/scep_template.hpp).
inline new_result scep_request_of(const std::string& what, const std::string& challenge, const new_options& opt,
                                  const store::key_store* user, const store::key_store* machine, report& rep) {
    new_result n;
    if (!os::exists(what) || os::is_directory(what)) {
        std::string name = "(template " + what + ")";
        diagnostics d(name);
        auto r = scep_template_request(this_host_name(), what, opt.attrib, challenge, d);
        if (!r) return n.inf.diags = std::move(d), n;
        return build_new(std::move(*r), std::move(name), opt, user, machine);
    }
    auto text = os::read_file(what);
    if (!text) return rep.fail(text.err().message, text.err().hresult), n;
    if (!lower_new(n, *text, what, opt)) return n;
    const inf::section* nr = n.inf.doc.find("NewRequest");
    if (!nr || !nr->find("RequestType")) n.request.type = model::request_type::scep;
    if (!challenge.empty() && (!nr || !nr->find("ChallengePassword"))) n.request.challenge_password = challenge;
    make_new(n, opt, user, machine);
    return n;
}

}  // namespace detail

// run_scep_enroll: `attrib` is -attrib (its ChallengePassword:value is the
// SCEP challenge); `ro.output.force` is -f.
inline report run_scep_enroll(const http::transport& transport, const std::string& url, const scep_enroll_target& target,
                              std::string attrib, const run_options& ro) {
    namespace sc = scep_client;
    report rep;
    if (!scep_run::is_url(url)) return rep.fail("-enroll with SCEP needs -config http://host[:port]/path", core::hr::fail);
    std::string challenge;
    if (std::string bad = take_challenge(attrib, challenge); !bad.empty()) return rep.fail(bad, core::hr::invalid_data);
    auto ks = store::key_store::open(ro.stores.machine ? store::scope::machine : store::scope::user);
    if (!ks) return rep.fail(ks.err().message, ks.err().hresult);
    if (!target.usage.empty()) return rep.usage_error(target.usage);
    if (target.renew)
        return detail::scep_renew(rep, transport, url, *ks, target.cert, challenge, target.reuse_keys, ro.access), rep;

    // The CA as the server describes it, kept beside the transaction state.
    auto caps = sc::get_ca_caps(transport, url);
    if (!caps) return scep_run::fail(rep, caps.err()), rep;
    auto ca = sc::get_ca_cert(transport, url);
    if (!ca) return scep_run::fail(rep, ca.err()), rep;
    if (!detail::keep_ca_certs(rep, *ks, *ca)) return rep;
    new_options opt;
    opt.attrib = attrib;
    opt.now = static_cast<std::int64_t>(std::time(nullptr));
    opt.host = current_host_identity();
    opt.machine_store = ro.stores.machine;
    opt.store_from_option = ro.stores.machine || ro.stores.user;
    opt.scep_server = scep_ca{*ca, 0, *caps};
    opt.access = ro.access;  // a ProviderName's token, its PIN
    std::string why;
    auto user_ks = store::key_store::open(store::scope::user);
    auto machine_ks = store::key_store::open(store::scope::machine);
    new_result n = detail::scep_request_of(target.what, challenge, opt, user_ks ? &*user_ks : nullptr,
                                           machine_ks ? &*machine_ks : nullptr, rep);
    if (!rep.ok()) return rep;
    rep.show(n.diags(), ro.shown == severity::note ? severity::note : severity::error);
    if (!n.ok) return rep.fail_diags(n.diags());
    if (!n.scep_state) return rep.fail("the INF does not make a SCEP request (RequestType = SCEP)", core::hr::invalid_data);
    if (auto s = save_new(n, *ks, {}, false, ro.output.force); !s) return rep.fail(s.err().message, s.err().hresult);
    auto f = scep_run::find_state(ro.stores, n.scep_state->transaction_id, why);
    if (!f) return rep.fail(why, core::hr::fail);
    auto key = scep_run::load_key(f->ks, f->st.key_container, ro.access);
    if (!key) return rep.fail(key.err()), rep;
    auto r = sc::exchange(transport, url, n.der, f->st, *key, key->signer());
    if (!r) return scep_run::fail(rep, r.err()), rep;
    scep_run::settle(rep, *f, *r, url);
    scep_run::say_disposition(rep, *r);
    if (r->status == scep::pki_status::success)
        return scep_run::install_issued(rep, f->ks, *r, f->st.key_container, f->st.pending_id), rep;
    if (r->status == scep::pki_status::failure) {
        (void)f->ks.remove_pending(f->st.pending_id);
        (void)f->ks.remove_key(f->st.key_container);
    }
    return rep;
}

}  // namespace certreq::verbs
