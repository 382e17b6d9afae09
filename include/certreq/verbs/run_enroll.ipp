// verbs/run_enroll.ipp: the definitions of verbs/run_enroll.hpp (included by it in
// header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <cerrno>
#include <string>

#include "certreq/ca/authority.hpp"
#include "certreq/os/file.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/ca_token.hpp"
#include "certreq/verbs/enroll.hpp"
#include "certreq/verbs/host_identity.hpp"
#include "certreq/verbs/renewal_request.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_accept.hpp"
#include "certreq/verbs/run_clock.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/submit.hpp"
#include "certreq/verbs/run_enroll.hpp"

namespace certreq::verbs {

CERTREQ_DECL report run_enroll(const enroll_target& what, const std::string& config, const mbed::keygen_progress& progress,
                               const run_options& ro) {
    report rep;
    new_options opt;
    run_clock clock = clock_now();
    opt.now = clock.now;
    opt.deterministic_serial = clock.fixed;
    if (!clock.problem.empty()) return rep.fail(clock.problem, core::hr::invalid_data);
    opt.host = current_host_identity();
    opt.access = ro.access;
    opt.progress = progress;
    if (ro.stores.machine || ro.stores.user) opt.machine_store = ro.stores.machine, opt.store_from_option = true;

    auto ca = ca::local_ca::open(ca::dir_of(config), ca_key_source(ro.access));
    if (!ca) return rep.fail(ca.err().message, ca.err().hresult);
    auto user_ks = store::key_store::open(store::scope::user);
    auto machine_ks = store::key_store::open(store::scope::machine);
    store::key_store* user = user_ks ? &*user_ks : nullptr;
    store::key_store* machine = machine_ks ? &*machine_ks : nullptr;
    store::key_store* home = ro.stores.machine ? machine : user;
    if (!home)
        return ro.stores.machine ? rep.fail(machine_ks.err().message, machine_ks.err().hresult)
                                 : rep.fail(user_ks.err().message, user_ks.err().hresult);

    enroll_result r;
    if (what.renew) {
        auto c = store::resolve_certificate(*home, what.cert);
        if (!c) return rep.fail("-cert: " + c.err().message, c.err().os_errno == ENOENT ? core::hr::crypt_not_found : c.err().hresult);
        std::string problem;
        auto request = renewal_request(*c, *home, what.reuse_keys, opt.now, problem);
        if (!request) return rep.fail("-cert: " + problem, core::hr::invalid_data);
        opt.machine_store = ro.stores.machine;
        r = enroll(std::move(*request), "renewal of " + c->thumbprint, *ca, user, machine, opt);
    } else {
        auto found = template_path(what.template_name, *home, *ca);
        if (!found.path) return rep.fail(found.error, core::hr::not_found);
        auto inf = os::read_file(*found.path);
        if (!inf) return rep.fail(inf.err().message, inf.err().hresult);
        r = enroll(*inf, *found.path, *ca, user, machine, opt);
    }
    rep.show(r.request.diags(), ro.shown);
    if (!r.request.ok) return rep.fail_diags(r.request.diags());
    if (!r.error.empty()) return rep.fail(r.error, r.hresult);
    // Printed under -q too (it suppresses prompts only): scripts parse these lines.
    rep.out(disposition_lines(r.answer->rec));
    if (r.certificate) rep.out(installed_lines(*r.certificate, false));
    rep.disposition = disposition_exit_code(r.answer->rec);
    return rep;
}

}  // namespace certreq::verbs
