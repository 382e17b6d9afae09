// verbs/run_new.ipp: the definitions of verbs/run_new.hpp (included by it in
// header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <string>

#include "certreq/os/file.hpp"
#include "certreq/os/output_files.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/host_identity.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_clock.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/windows_time.hpp"
#include "certreq/verbs/run_new.hpp"

namespace certreq::verbs {

CERTREQ_DECL report run_new(const std::string& inf_path, const std::string& out_path, new_options opt, const run_options& ro) {
    report rep;
    if (auto s = os::output_files::check({out_path}, ro.output.force); !s) return rep.fail(s.err().message, s.err().hresult);
    auto inf_bytes = os::read_file(inf_path);
    if (!inf_bytes) return rep.fail(inf_bytes.err().message, inf_bytes.err().hresult);
    opt.access = ro.access;
    run_clock clock = clock_now();
    opt.now = clock.now;
    opt.deterministic_serial = clock.fixed;
    if (!clock.problem.empty()) return rep.fail(clock.problem, core::hr::invalid_data);
    opt.host = current_host_identity();
    if (ro.stores.machine || ro.stores.user) opt.machine_store = ro.stores.machine, opt.store_from_option = true;
    // Both stores; build_new picks one. Opening creates nothing.
    auto user_ks = store::key_store::open(store::scope::user);
    auto machine_ks = store::key_store::open(store::scope::machine);
    new_result n = build_new(*inf_bytes, inf_path, opt, user_ks ? &*user_ks : nullptr, machine_ks ? &*machine_ks : nullptr);
    rep.show(n.diags(), ro.shown);
    if (!n.ok) return rep.fail_diags(n.diags());
    auto& ks = n.machine ? machine_ks : user_ks;
    if (!ks) return rep.fail(ks.err().message, ks.err().hresult);
    if (auto s = save_new(n, *ks, out_path, ro.output.binary, ro.output.force, ro.output.unicode_text); !s)
        return rep.fail(s.err().message, s.err().hresult);
    // -q suppresses prompts only: the result lines are what scripts parse.
    if (n.is_certificate)
        rep.out("Installed Certificate:\n", "  Serial Number: ", n.serial_hex, "\n", "  NotBefore: ", windows_time(n.not_before),
                "\n", "  NotAfter: ", windows_time(n.not_after), "\n", "  Thumbprint: ", n.thumbprint, "\n");
    return rep.out("CertReq: Request Created\n");
}

}  // namespace certreq::verbs
