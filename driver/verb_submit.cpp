// certreq -submit [-config -|DIR] [-attrib A] [-binary] [-crl] RequestFileIn
//                 CertFileOut [CertChainFileOut [FullResponseFileOut]]
// certreq -retrieve [-config -|DIR] RequestId CertFileOut [CertChainFileOut [FullResponseFileOut]]
// against the local CA (verbs/submit.hpp); prints what certreq prints.
#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include "certreq/ca/authority.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/file.hpp"
#include "certreq/verbs/ca_response.hpp"
#include "certreq/verbs/submit.hpp"
#include "clock.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

namespace {

// outputs: the CertFileOut, CertChainFileOut, FullResponseFileOut paths given.
struct outputs {
    std::vector<std::string> paths;

    // refuse_existing fails before any work if an output exists without -f.
    std::optional<std::string> refuse_existing(bool force) const {
        if (force) return std::nullopt;
        for (auto& p : paths)
            if (os::exists(p)) return os::exists_message(p);
        return std::nullopt;
    }
};

// finish writes the response files and prints the disposition.
int finish(const command_line& cl, ca::local_ca& ca, const ca::outcome& o, const outputs& outs, std::int64_t now) {
    const auto& opt = cl.opts;
    std::optional<bytes> crl;
    if (opt.crl && outs.paths.size() >= 2 && !o.cert_der.empty()) {
        auto c = ca.latest_crl(now);
        if (!c) return fail(c.err().message, c.err().hresult());
        crl = std::move(*c);
    }
    auto files = verbs::make_response_files(ca, o, outs.paths.size() >= 2, outs.paths.size() >= 3, crl, opt.binary, now,
                                            opt.unicode_text);
    if (!files) return fail(files.err().message, files.err().hresult());
    // The request is already recorded by the CA: a file that cannot be
    // written is reported, and -retrieve can fetch the answer again.
    const std::optional<std::string>* contents[] = {&files->cert, &files->chain, &files->full};
    for (std::size_t i = 0; i < outs.paths.size(); ++i)
        if (*contents[i])
            if (auto s = os::write_file_atomic(outs.paths[i], as_bytes(**contents[i]), os::output_mode(), opt.force); !s)
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
    auto c = ca::local_ca::open(ca::dir_of(cl.opts.config));
    if (!c) return fail(c.err().message, c.err().hresult());
    ca.emplace(std::move(*c));
    return std::nullopt;
}

}  // namespace

int run_submit(const command_line& cl) {
    if (is_scep_url(cl.opts.config)) return run_scep_submit(cl);
    if (cl.positional.size() < 2 || cl.positional.size() > 4) {
        // Windows opens file dialogs here; a headless tool cannot.
        err("certreq -submit: expected RequestFileIn CertFileOut [CertChainFileOut [FullResponseFileOut]] (certreq -submit -? for help)\n");
        return exit_usage;
    }
    outputs outs{{cl.positional.begin() + 1, cl.positional.end()}};
    if (auto e = outs.refuse_existing(cl.opts.force)) return fail(*e, core::hr::file_exists);
    auto request = os::read_file(cl.positional[0]);
    if (!request) return fail(request.err().message, request.err().hresult());
    std::optional<ca::local_ca> ca;
    std::int64_t now = 0;
    if (auto e = open_ca(cl, ca, now)) return *e;
    auto o = verbs::submit_file(*ca, *request, cl.opts.attrib, now);
    if (!o) return fail(cl.positional[0] + ": " + o.err().message, o.err().hresult);
    return finish(cl, *ca, *o, outs, now);
}

int run_retrieve(const command_line& cl) {
    if (is_scep_url(cl.opts.config)) return run_scep_retrieve(cl);
    if (cl.positional.size() < 2 || cl.positional.size() > 4) {
        err("certreq -retrieve: expected RequestId CertFileOut [CertChainFileOut [FullResponseFileOut]] (certreq -retrieve -? for help)\n");
        return exit_usage;
    }
    outputs outs{{cl.positional.begin() + 1, cl.positional.end()}};
    if (auto e = outs.refuse_existing(cl.opts.force)) return fail(*e, core::hr::file_exists);
    std::optional<ca::local_ca> ca;
    std::int64_t now = 0;
    if (auto e = open_ca(cl, ca, now)) return *e;
    auto o = ca->find(cl.positional[0]);
    if (!o) return fail(o.err().message, o.err().code == ENOENT ? core::hr::not_found : o.err().hresult());
    return finish(cl, *ca, *o, outs, now);
}

}  // namespace certreq::driver
