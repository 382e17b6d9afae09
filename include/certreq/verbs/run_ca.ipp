// verbs/run_ca.ipp: the definitions of verbs/run_ca.hpp (included by it in
// header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "certreq/ca/authority.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/output_files.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/verbs/ca_admin.hpp"
#include "certreq/verbs/ca_token.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_clock.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/submit.hpp"
#include "certreq/verbs/windows_time.hpp"
#include "certreq/verbs/run_ca.hpp"

namespace certreq::verbs {

namespace detail {

// ca_create: `-ca init [CAPolicy.inf]`; `progress` shows the CA key being made.
inline report& ca_create(report& rep, const std::vector<std::string>& words, const std::string& dir, std::int64_t now,
                         const mbed::keygen_progress& progress, const run_options& ro) {
    if (words.size() > 2) return rep.usage_error(ca_usage_text);
    bytes policy;
    std::string name;
    if (words.size() == 2) {
        name = words[1];
        auto b = os::read_file(name);
        if (!b) return rep.fail(b.err().message, b.err().hresult);
        policy = std::move(*b);
    }
    auto r = init_ca(dir, policy, name, now, progress, ro.access);
    rep.show(r.inf.diags, ro.shown);
    if (!r.ca) return r.error.empty() ? rep.fail_diags(r.inf.diags) : rep.fail(r.error, r.hresult);
    auto& ca = *r.ca;
    rep.out("CertReq: CA created in ", dir, "\n");
    rep.out("  Subject: ", subject_of(ca.certificate()), "\n");
    rep.out("  NotAfter: ", windows_time(ca.signer().not_after), "\n");
    rep.out("  Thumbprint: ", store::to_hex(mbed::sha1(ca.certificate())), "\n");
    return rep.out("  Requests are ", ca.config().pend_all ? "left pending for certreq -ca issue|deny" : "issued at once", "\n");
}

inline report& ca_failed(report& rep, const os::error& e) { return rep.fail(e.message, e.hresult); }

}  // namespace detail

CERTREQ_DECL report run_ca(const std::vector<std::string>& words, const std::string& config, const mbed::keygen_progress& progress,
                           const run_options& ro) {
    report rep;
    if (words.empty()) return rep.usage_error(ca_usage_text);
    std::string what = words[0];
    for (auto& c : what)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    std::string dir = ca::dir_of(config);
    run_clock clock = clock_now();
    std::int64_t now = clock.now;
    if (!clock.problem.empty()) return rep.fail(clock.problem, core::hr::invalid_data);
    if (what == "init") return detail::ca_create(rep, words, dir, now, progress, ro), rep;

    auto ca = ca::local_ca::open(dir, ca_key_source(ro.access));
    if (!ca) return detail::ca_failed(rep, ca.err()), rep;
    if (what == "list") {
        if (words.size() != 1) return rep.usage_error(ca_usage_text);
        std::vector<std::string> problems;
        auto all = ca->list(&problems);
        if (!all) return detail::ca_failed(rep, all.err()), rep;
        rep.out(list_text(*all));
        for (auto& p : problems) rep.err("certreq: warning: ", p, "\n");
        return rep;
    }
    if (what == "issue" || what == "deny") {
        if (words.size() != 2) return rep.usage_error(ca_usage_text);
        auto id = ca::local_ca::parse_id(words[1]);
        if (!id) return rep.fail("'" + words[1] + "' is not a request id (decimal or 0x hex)", core::hr::invalid_parameter);
        auto r = ca->resolve_pending(*id, what == "issue", now);
        if (!r) return detail::ca_failed(rep, r.err()), rep;
        return rep.out(disposition_lines(r->rec));  // exit 0 whatever the CA decided: the admin decided it
    }
    if (what == "revoke") {
        if (words.size() < 2 || words.size() > 3) return rep.usage_error(ca_usage_text);
        std::uint8_t reason = 0;
        if (words.size() == 3) {
            auto code = reason_code(words[2]);
            if (!code)
                return rep.fail("unknown revocation reason '" + words[2] + "' (a CRLReason name or number 0-10)",
                                core::hr::invalid_parameter);
            reason = *code;
        }
        auto r = ca->revoke(words[1], reason, now);
        if (!r) return detail::ca_failed(rep, r.err()), rep;
        return rep.out("Revoked: serial ", r->rec.serial, " (RequestId ", std::to_string(r->rec.id), ")\n");
    }
    if (what == "crl") {
        if (words.size() != 2) return rep.usage_error(ca_usage_text);
        const std::string& path = words[1];
        auto outs = os::output_files::plan({path}, ro.output.force);  // before the CRL number is used up
        if (!outs) return detail::ca_failed(rep, outs.err()), rep;
        auto crl = ca->publish_crl(now);
        if (!crl) return detail::ca_failed(rep, crl.err()), rep;
        std::string text = output_file_text(label_crl, *crl, ro.output.binary, ro.output.unicode_text);
        if (auto s = outs->commit({as_bytes(text)}, os::output_mode()); !s) return detail::ca_failed(rep, s.err()), rep;
        return rep.out("CertReq: CRL published: ", path, "\n");
    }
    rep.err("certreq -ca: unknown command '", what, "'\n");
    return rep.usage_error(ca_usage_text);
}

}  // namespace certreq::verbs
