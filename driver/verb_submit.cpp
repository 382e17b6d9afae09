// certreq -submit [-config -|DIR] [-attrib A] [-binary] [-crl] RequestFileIn
//                 CertFileOut [CertChainFileOut [FullResponseFileOut]]
// certreq -retrieve [-config -|DIR] RequestId CertFileOut [CertChainFileOut [FullResponseFileOut]]
// against the local CA (verbs/submit.hpp); prints what certreq prints.
#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include "certreq/ca/authority.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/output_files.hpp"
#include "certreq/verbs/ca_response.hpp"
#include "certreq/verbs/ca_token.hpp"
#include "certreq/verbs/submit.hpp"
#include "clock.hpp"
#include "outputs.hpp"
#include "key_access.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

namespace {

// finish writes the response files (CertFileOut, CertChainFileOut,
// FullResponseFileOut: `outs`, planned before the CA was asked) all or
// nothing, and prints the disposition.
int finish(const command_line& cl, ca::local_ca& ca, const ca::outcome& o, os::output_files& outs, std::int64_t now) {
    const auto& opt = cl.opts;
    std::optional<bytes> crl;
    if (opt.crl && outs.size() >= 2 && !o.cert_der.empty()) {
        auto c = ca.latest_crl(now);
        if (!c) return fail(c.err().message, c.err().hresult());
        crl = std::move(*c);
    }
    auto files = verbs::make_response_files(ca, o, outs.size() >= 2, outs.size() >= 3, crl, opt.binary, now,
                                            opt.unicode_text);
    if (!files) return fail(files.err().message, files.err().hresult());
    // The request is already recorded by the CA: outputs that cannot be
    // written (all were checked before: e.g. a full disk) are reported
    // with the disposition, and -retrieve can fetch the answer again.
    const std::optional<std::string>* contents[] = {&files->cert, &files->chain, &files->full};
    std::vector<std::optional<byte_view>> data;
    for (std::size_t i = 0; i < outs.size(); ++i)
        data.push_back(*contents[i] ? std::optional<byte_view>(as_bytes(**contents[i])) : std::nullopt);
    if (auto s = outs.commit(data, os::output_mode()); !s)
        return err(verbs::disposition_lines(o.rec)), fail(s.err().message, s.err().hresult());
    // Printed under -q too (it suppresses prompts only): scripts parse these lines.
    out(verbs::disposition_lines(o.rec));
    return disposition_exit(verbs::disposition_exit_code(o.rec));
}

std::optional<int> open_ca(const command_line& cl, std::optional<ca::local_ca>& ca, std::int64_t& now) {
    bool fixed = false;
    std::string problem;
    now = clock_now(fixed, problem);
    if (!problem.empty()) return fail(problem, core::hr::invalid_data);
    auto c = ca::local_ca::open(ca::dir_of(cl.opts.config), verbs::ca_key_source(key_access_of(cl.opts)));
    if (!c) return fail(c.err().message, c.err().hresult());
    ca.emplace(std::move(*c));
    return std::nullopt;
}

}  // namespace

int run_submit(const command_line& cl) {
    if (is_adcs_url(cl.opts.config)) return run_adcs_submit(cl);
    if (is_scep_url(cl.opts.config)) return run_scep_submit(cl);
    if (cl.positional.size() < 2 || cl.positional.size() > 4) {
        // Windows opens file dialogs here; a headless tool cannot.
        err("certreq -submit: expected RequestFileIn CertFileOut [CertChainFileOut [FullResponseFileOut]] (certreq -submit -? for help)\n");
        return exit_usage;
    }
    // Every output is checked before the CA records the request (and uses up its id).
    auto outs = plan_outputs({cl.positional.begin() + 1, cl.positional.end()}, cl.opts.force);
    if (!outs) return exit_failed;
    auto request = os::read_file(cl.positional[0]);
    if (!request) return fail(request.err().message, request.err().hresult());
    std::optional<ca::local_ca> ca;
    std::int64_t now = 0;
    if (auto e = open_ca(cl, ca, now)) return *e;
    auto o = verbs::submit_file(*ca, *request, cl.opts.attrib, now);
    if (!o) return fail(cl.positional[0] + ": " + o.err().message, o.err().hresult);
    return finish(cl, *ca, *o, *outs, now);
}

int run_retrieve(const command_line& cl) {
    if (is_adcs_url(cl.opts.config)) return run_adcs_retrieve(cl);
    if (is_scep_url(cl.opts.config)) return run_scep_retrieve(cl);
    if (cl.positional.size() < 2 || cl.positional.size() > 4) {
        err("certreq -retrieve: expected RequestId CertFileOut [CertChainFileOut [FullResponseFileOut]] (certreq -retrieve -? for help)\n");
        return exit_usage;
    }
    auto outs = plan_outputs({cl.positional.begin() + 1, cl.positional.end()}, cl.opts.force);
    if (!outs) return exit_failed;
    std::optional<ca::local_ca> ca;
    std::int64_t now = 0;
    if (auto e = open_ca(cl, ca, now)) return *e;
    auto o = ca->find(cl.positional[0]);
    if (!o) return fail(o.err().message, o.err().code == ENOENT ? core::hr::not_found : o.err().hresult());
    return finish(cl, *ca, *o, *outs, now);
}

}  // namespace certreq::driver
