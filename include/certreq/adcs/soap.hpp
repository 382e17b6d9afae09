// adcs/soap.hpp: what the AD CS web services (CES [MS-WSTEP], CEP [MS-XCEP])
// share on the SOAP 1.2 level: the WS-Addressing header and the WS-Security
// UsernameToken a client writes, the one-element Body of an answer, and the
// one reader of SOAP faults (code, reason, detail). XML is read only through
// xml/ (namespace-aware).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "certreq/adcs/answer.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/xml/document.hpp"

namespace certreq::adcs::soap {

inline constexpr std::string_view ns_soap12 = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr std::string_view ns_soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view ns_addressing = "http://www.w3.org/2005/08/addressing";
inline constexpr std::string_view ns_secext = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
inline constexpr std::string_view password_text =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
inline constexpr std::string_view content_type = "application/soap+xml; charset=utf-8";

inline constexpr std::size_t quote_limit = 200;

// excerpt: a bounded, single-line excerpt of untrusted text for messages
// (control characters as spaces, runs of white space as one).
inline std::string excerpt(std::string_view s) {
    std::string out = "\"";
    std::size_t i = 0;
    for (; i < s.size() && out.size() <= quote_limit; ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        char ch = (c < 0x20 || c == 0x7f) ? ' ' : char(c);
        if (ch == ' ' && out.back() == ' ') continue;
        out += ch;
    }
    if (i < s.size()) out += "...";
    return out + "\"";
}

// bounded: untrusted text for a disposition line: one line, at most quote_limit bytes.
inline std::string bounded(std::string_view s) {
    std::string q = excerpt(s);
    return q.substr(1, q.size() - 2);
}

// header: the opening of a request envelope up to the end of its Header:
// WS-Addressing Action, MessageID and To, and with `username_token` the
// WS-Security UsernameToken (the password in clear text: over TLS only).
inline std::string header(std::string_view action, std::string_view message_id, std::string_view to,
                          const std::optional<std::pair<std::string, std::string>>& username_token) {
    using xml::escape_text;
    std::string s;
    s.append("<s:Envelope xmlns:s=\"").append(ns_soap12).append("\" xmlns:a=\"").append(ns_addressing).append("\">");
    s += "<s:Header>";
    s.append("<a:Action s:mustUnderstand=\"1\">").append(action).append("</a:Action>");
    s.append("<a:MessageID>").append(escape_text(message_id)).append("</a:MessageID>");
    s.append("<a:To s:mustUnderstand=\"1\">").append(escape_text(to)).append("</a:To>");
    if (username_token) {
        s.append("<o:Security s:mustUnderstand=\"1\" xmlns:o=\"").append(ns_secext).append("\">");
        s.append("<o:UsernameToken><o:Username>").append(escape_text(username_token->first)).append("</o:Username>");
        s.append("<o:Password Type=\"").append(password_text).append("\">").append(escape_text(username_token->second));
        s += "</o:Password></o:UsernameToken></o:Security>";
    }
    s += "</s:Header>";
    return s;
}

// service: how errors name the service and its protocol.
struct service {
    std::string_view name;      // "the enrollment service"
    std::string_view protocol;  // "WSTEP"
};

// body: a parsed answer and the single element of its Body (valid while `doc` lives).
struct body {
    xml::document doc;
    xml::element part;
};

// read_body parses an answer and finds the one element of its SOAP 1.2 Body.
inline result<body> read_body(std::string_view text, const xml::limits& lim, const service& who) {
    auto doc = xml::parse(text, lim);
    if (!doc)
        return core::error(std::string(who.name) + "'s answer is not XML: " + doc.err(), core::hr::winhttp_invalid_server_response);
    auto env = doc->root();
    if (env.is(ns_soap11, "Envelope"))
        return core::error(std::string(who.name) + " answered in SOAP 1.1; " + std::string(who.protocol) + " uses SOAP 1.2",
                     core::hr::winhttp_invalid_server_response);
    if (!env.is(ns_soap12, "Envelope"))
        return core::error(std::string(who.name) + "'s answer is not a SOAP 1.2 envelope (root element <" +
                         std::string(env.qualified_name()) + "> in namespace " + excerpt(env.namespace_uri()) + ")",
                     core::hr::winhttp_invalid_server_response);
    auto body_el = env.child(ns_soap12, "Body");
    auto parts = body_el.elements();
    if (!body_el || parts.size() != 1)
        return core::error("the SOAP answer has no Body with exactly one element", core::hr::winhttp_invalid_server_response);
    xml::element part = parts[0];
    return body{std::move(*doc), part};
}

// fault: what a SOAP 1.2 Fault says.
struct fault {
    std::string code;       // s:Code/s:Value, e.g. "s:Receiver"
    std::string reason;     // s:Reason/s:Text (the English one when there are several)
    xml::element detail;    // s:Detail, or an empty element
};

inline bool is_fault(const xml::element& e) { return e.is(ns_soap12, "Fault"); }

inline fault read_fault(const xml::element& f) {
    fault out;
    auto texts = f.child(ns_soap12, "Reason").children(ns_soap12, "Text");
    for (auto& t : texts)
        if (auto lang = t.attribute(xml::ns_xml, "lang"); lang && lang->substr(0, 2) == "en") {
            out.reason = t.trimmed_text();
            break;
        }
    if (out.reason.empty() && !texts.empty()) out.reason = texts.front().trimmed_text();
    out.code = f.child(ns_soap12, "Code").child(ns_soap12, "Value").trimmed_text();
    out.detail = f.child(ns_soap12, "Detail");
    return out;
}

// fault_message: "<service> answered with a SOAP fault (<code>): "<reason>"".
inline std::string fault_message(const fault& f, const service& who) {
    return std::string(who.name) + " answered with a SOAP fault (" + (f.code.empty() ? std::string("no code") : f.code) +
           "): " + excerpt(f.reason.empty() ? std::string("(no reason given)") : f.reason);
}

}  // namespace certreq::adcs::soap
