// verbs/scep_submit.hpp: `certreq -submit` and `certreq -retrieve` against a
// SCEP server (-config http[s]://host[:port]/path, RFC 8894), from the paths
// to the printed disposition. The request was made by -new with RequestType
// = SCEP, which left its transaction state and key in the store. Every
// output is checked before anything is sent; SUCCESS writes them.
#pragma once
#include <string>
#include <vector>

#include "certreq/mbed/rng.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/output_files.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/scep/pki_message_reader.hpp"
#include "certreq/verbs/http.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/scep_transaction.hpp"

namespace certreq::verbs {

// scep_answered: the store updated, the disposition said and, on SUCCESS,
// the outputs written.
inline report& scep_answered(report& rep, scep_run::found_state& f, const scep_client::outcome& r, const std::string& url,
                             os::output_files& outs, const output_format& fmt) {
    scep_run::settle(rep, f, r, url);
    scep_run::say_disposition(rep, r);
    if (r.status == scep::pki_status::success) scep_run::write_outputs(rep, r, outs, fmt);
    return rep;
}

// run_scep_submit sends the PKCSReq (or RenewalReq) in `request_path` to `url`.
inline report run_scep_submit(const http::transport& transport, const std::string& url, const std::string& request_path,
                              const std::vector<std::string>& out_paths, const run_options& ro) {
    report rep;
    if (!scep_run::is_url(url)) return rep.fail("-submit to SCEP needs -config http://host[:port]/path", core::hr::fail);
    auto outs = os::output_files::plan(out_paths, ro.output.force);
    if (!outs) return rep.fail(outs.err().message, outs.err().hresult);
    auto raw = os::read_file(request_path);
    if (!raw) return rep.fail(raw.err().message, raw.err().hresult);
    auto in = pem::detect_and_decode(*raw);
    if (!in) return rep.fail(request_path + ": " + in.error->message, core::hr::fail);
    auto msg = scep::read_pki_message(in.der);
    if (!msg)
        return rep.fail(request_path + ": not a SCEP request (offset " + std::to_string(msg.err().offset) + ": " +
                            msg.err().message + ")",
                        core::hr::fail);
    std::string why;
    auto f = scep_run::find_state(ro.stores, msg->transaction_id, why);
    if (!f) return rep.fail(why, core::hr::not_found);
    auto key = scep_run::load_key(f->ks, f->st.key_container, ro.access);
    if (!key) return rep.fail(key.err());
    auto r = scep_client::exchange(transport, url, in.der, f->st, *key, key->signer());
    if (!r) return scep_run::fail(rep, r.err());
    scep_answered(rep, *f, *r, url, *outs, ro.output);
    return rep;
}

// run_scep_retrieve polls (CertPoll) for transaction `id`, at `url` or else
// at the server the pending transaction was sent to.
inline report run_scep_retrieve(const http::transport& transport, const std::string& url, const std::string& id,
                                const std::vector<std::string>& out_paths, const run_options& ro) {
    report rep;
    auto outs = os::output_files::plan(out_paths, ro.output.force);
    if (!outs) return rep.fail(outs.err().message, outs.err().hresult);
    std::string why;
    auto f = scep_run::find_state(ro.stores, id, why);
    if (!f) return rep.fail(why, core::hr::not_found);
    std::string to = scep_run::is_url(url) ? url : f->st.ca_url;
    if (!scep_run::is_url(to)) return rep.fail("-retrieve of a SCEP request needs -config http://host[:port]/path", core::hr::fail);
    auto key = scep_run::load_key(f->ks, f->st.key_container, ro.access);
    if (!key) return rep.fail(key.err());
    auto rng = mbed::system_rng();
    if (!rng) return rep.fail(rng.err().message(), core::hr::fail);
    auto poll = scep_client::cert_poll_message(f->st, key->signer(), *rng);
    if (!poll) return scep_run::fail(rep, poll.err());
    auto r = scep_client::exchange(transport, to, *poll, f->st, *key, key->signer());
    if (!r) return scep_run::fail(rep, r.err());
    scep_answered(rep, *f, *r, to, *outs, ro.output);
    return rep;
}

}  // namespace certreq::verbs
