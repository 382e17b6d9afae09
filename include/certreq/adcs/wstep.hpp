// adcs/wstep.hpp: the messages of the Certificate Enrollment Web Service
// (CES, [MS-WSTEP]: WS-Trust 1.3 with X.509v3 token enrollment extensions):
// the RequestSecurityToken a client sends (a new request, or the status of a
// pending one by RequestID) and the reading of what comes back, a
// RequestSecurityTokenResponseCollection or a SOAP 1.2 fault. XML is read
// only through xml/ (namespace-aware), never by searching strings.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/adcs/answer.hpp"
#include "certreq/adcs/soap.hpp"
#include "certreq/asn1/identify.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/core/result.hpp"
#include "certreq/xml/document.hpp"

namespace certreq::adcs::wstep {

using soap::ns_addressing;
using soap::ns_soap11;
using soap::ns_soap12;
inline constexpr std::string_view ns_trust = "http://docs.oasis-open.org/ws-sx/ws-trust/200512";
using soap::ns_secext;
inline constexpr std::string_view ns_utility = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
inline constexpr std::string_view ns_enrollment = "http://schemas.microsoft.com/windows/pki/2009/01/enrollment";
inline constexpr std::string_view ns_authorization = "http://schemas.xmlsoap.org/ws/2006/12/authorization";

inline constexpr std::string_view action_rst = "http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RST/wstep";
inline constexpr std::string_view action_rstrc = "http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RSTRC/wstep";
inline constexpr std::string_view token_type_x509 =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
inline constexpr std::string_view request_type_issue = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue";
inline constexpr std::string_view request_type_query = "http://schemas.microsoft.com/windows/pki/2009/01/enrollment/QueryTokenStatus";
// The request's ValueType, as MS-WSTEP's own example (4.1.1.1) sends a PKCS#10:
// the CA tells PKCS#10, PKCS#7 and CMC apart by their content.
inline constexpr std::string_view value_type_request =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#PKCS7";
inline constexpr std::string_view value_type_x509 =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
inline constexpr std::string_view encoding_base64 =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#base64binary";
using soap::password_text;
using soap::content_type;

// request: one RequestSecurityToken. A new request carries `token` (the DER
// PKCS#10, CMC or PKCS#7 renewal, with value_type_request); a status query
// carries `request_id` instead.
struct request {
    std::string to;          // the CES URL (wsa:To)
    std::string message_id;  // urn:uuid:... (wsa:MessageID)
    std::optional<bytes> token;
    std::optional<std::uint32_t> request_id;
    std::vector<std::pair<std::string, std::string>> context;  // AdditionalContext: -attrib Name:Value pairs
    // WS-Security UsernameToken (CES endpoints of the UsernamePassword kind, over TLS only).
    std::optional<std::pair<std::string, std::string>> username_token;
};

// build returns the SOAP 1.2 envelope for `r`.
inline std::string build(const request& r) {
    using xml::escape_attribute;
    using xml::escape_text;
    std::string s = soap::header(action_rst, r.message_id, r.to, r.username_token);
    s += "<s:Body>";
    s += "<RequestSecurityToken PreferredLanguage=\"en-US\" xmlns=\"" + std::string(ns_trust) + "\">";
    s += "<TokenType>" + std::string(token_type_x509) + "</TokenType>";
    s += "<RequestType>" + std::string(r.token ? request_type_issue : request_type_query) + "</RequestType>";
    if (r.token) {
        s += "<BinarySecurityToken ValueType=\"" + std::string(value_type_request) + "\" EncodingType=\"" +
             std::string(encoding_base64) + "\" a:Id=\"\" xmlns:a=\"" + std::string(ns_utility) + "\" xmlns=\"" +
             std::string(ns_secext) + "\">" + base64::encode(*r.token) + "</BinarySecurityToken>";
    }
    if (r.request_id) s += "<RequestID xmlns=\"" + std::string(ns_enrollment) + "\">" + std::to_string(*r.request_id) + "</RequestID>";
    if (!r.context.empty()) {
        s += "<AdditionalContext xmlns=\"" + std::string(ns_authorization) + "\">";
        for (auto& [name, value] : r.context)
            s += "<ContextItem Name=\"" + escape_attribute(name) + "\"><Value>" + escape_text(value) + "</Value></ContextItem>";
        s += "</AdditionalContext>";
    }
    s += "</RequestSecurityToken></s:Body></s:Envelope>";
    return s;
}

using adcs::answer;
using adcs::disposition;
using adcs::error;
template <typename T>
using result = adcs::result<T>;

namespace detail {

using soap::bounded;
using soap::excerpt;

inline std::optional<std::uint32_t> parse_id(const xml::element& e) {
    if (!e || e.nil()) return std::nullopt;
    std::string t = e.trimmed_text();
    if (t.empty() || t.size() > 10) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : t) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + std::uint64_t(c - '0');
    }
    if (v > 0xffffffffu) return std::nullopt;
    return std::uint32_t(v);
}

