// verbs/run_accept.ipp: the definitions of verbs/run_accept.hpp (included by it in
// header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <string>

#include "certreq/os/file.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/accept.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/windows_time.hpp"
#include "certreq/verbs/run_accept.hpp"

namespace certreq::verbs {

CERTREQ_DECL std::string installed_lines(const installed& r, bool with_dns_names) {
    std::string subject = r.subject;
    if (with_dns_names)
        for (std::size_t i = 0; i < r.dns_names.size(); ++i) subject.append(i ? ", DNS Name=" : " (DNS Name=").append(r.dns_names[i]);
    if (with_dns_names && !r.dns_names.empty()) subject.append(")");
    std::string out = "Installed Certificate:\n  Serial Number: ";
    out.append(r.serial_hex).append("\n  Subject: ").append(subject);
    out.append("\n  NotBefore: ").append(windows_time(r.not_before));
    out.append("\n  NotAfter: ").append(windows_time(r.not_after));
    out.append("\n  Thumbprint: ").append(r.thumbprint).append("\n");
    return out;
}

CERTREQ_DECL report run_accept(const std::string& path, store_choice stores, const key_access& access) {
    report rep;
    auto file = os::read_file(path);
    if (!file) return rep.fail(file.err().message, file.err().hresult);
    auto user = store::key_store::open(store::scope::user);
    auto machine = store::key_store::open(store::scope::machine);
    store::key_store* u = (!stores.machine && user) ? &*user : nullptr;
    store::key_store* m = (!stores.user && machine) ? &*machine : nullptr;
    if (stores.user && !user) return rep.fail(user.err().message, user.err().hresult);
    auto r = accept_file(*file, u, m, access);
    if (!r) return rep.fail(path + ": " + r.err().message, r.err().hresult);
    for (auto& w : r->warnings) rep.err("certreq: warning: ", w, "\n");
    return rep.out(installed_lines(*r));
}

}  // namespace certreq::verbs
