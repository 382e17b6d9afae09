// adcs/answer.hpp: what an AD CS web road (CES, Web Enrollment) answered
// about a request, in the terms certreq prints (issued, pending, denied).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "certreq/core/bytes.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/core/result.hpp"

namespace certreq::adcs {

// disposition: what the service said about the request.
enum class disposition { issued, pending, denied };

// answer: what the CA decided, as the client acts on it: issued (the
// certificate, and the PKCS#7 or CMC response when the service sends one),
// pending (the RequestID to -retrieve), denied (the CA recorded the request).
struct answer {
    disposition what = disposition::pending;
    std::optional<std::uint32_t> request_id;
    std::string message;          // the disposition message, or the denial's reason
    core::hresult hresult = core::hr::none;  // a denial's ErrorCode
    bytes certificate;            // issued: the end-entity certificate (DER)
    bytes full_response;          // the PKCS#7/CMC response or chain (DER), when sent
};

// error: the service did not process the request (a SOAP fault without a
// RequestID, an error page) or sent something that is not an answer.
// It is the one error type (core/error.hpp): the message and the HRESULT.
using error = core::error;
template <typename T>
using result = core::result<T>;

// disposition_lines: what certreq prints for an answer (RequestId twice, then
// the disposition; a denial carries the CA's HRESULT).
inline std::string disposition_lines(const answer& a) {
    std::string out;
    if (a.request_id) {
        std::string id = std::to_string(*a.request_id);
        out = "RequestId: " + id + "\nRequestId: \"" + id + "\"\n";
    }
    switch (a.what) {
        case disposition::issued: out += "Certificate retrieved(Issued) Issued"; break;
        case disposition::pending:
            out += "Certificate request is pending: " + (a.message.empty() ? std::string("Taken Under Submission") : a.message);
            break;
        case disposition::denied: {
            // A message that already names the HRESULT (certsrv pages do) is not given it twice.
            std::string form = core::hresult_form(a.hresult);
            bool named = a.message.find(form.substr(0, 10)) != std::string::npos;
            out += "Certificate not issued (Denied) " + a.message + (named ? "" : " " + form);
            break;
        }
    }
    return out + "\n";
}

}  // namespace certreq::adcs
