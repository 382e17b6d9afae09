// verbs/adcs_request.hpp: the request file -submit sends to AD CS (CES or
// Web Enrollment): DER, PEM or base64 of a PKCS#10, CMC or PKCS#7 request.
#pragma once
#include <string>
#include <string_view>

#include "certreq/adcs/answer.hpp"
#include "certreq/asn1/identify.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/pem/detect.hpp"

namespace certreq::verbs {

// adcs_request_der decodes `request_file`; `name` (the file's) prefixes errors about its content.
inline adcs::result<bytes> adcs_request_der(byte_view request_file, std::string_view name) {
    auto in = pem::detect_and_decode(request_file);
    if (!in)
        return core::error(std::string(name) + ": offset " + std::to_string(in.error->offset) + ": " + in.error->message,
                           core::hr::invalid_data);
    auto kind = asn1::identify(in.der);
    if (kind != asn1::content_kind::request && kind != asn1::content_kind::pkcs7 && kind != asn1::content_kind::cmc_request)
        return core::error(std::string(name) + ": not a certificate request (PKCS#10, CMC or PKCS#7) but a " +
                               std::string(asn1::to_string(kind)),
                           core::hr::invalid_data);
    return std::move(in.der);
}

}  // namespace certreq::verbs
