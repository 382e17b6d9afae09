// verbs/ca_response.hpp: the files -submit and -retrieve write for an
// outcome (spec §1.2): the certificate (base64 X.509 or -binary DER), the
// chain as a certs-only PKCS#7 (issued certificate, then the CA's; -crl adds
// the CA's latest CRL), and the full response (a CMC PKIResponse signed by
// the CA: status, and the same certificates).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreq/ca/authority.hpp"
#include "certreq/cmc/response.hpp"
#include "certreq/cms/signed_data.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/os/error.hpp"
#include "certreq/verbs/pem_output.hpp"

namespace certreq::verbs {

struct response_files {
    std::optional<std::string> cert, chain, full;  // file contents, when the outcome has them
};

// chain_der: the certs-only PKCS#7 of an issued (or revoked) certificate.
inline os::result<bytes> chain_der(const ca::local_ca& ca, const bytes& cert, const std::vector<bytes>& crls) {
    std::vector<bytes> certs{cert, ca.certificate()};
    auto p7 = cms::certs_only(certs, crls);
    if (!p7) return core::failed("the chain could not be made: " + p7.err().message);
    return std::move(*p7);
}

// full_response_der: the CA-signed CMC full response for an outcome: status
// success (with the certificate and the CA's), pending (pendInfo token = the
// request id) or failed (badRequest, with the CA's message).
inline os::result<bytes> full_response_der(const ca::local_ca& ca, const ca::outcome& o, std::int64_t now) {
    cmc::response_fields f;
    f.body_list = {o.rec.body_part};
    f.status_body_part = o.rec.body_part + 1;
    switch (o.rec.state) {
        case ca::status::issued:
        case ca::status::revoked:
            f.status = cmc::cmc_status::success;
            f.certificates = {o.cert_der, ca.certificate()};
            break;
        case ca::status::pending: {
            f.status = cmc::cmc_status::pending;
            bytes token;
            for (int shift = 24; shift >= 0; shift -= 8) token.push_back(std::uint8_t(o.rec.id >> shift));
            f.pending = cmc::pend_info{std::move(token), now + 3600};
            break;
        }
        case ca::status::denied:
            f.status = cmc::cmc_status::failed;
            f.fail = cmc::fail_info::bad_request;
            break;
    }
    f.status_string = o.rec.message;
    cmc::ca_signer signer{ca.signer().key.get(), ca.certificate(), ca.config().hash};
    auto r = cmc::full_response(f, signer);
    if (!r) return core::failed("the full response could not be made: " + r.err().message);
    return std::move(*r);
}

// make_response_files builds what was asked for: `want_chain`/`want_full`
// (the certificate always, when there is one). `crl` is the CA's CRL for -crl;
// `unicode`: -UnicodeText (UTF-16LE base64 files, see unicode_text).
inline os::result<response_files> make_response_files(const ca::local_ca& ca, const ca::outcome& o, bool want_chain,
                                                      bool want_full, const std::optional<bytes>& crl, bool binary,
                                                      std::int64_t now, bool unicode = false) {
    response_files f;
    if (!o.cert_der.empty()) {
        f.cert = output_file_text(label_certificate, o.cert_der, binary, unicode);
        if (want_chain) {
            std::vector<bytes> crls;
            if (crl) crls.push_back(*crl);
            auto chain = chain_der(ca, o.cert_der, crls);
            if (!chain) return chain.err();
            f.chain = output_file_text(label_certificate, *chain, binary, unicode);
        }
    }
    if (want_full) {
        auto full = full_response_der(ca, o, now);
        if (!full) return full.err();
        f.full = output_file_text(label_certificate, *full, binary, unicode);
    }
    return f;
}

}  // namespace certreq::verbs
