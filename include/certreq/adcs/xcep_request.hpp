// adcs/xcep_request.hpp: the GetPolicies request of the Certificate
// Enrollment Policy web service (CEP, [MS-XCEP] 3.1.4.1.1.1): a SOAP 1.2
// envelope with the WS-Addressing action of IPolicy/GetPolicies, the client's
// lastUpdate and preferredLanguage (each nil when unknown) and a nil
// requestFilter (no filter: every policy the caller may see).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "certreq/adcs/soap.hpp"
#include "certreq/xml/document.hpp"

namespace certreq::adcs::xcep {

inline constexpr std::string_view ns_policy = "http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy";
inline constexpr std::string_view action_get_policies =
    "http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy/IPolicy/GetPolicies";
inline constexpr std::string_view action_get_policies_response =
    "http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy/IPolicy/GetPoliciesResponse";

// request: one GetPolicies.
struct request {
    std::string to;                   // the CEP URL (wsa:To)
    std::string message_id;           // urn:uuid:... (wsa:MessageID)
    std::string last_update;          // xs:dateTime (GMT) of the last retrieval; empty: nil (never)
    std::string preferred_language;   // xs:language, e.g. "en-US"; empty: nil
    // WS-Security UsernameToken (CEP endpoints of the UsernamePassword kind, over TLS only).
    std::optional<std::pair<std::string, std::string>> username_token;
};

// build returns the SOAP 1.2 envelope for `r`.
inline std::string build(const request& r) {
    std::string s = soap::header(action_get_policies, r.message_id, r.to, r.username_token);
    s.append("<s:Body xmlns:xsi=\"").append(xml::ns_xsi).append("\">");
    s.append("<GetPolicies xmlns=\"").append(ns_policy).append("\"><client>");
    if (r.last_update.empty()) s += "<lastUpdate xsi:nil=\"true\"/>";
    else s.append("<lastUpdate>").append(xml::escape_text(r.last_update)).append("</lastUpdate>");
    if (r.preferred_language.empty()) s += "<preferredLanguage xsi:nil=\"true\"/>";
    else s.append("<preferredLanguage>").append(xml::escape_text(r.preferred_language)).append("</preferredLanguage>");
    s += "</client><requestFilter xsi:nil=\"true\"/></GetPolicies></s:Body></s:Envelope>";
    return s;
}

}  // namespace certreq::adcs::xcep