// hresult_of reads an xs:int ErrorCode (a negative HRESULT, as .NET writes it).
inline core::hresult hresult_of(const xml::element& e) {
    if (!e || e.nil()) return core::hr::none;
    std::string t = e.trimmed_text();
    bool neg = !t.empty() && t[0] == '-';
    std::string_view digits = std::string_view(t).substr(neg ? 1 : 0);
    if (digits.empty() || digits.size() > 10) return core::hr::none;
    std::int64_t v = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return core::hr::none;
        v = v * 10 + (c - '0');
    }
    if (neg) v = -v;
    if (v < INT32_MIN || v > UINT32_MAX) return core::hr::none;
    return core::hresult(std::uint32_t(std::int64_t(v) & 0xffffffff));
}

// binary_token decodes a BinarySecurityToken (base64 binary, the only encoding WSTEP uses).
inline result<bytes> binary_token(const xml::element& e, std::string_view what) {
    if (auto enc = e.attribute("", "EncodingType"); enc && *enc != encoding_base64)
        return core::error(std::string(what) + ": unsupported EncodingType " + excerpt(*enc), core::hr::invalid_data);
    auto der = base64::decode(e.text());
    if (!der || der->empty()) return core::error(std::string(what) + " is not base64", core::hr::invalid_data);
    return std::move(*der);
}

inline constexpr soap::service who{"the enrollment service", "WSTEP"};

inline result<answer> read_fault(const xml::element& fault_el) {
    auto f = soap::read_fault(fault_el);
    auto detail = f.detail.child(ns_enrollment, "CertificateEnrollmentWSDetail");
    core::hresult hr = core::hr::none;
    std::optional<std::uint32_t> id;
    if (detail) {
        hr = hresult_of(detail.child(ns_enrollment, "ErrorCode"));
        id = parse_id(detail.child(ns_enrollment, "RequestID"));
    }
    std::string text = f.reason.empty() ? "(no reason given)" : f.reason;
    if (id) {  // the CA has the request: a denial (or a failure it recorded), certreq's "Denied"
        answer a;
        a.what = disposition::denied;
        a.request_id = id;
        a.message = bounded(text);
        a.hresult = hr ? hr : core::hr::fail;
        return a;
    }
    return core::error(soap::fault_message(f, who), hr ? hr : core::hr::fail);
}

}  // namespace detail

// read parses the HTTP body of a CES answer (any status: faults come with 500).
inline result<answer> read(std::string_view body, const xml::limits& lim = {}) {
    auto b = soap::read_body(body, lim, detail::who);
    if (!b) return b.err();
    const xml::element& part = b->part;
    if (part.is(ns_soap12, "Fault")) return detail::read_fault(part);
    if (!part.is(ns_trust, "RequestSecurityTokenResponseCollection"))
        return core::error("unexpected SOAP body element <" + std::string(part.qualified_name()) + "> (namespace " +
                         detail::excerpt(part.namespace_uri()) + ")",
                     core::hr::winhttp_invalid_server_response);
    auto responses = part.children(ns_trust, "RequestSecurityTokenResponse");
    if (responses.size() != 1)
        return core::error("the answer holds " + std::to_string(responses.size()) + " RequestSecurityTokenResponse elements, not 1",
                     core::hr::winhttp_invalid_server_response);
    auto& rstr = responses[0];
    answer a;
    a.request_id = detail::parse_id(rstr.child(ns_enrollment, "RequestID"));
    if (auto m = rstr.child(ns_enrollment, "DispositionMessage"); m && !m.nil()) a.message = detail::bounded(m.trimmed_text());
    if (auto bst = rstr.child(ns_secext, "BinarySecurityToken")) {
        auto der = detail::binary_token(bst, "the response's BinarySecurityToken");
        if (!der) return der.err();
        auto kind = asn1::identify(*der);
        if (kind != asn1::content_kind::pkcs7 && kind != asn1::content_kind::cmc_response)
            return core::error("the response's BinarySecurityToken is a " + std::string(asn1::to_string(kind)) +
                             ", not a PKCS#7 or CMC response",
                         core::hr::invalid_data);
        a.full_response = std::move(*der);
    }
    auto rst = rstr.child(ns_trust, "RequestedSecurityToken");
    if (auto cert = rst.child(ns_secext, "BinarySecurityToken")) {
        auto der = detail::binary_token(cert, "the issued certificate");
        if (!der) return der.err();
        if (auto kind = asn1::identify(*der); kind != asn1::content_kind::certificate)
            return core::error("the issued certificate is a " + std::string(asn1::to_string(kind)) + ", not an X.509 certificate",
                         core::hr::invalid_data);
        a.what = disposition::issued;
        a.certificate = std::move(*der);
        return a;
    }
    if (!a.request_id)
        return core::error("the answer has neither a certificate nor a RequestID (DispositionMessage " +
                         detail::excerpt(a.message) + ")",
                     core::hr::winhttp_invalid_server_response);
    a.what = disposition::pending;
    return a;
}

}  // namespace certreq::adcs::wstep
