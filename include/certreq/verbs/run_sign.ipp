// verbs/run_sign.ipp: the definitions of verbs/run_sign.hpp (included by it in
// header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <string>

#include "certreq/mbed/rng.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/output_files.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/verbs/cert_picker.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/sign.hpp"
#include "certreq/verbs/run_sign.hpp"

namespace certreq::verbs {

CERTREQ_DECL report run_sign(const std::string& in_path, const std::string& out_path, cert_choice cert, const sign_options& opt,
                             const run_options& ro) {
    report rep;
    auto outs = os::output_files::plan({out_path}, ro.output.force);
    if (!outs) return rep.fail(outs.err().message, outs.err().hresult);
    auto file = os::read_file(in_path);
    if (!file) return rep.fail(file.err().message, file.err().hresult);
    auto in = pem::detect_and_decode(*file);
    if (!in)
        return rep.fail(in_path + ": offset " + std::to_string(in.error->offset) + ": " + in.error->message, core::hr::invalid_data);
    cert.verb = "-sign";
    cert.purpose = purpose_request_agent;
    cert.purpose_name = "Certificate Request Agent";
    auto signer = signer_for(cert, ro, rep);
    if (!signer) return rep;
    auto r = sign_request(in.der, signer->cert, opt, signer->rng);
    if (!r) return rep.fail(in_path + ": " + r.err().message, core::hr::invalid_data);
    auto text = output_file_text(label_new_request, r->der, ro.output.binary, ro.output.unicode_text);
    if (auto s = outs->commit({as_bytes(text)}, os::output_mode()); !s) return rep.fail(s.err().message, s.err().hresult);
    return rep.out("Signed ", cmc::kind_name(r->input_kind), " request as ", cmc::kind_name(r->output_kind), " with ",
                   std::to_string(r->signers), r->signers == 1 ? " signer" : " signers", " (", signer->cert.thumbprint, ")\n");
}

}  // namespace certreq::verbs
