// verbs/run_dump.ipp: the definitions of verbs/run_dump.hpp (included by it in
// header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <string>

#include "certreq/core/diagnostic.hpp"
#include "certreq/os/file.hpp"
#include "certreq/verbs/dump.hpp"
#include "certreq/verbs/mbed_verifier.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_dump.hpp"

namespace certreq::verbs {

CERTREQ_DECL report run_dump(const std::string& path, bool json, bool show_secrets) {
    report rep;
    auto data = os::read_file(path);
    if (!data) return rep.fail(data.err().message, data.err().hresult);
    dump_options opt;
    opt.json = json;
    opt.verify = mbed_verifier();
    opt.digest = mbed_digest();
    opt.show_secrets = show_secrets;
    diagnostics diags(path);
    std::string text;
    int rc = dump(*data, path, opt, text, diags);
    rep.out(text);
    rep.show(diags, severity::note);
    if (rc != 0 || diags.has_errors()) rep.fail_diags(diags);
    return rep;
}

}  // namespace certreq::verbs
