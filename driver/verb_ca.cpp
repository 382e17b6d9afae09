// certreq -ca init|list|issue|deny|revoke|crl: administration of the local
// CA that `-config -|DIR` names (verbs/ca_admin.hpp).
#include <unistd.h>

#include <string>

#include "certreq/ca/authority.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/os/file.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/verbs/ca_admin.hpp"
#include "certreq/verbs/ca_token.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/submit.hpp"
#include "clock.hpp"
#include "outputs.hpp"
#include "key_access.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

namespace {

constexpr const char* usage_text =
        "certreq -ca init [-config DIR] [CAPolicy.inf] | list | issue RequestId | deny RequestId |"
        " revoke Serial [Reason] | crl OutFile   (certreq -ca -? for help)\n";

int failed(const std::string& message, core::hresult hr) { return fail(message, hr); }
int failed(const os::error& e) { return fail(e.message, e.hresult()); }

int init(const command_line& cl, const std::string& dir, std::int64_t now) {
    if (cl.positional.size() > 2) return err(usage_text), exit_usage;
    bytes policy;
    std::string name;
    if (cl.positional.size() == 2) {
        name = cl.positional[1];
        auto b = os::read_file(name);
        if (!b) return failed(b.err());
        policy = std::move(*b);
    }
    mbed::keygen_progress progress;
    if (!cl.opts.quiet && isatty(STDERR_FILENO))
        progress = [](mbed::keygen_phase p) { err(p == mbed::keygen_phase::started ? "Generating the CA key... " : "done\n"); };
    auto r = verbs::init_ca(dir, policy, name, now, progress, key_access_of(cl.opts));
    r.inf.diags.print(stderr, cl.opts.verbose ? severity::note : severity::warning);
    if (!r.ca) return r.error.empty() ? fail_diags(r.inf.diags) : failed(r.error, r.hresult);
    auto& ca = *r.ca;
    out("CertReq: CA created in ", dir, "\n");
    out("  Subject: ", verbs::subject_of(ca.certificate()), "\n");
    out("  NotAfter: ", windows_time(ca.signer().not_after), "\n");
    out("  Thumbprint: ", store::to_hex(mbed::sha1(ca.certificate())), "\n");
    out("  Requests are ", ca.config().pend_all ? "left pending for certreq -ca issue|deny" : "issued at once", "\n");
    return exit_ok;
}

}  // namespace

int run_ca(const command_line& cl) {
    if (cl.positional.empty()) return err(usage_text), exit_usage;
    const std::string what = lower(cl.positional[0]);
    std::string dir = ca::dir_of(cl.opts.config);
    bool fixed = false;
    std::string clock_problem;
    std::int64_t now = clock_now(fixed, clock_problem);
    if (!clock_problem.empty()) return failed(clock_problem, core::hr::invalid_data);
    if (what == "init") return init(cl, dir, now);

    auto ca = ca::local_ca::open(dir, verbs::ca_key_source(key_access_of(cl.opts)));
    if (!ca) return failed(ca.err());
    if (what == "list") {
        if (cl.positional.size() != 1) return err(usage_text), exit_usage;
        std::vector<std::string> problems;
        auto all = ca->list(&problems);
        if (!all) return failed(all.err());
        out(verbs::list_text(*all));
        for (auto& p : problems) err("certreq: warning: ", p, "\n");
        return exit_ok;
    }
    if (what == "issue" || what == "deny") {
        if (cl.positional.size() != 2) return err(usage_text), exit_usage;
        auto id = ca::local_ca::parse_id(cl.positional[1]);
        if (!id) return failed("'" + cl.positional[1] + "' is not a request id (decimal or 0x hex)", core::hr::invalid_parameter);
        auto r = ca->resolve_pending(*id, what == "issue", now);
        if (!r) return failed(r.err());
        out(verbs::disposition_lines(r->rec));
        return exit_ok;
    }
    if (what == "revoke") {
        if (cl.positional.size() < 2 || cl.positional.size() > 3) return err(usage_text), exit_usage;
        std::uint8_t reason = 0;
        if (cl.positional.size() == 3) {
            auto code = verbs::reason_code(cl.positional[2]);
            if (!code)
                return failed("unknown revocation reason '" + cl.positional[2] + "' (a CRLReason name or number 0-10)",
                              core::hr::invalid_parameter);
            reason = *code;
        }
        auto r = ca->revoke(cl.positional[1], reason, now);
        if (!r) return failed(r.err());
        out("Revoked: serial ", r->rec.serial, " (RequestId ", std::to_string(r->rec.id), ")\n");
        return exit_ok;
    }
    if (what == "crl") {
        if (cl.positional.size() != 2) return err(usage_text), exit_usage;
        const std::string& path = cl.positional[1];
        auto outs = plan_outputs({path}, cl.opts.force);  // before the CRL number is used up
        if (!outs) return exit_failed;
        auto crl = ca->publish_crl(now);
        if (!crl) return failed(crl.err());
        std::string text = verbs::output_file_text(verbs::label_crl, *crl, cl.opts.binary, cl.opts.unicode_text);
        if (auto s = outs->commit({as_bytes(text)}, os::output_mode()); !s) return failed(s.err());
        out("CertReq: CRL published: ", path, "\n");
        return exit_ok;
    }
    err("certreq -ca: unknown command '", what, "'\n", usage_text);
    return exit_usage;
}

}  // namespace certreq::driver
