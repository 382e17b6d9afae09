// certreq -submit / -retrieve / -enroll against a SCEP server (-config
// http[s]://host[:port]/path, RFC 8894). Parses the arguments, calls
// verbs/scep_client.hpp and verbs/new.hpp with the certreq-http transport,
// prints what certreq prints (under -q too). Exit codes as the local-CA
// verbs: 0 for SUCCESS, PENDING and FAILURE answers (3 pending, 4 FAILURE only
// with CERTREQ_DISPOSITION_EXIT_CODES=1), 1 failed (WinHttp HRESULT), 2 usage.
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "certreq/model/attrib_option.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/file.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/scep/state.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/renewable.hpp"
#include "certreq/verbs/scep_client.hpp"
#include "http_transport.hpp"
#include "outputs.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

namespace {

namespace sc = verbs::scep_client;

constexpr int exit_pending = 3;  // only with CERTREQ_DISPOSITION_EXIT_CODES=1 (disposition_exit)
constexpr int exit_denied = 4;

int scep_fail(const std::string& msg, core::hresult hr = core::hr::fail) { return fail(msg, hr); }
int scep_fail(const os::error& e) { return fail(e.message, e.hresult()); }
int scep_fail(const sc::error& e) { return fail(e.message, e.hresult != core::hr::none ? e.hresult : core::hr::fail); }

// found_state: a transaction's state and the store it lives in.
struct found_state {
    store::key_store ks;
    scep::transaction_state st;
};

// find_state looks the transaction up in the store -user/-machine chooses, else user then machine.
std::optional<found_state> find_state(const command_line& cl, const std::string& tid, std::string& why) {
    std::vector<store::scope> scopes;
    if (cl.opts.machine) scopes = {store::scope::machine};
    else if (cl.opts.user) scopes = {store::scope::user};
    else scopes = {store::scope::user, store::scope::machine};
    for (auto s : scopes) {
        auto ks = store::key_store::open(s);
        if (!ks) continue;
        auto st = scep::load_state(ks->root(), tid);
        if (!st) return why = st.err().message, std::nullopt;
        if (*st) return found_state{std::move(*ks), std::move(**st)};
    }
    why = "no SCEP transaction " + tid + " in the key store (requests for -submit are made by certreq -new with RequestType = SCEP)";
    return std::nullopt;
}

std::optional<mbed::private_key> load_key(const store::key_store& ks, const std::string& container, std::string& why) {
    auto pem = ks.load_key(container);
    if (!pem) return why = pem.err().message, std::nullopt;
    auto key = mbed::private_key::load(as_bytes(*pem));
    if (!key) return why = "key " + container + ": " + key.err().message(), std::nullopt;
    return std::move(*key);
}

std::string text_of(std::string_view label, byte_view der, bool binary, bool unicode) {
    return verbs::output_file_text(label, der, binary, unicode);
}

// write_outputs writes CertFileOut, CertChainFileOut (certs-only PKCS#7) and
// FullResponseFileOut (the CertRep), all or nothing (planned before anything was sent).
bool write_outputs(const sc::outcome& o, os::output_files& outs, bool binary, bool unicode) {
    std::vector<std::string> texts;
    if (outs.size() > 0) texts.push_back(text_of(verbs::label_certificate, o.certificate, binary, unicode));
    if (outs.size() > 1) texts.push_back(text_of(verbs::label_certificate, scep::degenerate_pkcs7(o.chain), binary, unicode));
    if (outs.size() > 2) texts.push_back(text_of(verbs::label_certificate, o.response, binary, unicode));
    std::vector<std::optional<byte_view>> data;
    for (auto& t : texts) data.emplace_back(as_bytes(t));
    if (auto s = outs.commit(data, os::output_mode()); !s) {
        fail(s.err().message, s.err().hresult());
        return false;
    }
    return true;
}

// report prints certreq's disposition lines and returns the exit code.
int report(const sc::outcome& o) {
    out("RequestId: ", o.transaction_id, "\nRequestId: \"", o.transaction_id, "\"\n");
    switch (o.status) {
        case scep::pki_status::success: out("Certificate retrieved(Issued) Issued\n"); return exit_ok;
        case scep::pki_status::pending:
            out("Certificate request is pending: Taken Under Submission\n");
            return disposition_exit(exit_pending);
        case scep::pki_status::failure:
            out("Certificate not issued (Denied) SCEP failInfo: ", o.fail_info,
                o.fail_info_text.empty() ? std::string() : " (" + o.fail_info_text + ")", "\n");
            return disposition_exit(exit_denied);
    }
    return exit_failed;
}

// settle updates the store after an answer: PENDING keeps the state for
// -retrieve; SUCCESS and FAILURE end the transaction.
void settle(found_state& f, const sc::outcome& o, const std::string& url) {
    if (o.status == scep::pki_status::pending) {
        f.st.status = "pending";
        f.st.ca_url = url;
        if (auto s = scep::save_state(f.ks.root(), f.st); !s) err("certreq: warning: ", s.err().message, "\n");
    } else {
        (void)scep::remove_state(f.ks.root(), f.st.transaction_id);
    }
}

bool is_url(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

}  // namespace

bool is_scep_url(const std::string& config) { return is_url(config); }

int run_scep_submit(const command_line& cl) {
    const auto& o = cl.opts;
    if (!is_url(o.config)) return scep_fail("-submit to SCEP needs -config http://host[:port]/path");
    if (cl.positional.empty() || cl.positional.size() > 4) {
        err("certreq -submit: expected RequestFileIn [CertFileOut [CertChainFileOut [FullResponseFileOut]]]\n");
        return exit_usage;
    }
    auto outs = plan_outputs({cl.positional.begin() + 1, cl.positional.end()}, o.force);
    if (!outs) return exit_failed;
    auto raw = os::read_file(cl.positional[0]);
    if (!raw) return scep_fail(raw.err());
    auto in = pem::detect_and_decode(*raw);
    if (!in) return scep_fail(cl.positional[0] + ": " + in.error->message);
    auto msg = scep::read_pki_message(in.der);
    if (!msg)
        return scep_fail(cl.positional[0] + ": not a SCEP request (offset " + std::to_string(msg.err().offset) + ": " +
                    msg.err().message + ")");
    std::string why;
    auto f = find_state(cl, msg->transaction_id, why);
    if (!f) return scep_fail(why, core::hr::not_found);
    auto key = load_key(f->ks, f->st.key_container, why);
    if (!key) return scep_fail(why);
    auto r = sc::exchange(http_transport, o.config, in.der, f->st, *key);
    if (!r) return scep_fail(r.err());
    settle(*f, *r, o.config);
    int rc = report(*r);
    if (r->status == scep::pki_status::success && !write_outputs(*r, *outs, o.binary, o.unicode_text)) return exit_failed;
    return rc;
}

int run_scep_retrieve(const command_line& cl) {
    const auto& o = cl.opts;
    if (cl.positional.empty() || cl.positional.size() > 4) {
        err("certreq -retrieve: expected RequestId [CertFileOut [CertChainFileOut [FullResponseFileOut]]]\n");
        return exit_usage;
    }
    auto outs = plan_outputs({cl.positional.begin() + 1, cl.positional.end()}, o.force);
    if (!outs) return exit_failed;
    std::string why;
    auto f = find_state(cl, cl.positional[0], why);
    if (!f) return scep_fail(why, core::hr::not_found);
    std::string url = is_url(o.config) ? o.config : f->st.ca_url;
    if (!is_url(url)) return scep_fail("-retrieve of a SCEP request needs -config http://host[:port]/path");
    auto key = load_key(f->ks, f->st.key_container, why);
    if (!key) return scep_fail(why);
    auto rng = mbed::system_rng();
    if (!rng) return scep_fail(rng.err().message());
    auto poll = sc::cert_poll_message(f->st, *key, *rng);
    if (!poll) return scep_fail(poll.err());
    auto r = sc::exchange(http_transport, url, *poll, f->st, *key);
    if (!r) return scep_fail(r.err());
    settle(*f, *r, url);
    int rc = report(*r);
    if (r->status == scep::pki_status::success && !write_outputs(*r, *outs, o.binary, o.unicode_text)) return exit_failed;
    return rc;
}

}  // namespace certreq::driver

