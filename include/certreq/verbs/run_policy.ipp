// verbs/run_policy.ipp: the definitions of verbs/run_policy.hpp (included by it in
// header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "certreq/mbed/rng.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/output_files.hpp"
#include "certreq/verbs/cert_picker.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/policy.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/run_policy.hpp"

namespace certreq::verbs {

CERTREQ_DECL report run_policy(const std::string& in_path, const std::string& inf_path, const std::string& out_path,
                               const std::string& p10_path, cert_choice cert, const policy_options& opt, const run_options& ro) {
    report rep;
    std::vector<std::string> out_paths{out_path};
    if (!p10_path.empty()) out_paths.push_back(p10_path);
    auto outs = os::output_files::plan(out_paths, ro.output.force);
    if (!outs) return rep.fail(outs.err().message, outs.err().hresult);
    auto file = os::read_file(in_path);
    if (!file) return rep.fail(file.err().message, file.err().hresult);
    auto inf = os::read_file(inf_path);
    if (!inf) return rep.fail(inf.err().message, inf.err().hresult);
    cert.verb = "-policy";
    cert.purpose = purpose_qualified_subordination;
    cert.purpose_name = "Qualified Subordination";
    auto signer = signer_for(cert, ro, rep);
    if (!signer) return rep;
    auto r = build_policy(*file, in_path, *inf, inf_path, signer->cert, opt, signer->rng);
    rep.show(r.diags(), ro.shown);
    if (!r.ok) return rep.fail_diags(r.diags());
    auto text = output_file_text(label_new_request, r.cmc, ro.output.binary, ro.output.unicode_text);
    auto p10 = output_file_text(label_new_request, r.pkcs10, ro.output.binary, ro.output.unicode_text);
    std::vector<std::optional<byte_view>> data{as_bytes(text)};
    if (!p10_path.empty()) data.emplace_back(as_bytes(p10));
    if (auto s = outs->commit(data, os::output_mode()); !s) return rep.fail(s.err().message, s.err().hresult);
    // Printed under -q too (it suppresses prompts only): scripts parse this line.
    return rep.out("CertReq: Request Created\n");
}

}  // namespace certreq::verbs
