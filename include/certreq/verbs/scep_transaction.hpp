// verbs/scep_transaction.hpp: what -submit, -retrieve and -enroll against a
// SCEP server (RFC 8894) share: the transaction state in the key store and
// its key, the store's update after an answer, the disposition lines
// (certreq's, under -q too) and the response files.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "certreq/cms/certificate_fields.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/os/output_files.hpp"
#include "certreq/scep/state.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/scep_client.hpp"
#include "certreq/verbs/stored_key.hpp"
#include "certreq/verbs/submit.hpp"

namespace certreq::verbs::scep_run {

namespace sc = scep_client;

// fail reports a SCEP client error with its HRESULT (E_FAIL when it has none).
inline report& fail(report& rep, const sc::error& e) {
    return rep.fail(e.message, e.hresult != core::hr::none ? e.hresult : core::hr::fail);
}

inline bool is_url(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// found_state: a transaction's state and the store it lives in.
struct found_state {
    store::key_store ks;
    scep::transaction_state st;
};

// find_state looks the transaction up in the store -user/-machine chooses, else user then machine.
inline std::optional<found_state> find_state(store_choice stores, const std::string& tid, std::string& why) {
    std::vector<store::scope> scopes;
    if (stores.machine) scopes = {store::scope::machine};
    else if (stores.user) scopes = {store::scope::user};
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

// load_key: the transaction's key, software or on a token (it signs the
// SCEP messages and decrypts the answer).
inline core::result<stored_key> load_key(const store::key_store& ks, const std::string& container, const key_access& a) {
    auto key = open_stored_key(ks, container, a);
    if (!key) return key.err().with_context("key " + container);
    return key;
}

// write_outputs writes CertFileOut, CertChainFileOut (certs-only PKCS#7) and
// FullResponseFileOut (the CertRep), all or nothing (planned before anything was sent).
inline bool write_outputs(report& rep, const sc::outcome& o, os::output_files& outs, const output_format& fmt) {
    std::vector<std::string> texts;
    if (outs.size() > 0) texts.push_back(output_file_text(label_certificate, o.certificate, fmt.binary, fmt.unicode_text));
    if (outs.size() > 1)
        texts.push_back(output_file_text(label_certificate, scep::degenerate_pkcs7(o.chain), fmt.binary, fmt.unicode_text));
    if (outs.size() > 2) texts.push_back(output_file_text(label_certificate, o.response, fmt.binary, fmt.unicode_text));
    std::vector<std::optional<byte_view>> data;
    for (auto& t : texts) data.emplace_back(as_bytes(t));
    if (auto s = outs.commit(data, os::output_mode()); !s) return rep.fail(s.err().message, s.err().hresult), false;
    return true;
}

// say_disposition: certreq's disposition lines for the answer, and its
// (opt-in) exit code: 3 pending, 4 FAILURE.
inline report& say_disposition(report& rep, const sc::outcome& o) {
    rep.out("RequestId: ", o.transaction_id, "\nRequestId: \"", o.transaction_id, "\"\n");
    switch (o.status) {
        case scep::pki_status::success: return rep.out("Certificate retrieved(Issued) Issued\n");
        case scep::pki_status::pending:
            rep.disposition = exit_pending;
            return rep.out("Certificate request is pending: Taken Under Submission\n");
        case scep::pki_status::failure:
            rep.disposition = exit_denied;
            return rep.out("Certificate not issued (Denied) SCEP failInfo: ", o.fail_info,
                           o.fail_info_text.empty() ? std::string() : " (" + o.fail_info_text + ")", "\n");
    }
    return rep.failed_with(core::hr::fail);
}

// settle updates the store after an answer: PENDING keeps the state for
// -retrieve; SUCCESS and FAILURE end the transaction.
inline void settle(report& rep, found_state& f, const sc::outcome& o, const std::string& url) {
    if (o.status == scep::pki_status::pending) {
        f.st.status = "pending";
        f.st.ca_url = url;
        if (auto s = scep::save_state(f.ks.root(), f.st); !s) rep.err("certreq: warning: ", s.err().message, "\n");
    } else {
        (void)scep::remove_state(f.ks.root(), f.st.transaction_id);
    }
}

// install_issued puts the certificate into the store with its key and ends the pending request.
inline report& install_issued(report& rep, store::key_store& ks, const sc::outcome& o, const std::string& container,
                              const std::string& pending_id) {
    store::installed_certificate info;
    info.thumbprint = store::to_hex(mbed::sha1(o.certificate));
    if (auto c = cms::read_certificate(o.certificate)) info.serial = store::to_hex(c->serial);
    info.key_container = container;
    if (auto s = ks.install_certificate(o.certificate, info); !s) return rep.fail(s.err().message, s.err().hresult);
    if (!pending_id.empty()) (void)ks.remove_pending(pending_id);
    return rep.out("Installed Certificate:\n  Serial Number: ", info.serial, "\n  Thumbprint: ", info.thumbprint, "\n");
}

}  // namespace certreq::verbs::scep_run