namespace certreq::driver {

namespace {

// take_challenge moves the ChallengePassword:value part of -attrib into
// `challenge` and leaves the other parts in `attrib` (split as the INF
// lowering splits -attrib). It returns what is wrong, else "":
// `ChallengePassword=value` is refused, never sent on as a name/value pair;
// a carriage return would end the INF line the password is passed in. The
// value is never part of the answer.
std::string take_challenge(std::string& attrib, std::string& challenge) {
    std::string rest;
    for (std::string_view part : model::split_attrib_option(attrib)) {
        std::string_view value;
        switch (model::challenge_in_part(part, value)) {
            case model::attrib_challenge::colon:
                if (value.find('\r') != std::string_view::npos) return "-attrib: ChallengePassword holds a carriage return";
                challenge.assign(value);
                break;
            case model::attrib_challenge::equals_typo: return std::string(model::challenge_typo_message);
            case model::attrib_challenge::no: rest.append(rest.empty() ? "" : "\\n").append(part); break;
        }
    }
    attrib = std::move(rest);
    return {};
}

std::string inf_quote(std::string_view v) {
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string host_name() {
    char buf[256] = "";
    if (::gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
    return buf;
}

// install_issued puts the certificate into the store with its key and ends the pending request.
int install_issued(store::key_store& ks, const sc::outcome& o, const std::string& container, const std::string& pending_id) {
    store::installed_certificate info;
    info.thumbprint = store::to_hex(mbed::sha1(o.certificate));
    if (auto c = cms::read_certificate(o.certificate)) info.serial = store::to_hex(c->serial);
    info.key_container = container;
    if (auto s = ks.install_certificate(o.certificate, info); !s) return scep_fail(s.err());
    if (!pending_id.empty()) (void)ks.remove_pending(pending_id);
    out("Installed Certificate:\n  Serial Number: ", info.serial, "\n  Thumbprint: ", info.thumbprint, "\n");
    return exit_ok;
}

int enroll_renew(const command_line& cl, store::key_store& ks, const std::string& challenge, bool reuse_keys) {
    const auto& o = cl.opts;
    auto found = store::resolve_certificate(ks, o.cert);
    if (!found) return scep_fail("-cert: " + found.err().message, found.err().code == ENOENT ? core::hr::crypt_not_found : found.err().hresult());
    if (found->key_container.empty()) return scep_fail("-cert: certificate " + found->thumbprint + " has no private key in the store");
    if (std::string no = verbs::renewal_refusal(found->der, static_cast<std::int64_t>(std::time(nullptr))); !no.empty())
        return scep_fail("-cert: certificate " + found->thumbprint + ": " + no, core::hr::invalid_data);
    std::string why;
    auto old_key = load_key(ks, found->key_container, why);
    if (!old_key) return scep_fail(why);
    bytes old_cert = found->der;
    auto oc = cms::read_certificate(old_cert);
    if (!oc) return scep_fail("-cert: " + oc.err().message);

    auto caps = sc::get_ca_caps(http_transport, o.config);
    if (!caps) return scep_fail(caps.err());
    if (!caps->renewal) return scep_fail("the SCEP server does not offer Renewal (GetCACaps)");
    auto ca = sc::get_ca_cert(http_transport, o.config);
    if (!ca) return scep_fail(ca.err());
    auto rng = mbed::system_rng();
    if (!rng) return scep_fail(rng.err().message());

    std::optional<mbed::private_key> fresh;
    std::string container = found->key_container;
    if (!reuse_keys) {
        if (old_key->algorithm() != model::key_algorithm::rsa) return scep_fail("SCEP renewal needs an RSA key");
        auto k = mbed::private_key::generate_rsa(static_cast<std::uint32_t>(old_key->bits()), *rng);
        if (!k) return scep_fail(k.err().message());
        fresh = std::move(*k);
        container = store::default_container_name();
    }
    const mbed::private_key& new_key = fresh ? *fresh : *old_key;
    scep::transaction_state st;
    auto spki = new_key.public_key_der();
    if (!spki) return scep_fail(spki.err().message());
    st.transaction_id = scep::transaction_id_for(*spki);
    st.signer_cert = old_cert;
    st.subject.assign(oc->subject.begin(), oc->subject.end());
    st.ca_certs = *ca;
    auto r = verbs::detail::choose_recipient(st.ca_certs, {}, why);
    st.recipient = r.value_or(0);
    for (auto& k : caps->keywords) st.capabilities += (st.capabilities.empty() ? "" : " ") + k;
    st.key_container = container;
    auto csr = sc::renewal_csr(oc->subject, new_key, challenge, caps->digest(), *rng);
    if (!csr) return scep_fail(csr.err());
    auto msg = sc::request_message(scep::message_type::renewal_req, *csr, st, *old_key, *rng);
    if (!msg) return scep_fail(msg.err());
    if (fresh) {
        auto pem = fresh->pkcs8_pem();
        if (!pem) return scep_fail(pem.err().message());
        if (auto s = ks.save_key(container, *pem); !s) return scep_fail(s.err());
    }
    found_state f{ks, st};
    if (auto s = scep::save_state(ks.root(), st); !s) return scep_fail(s.err());
    auto res = sc::exchange(http_transport, o.config, *msg, st, *old_key, &new_key);
    if (!res) {
        (void)scep::remove_state(ks.root(), st.transaction_id);
        if (fresh) (void)ks.remove_key(container);
        return scep_fail(res.err());
    }
    settle(f, *res, o.config);
    int rc = report(*res);
    if (res->status == scep::pki_status::success) return install_issued(ks, *res, container, {});
    if (res->status == scep::pki_status::failure && fresh) (void)ks.remove_key(container);
    return rc;
}

}  // namespace

int run_scep_enroll(const command_line& cl) {
    const auto& o = cl.opts;
    if (!is_url(o.config)) return scep_fail("-enroll with SCEP needs -config http://host[:port]/path");
    std::string attrib = o.attrib, challenge;
    if (std::string bad = take_challenge(attrib, challenge); !bad.empty()) return scep_fail(bad, core::hr::invalid_data);
    auto ks = store::key_store::open(o.machine ? store::scope::machine : store::scope::user);
    if (!ks) return scep_fail(ks.err());

    // -enroll -cert ID Renew [ReuseKeys]
    if (o.cert_given) {
        bool renew = false, reuse = false;
        for (auto& p : cl.positional) {
            std::string w = lower(p);
            if (w == "renew") renew = true;
            else if (w == "reusekeys") reuse = true;
            else {
                err("certreq -enroll: unexpected argument ", p, " (expected -cert CertId Renew [ReuseKeys])\n");
                return exit_usage;
            }
        }
        if (!renew) {
            err("certreq -enroll: -cert needs Renew\n");
            return exit_usage;
        }
        return enroll_renew(cl, *ks, challenge, reuse);
    }
    if (cl.positional.size() != 1) {
        err("certreq -enroll: expected TemplateName or an INF file (RequestType = SCEP)\n");
        return exit_usage;
    }

    // The CA as the server describes it, kept beside the transaction state.
    auto caps = sc::get_ca_caps(http_transport, o.config);
    if (!caps) return scep_fail(caps.err());
    auto ca = sc::get_ca_cert(http_transport, o.config);
    if (!ca) return scep_fail(ca.err());
    std::string ca_file = ks->root() + "/scep/ca-" + store::to_hex(mbed::sha1((*ca)[0])) + ".p7b";
    if (auto d = os::ensure_dir(ks->root(), 0700); !d) return scep_fail(d.err());
    if (auto d = os::ensure_dir(ks->root() + "/scep", 0700); !d) return scep_fail(d.err());
    if (auto s = os::write_file_atomic(ca_file, scep::degenerate_pkcs7(*ca), os::output_mode(), true); !s) return scep_fail(s.err());
    std::string caps_text;
    for (auto& k : caps->keywords) caps_text += (caps_text.empty() ? "" : " ") + k;

    // An INF file, or a template name: a 2048-bit RSA request for this host.
    const std::string& what = cl.positional[0];
    std::string inf;
    std::string inf_name = what;
    if (os::exists(what) && !os::is_directory(what)) {
        auto text = os::read_file(what);
        if (!text) return scep_fail(text.err());
        inf.assign(as_chars(*text));
    } else {
        inf = "[NewRequest]\r\nSubject = " + inf_quote("CN=" + host_name()) + "\r\nKeyLength = 2048\r\n";
        inf += "[RequestAttributes]\r\nCertificateTemplate = " + inf_quote(what) + "\r\n";
        inf_name = "(template " + what + ")";
    }
    // What the server said about itself completes the INF (the INF's own values come first and win).
    inf += "\r\n[NewRequest]\r\nRequestType = SCEP\r\nCACerts = " + inf_quote(ca_file) + "\r\nCACapabilities = " + inf_quote(caps_text) + "\r\n";
    if (!challenge.empty()) inf += "ChallengePassword = " + inf_quote(challenge) + "\r\n";

    verbs::new_options opt;
    opt.attrib = attrib;
    opt.now = static_cast<std::int64_t>(std::time(nullptr));
    opt.host = verbs::current_host_identity();
    opt.machine_store = o.machine;
    opt.store_from_option = o.machine || o.user;
    auto user_ks = store::key_store::open(store::scope::user);
    auto machine_ks = store::key_store::open(store::scope::machine);
    verbs::new_result n = verbs::build_new(as_bytes(inf), inf_name, opt, user_ks ? &*user_ks : nullptr,
                                           machine_ks ? &*machine_ks : nullptr);
    n.diags().print(stderr, o.verbose ? severity::note : severity::error);
    if (!n.ok) return fail_diags(n.diags());
    if (!n.scep_state) return scep_fail("the INF does not make a SCEP request (RequestType = SCEP)", core::hr::invalid_data);
    if (auto s = verbs::save_new(n, *ks, {}, false, o.force); !s) return scep_fail(s.err());
    std::string why;
    auto f = find_state(cl, n.scep_state->transaction_id, why);
    if (!f) return scep_fail(why);
    auto key = load_key(f->ks, f->st.key_container, why);
    if (!key) return scep_fail(why);
    auto r = sc::exchange(http_transport, o.config, n.der, f->st, *key);
    if (!r) return scep_fail(r.err());
    settle(*f, *r, o.config);
    int rc = report(*r);
    if (r->status == scep::pki_status::success) return install_issued(f->ks, *r, f->st.key_container, f->st.pending_id);
    if (r->status == scep::pki_status::failure) {
        (void)f->ks.remove_pending(f->st.pending_id);
        (void)f->ks.remove_key(f->st.key_container);
    }
    return rc;
}

}  // namespace certreq::driver
