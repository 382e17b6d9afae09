// driver/verbs.hpp: one entry point per verb, each in driver/verb_<name>.cpp.
// Exit codes (documented in the README): 0 success, and a request the CA
// processed (issued, pending or denied: the disposition is in the text, as
// certreq.exe); 1 the work failed (diagnostics on stderr, then certreq.exe's
// "Certificate Request Processor: <text> 0x<HRESULT> (...)" line); 2 usage
// error. CERTREQ_DISPOSITION_EXIT_CODES=1 restores 3 pending / 4 denied.
#pragma once
#include <cstdlib>
#include <string_view>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/verbs/report.hpp"
#include "cli.hpp"
#include "print.hpp"

namespace certreq::driver {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_usage = 2;

// windows_line prints the line certreq.exe ends a failure with; every
// failure (exit 1) prints it last, after our own messages.
inline void windows_line(core::hresult hr) { err(core::processor_line(hr), "\n"); }

// fail prints "certreq: <message>" then the Windows line; returns exit_failed.
inline int fail(std::string_view message, core::hresult hr) {
    err("certreq: ", message, "\n");
    windows_line(hr);
    return exit_failed;
}

// fail_diags ends a failure reported by positioned diagnostics (already printed).
inline int fail_diags(const diagnostics& d) {
    windows_line(d.hresult() != core::hr::none ? d.hresult() : core::hr::invalid_data);
    return exit_failed;
}

// disposition_exit: 0 for a processed request, as certreq.exe; `distinct`
// (3 pending, 4 denied) only with CERTREQ_DISPOSITION_EXIT_CODES=1.
inline int disposition_exit(int distinct) {
    const char* e = std::getenv("CERTREQ_DISPOSITION_EXIT_CODES");
    return e && std::string_view(e) == "1" ? distinct : exit_ok;
}

// print_report prints what a verb's library call said, in order, and gives
// the exit code: 1 after certreq.exe's line when it failed, 2 for a usage
// error, else 0 (or the distinct disposition code on request).
inline int print_report(const verbs::report& r) {
    for (auto& l : r.lines) l.to == verbs::channel::results ? out(l.text) : err(l.text);
    if (r.failed) return windows_line(*r.failed), exit_failed;
    if (r.usage) return exit_usage;
    return disposition_exit(r.disposition);
}

int run_new(const command_line& cl);
int run_dump(const command_line& cl);
int run_submit(const command_line& cl);
int run_retrieve(const command_line& cl);
int run_accept(const command_line& cl);
int run_enroll(const command_line& cl);
int run_ca(const command_line& cl);
int run_sign(const command_line& cl);    // driver/verb_sign.cpp
int run_policy(const command_line& cl);  // driver/verb_policy.cpp
// SCEP (-config http[s]://...): driver/verb_scep.cpp
bool is_scep_url(const std::string& config);
int run_scep_submit(const command_line& cl);
int run_scep_retrieve(const command_line& cl);
int run_scep_enroll(const command_line& cl);
// AD CS over HTTPS (-config https://host/..._CES_.../service.svc/CES or
// https://host/certsrv): driver/verb_adcs.cpp
bool is_adcs_url(const std::string& config);
int run_adcs_submit(const command_line& cl);
int run_adcs_retrieve(const command_line& cl);
int run_policy_enroll(const command_line& cl);  // -enroll -PolicyServer (CEP + CES)

}  // namespace certreq::driver
