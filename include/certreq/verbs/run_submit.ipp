// verbs/run_submit.ipp: the definitions of verbs/run_submit.hpp (included by it in
// header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include "certreq/ca/authority.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/output_files.hpp"
#include "certreq/verbs/ca_response.hpp"
#include "certreq/verbs/ca_token.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_clock.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/submit.hpp"
#include "certreq/verbs/run_submit.hpp"

namespace certreq::verbs {

namespace detail {

// open_local_ca: the clock, then the CA that `config` names; a failure is on `rep`.
inline std::optional<ca::local_ca> open_local_ca(const std::string& config, const key_access& access, std::int64_t& now,
                                                 report& rep) {
    run_clock clock = clock_now();
    now = clock.now;
    if (!clock.problem.empty()) return rep.fail(clock.problem, core::hr::invalid_data), std::nullopt;
    auto c = ca::local_ca::open(ca::dir_of(config), ca_key_source(access));
    if (!c) return rep.fail(c.err().message, c.err().hresult), std::nullopt;
    return std::move(*c);
}

// finish_answer writes the response files (`outs`, planned before the CA
// was asked) all or nothing and says the disposition.
inline report& finish_answer(report& rep, ca::local_ca& ca, const ca::outcome& o, os::output_files& outs, std::int64_t now,
                             const ca_answer_options& opt, const output_format& fmt) {
    std::optional<bytes> crl;
    if (opt.crl && outs.size() >= 2 && !o.cert_der.empty()) {
        auto c = ca.latest_crl(now);
        if (!c) return rep.fail(c.err().message, c.err().hresult);
        crl = std::move(*c);
    }
    auto files = make_response_files(ca, o, outs.size() >= 2, outs.size() >= 3, crl, fmt.binary, now, fmt.unicode_text);
    if (!files) return rep.fail(files.err().message, files.err().hresult);
    // The request is already recorded by the CA: outputs that cannot be
    // written (all were checked before: e.g. a full disk) are reported
    // with the disposition, and -retrieve can fetch the answer again.
    const std::optional<std::string>* contents[] = {&files->cert, &files->chain, &files->full};
    std::vector<std::optional<byte_view>> data;
    for (std::size_t i = 0; i < outs.size(); ++i)
        data.push_back(*contents[i] ? std::optional<byte_view>(as_bytes(**contents[i])) : std::nullopt);
    if (auto s = outs.commit(data, os::output_mode()); !s)
        return rep.err(disposition_lines(o.rec)).fail(s.err().message, s.err().hresult);
    // Printed under -q too (it suppresses prompts only): scripts parse these lines.
    rep.out(disposition_lines(o.rec));
    rep.disposition = disposition_exit_code(o.rec);
    return rep;
}

}  // namespace detail

CERTREQ_DECL report run_submit(const std::string& request_path, const std::vector<std::string>& out_paths, const std::string& attrib,
                               const ca_answer_options& opt, const run_options& ro) {
    report rep;
    auto outs = os::output_files::plan(out_paths, ro.output.force);
    if (!outs) return rep.fail(outs.err().message, outs.err().hresult);
    auto request = os::read_file(request_path);
    if (!request) return rep.fail(request.err().message, request.err().hresult);
    std::int64_t now = 0;
    auto ca = detail::open_local_ca(opt.config, ro.access, now, rep);
    if (!ca) return rep;
    auto o = submit_file(*ca, *request, attrib, now);
    if (!o) return rep.fail(request_path + ": " + o.err().message, o.err().hresult);
    detail::finish_answer(rep, *ca, *o, *outs, now, opt, ro.output);
    return rep;
}

CERTREQ_DECL report run_retrieve(const std::string& id, const std::vector<std::string>& out_paths, const ca_answer_options& opt,
                                 const run_options& ro) {
    report rep;
    auto outs = os::output_files::plan(out_paths, ro.output.force);
    if (!outs) return rep.fail(outs.err().message, outs.err().hresult);
    std::int64_t now = 0;
    auto ca = detail::open_local_ca(opt.config, ro.access, now, rep);
    if (!ca) return rep;
    auto o = ca->find(id);
    if (!o) return rep.fail(o.err().message, o.err().os_errno == ENOENT ? core::hr::not_found : o.err().hresult);
    detail::finish_answer(rep, *ca, *o, *outs, now, opt, ro.output);
    return rep;
}

}  // namespace certreq::verbs
