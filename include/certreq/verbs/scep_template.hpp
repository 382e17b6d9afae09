// verbs/scep_template.hpp: the request `-enroll -config http://... Template`
// makes for a SCEP server, built in code (never INF text): a 2048-bit RSA
// PKCS#10 for this host (Subject CN=<host name>) asking for the template
// (the CertificateTemplate attribute and the template-name extension), with
// -attrib's other attributes and the challenge password, wrapped as
// RequestType = SCEP for the server's CA (new_options::scep_server). The
// rest is what -new gives a request that names nothing else
// (verbs/request_defaults.hpp). take_challenge splits the password out of
// -attrib first.
#pragma once
#include <unistd.h>

#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/diagnostic.hpp"
#include "certreq/model/attrib_option.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/model/request.hpp"
#include "certreq/verbs/request_defaults.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::verbs {

// take_challenge moves the ChallengePassword:value part of -attrib into
// `challenge` and leaves the other parts in `attrib` (split as -new splits
// -attrib). It returns what is wrong, else "": `ChallengePassword=value` is
// refused, never sent on as a name/value pair; so is a carriage return in
// the password. The value is never part of the answer.
inline std::string take_challenge(std::string& attrib, std::string& challenge) {
    std::string rest;
    for (std::string_view part : model::split_attrib_option(attrib)) {
        std::string_view value;
        switch (model::challenge_in_part(part, value)) {
            case model::attrib_challenge::colon:
                if (value.find('\r') != std::string_view::npos) return "-attrib: ChallengePassword holds a carriage return";
                challenge.assign(value);
                break;
            case model::attrib_challenge::equals_typo: return std::string(model::challenge_typo_message);
            case model::attrib_challenge::no: rest.append(rest.empty() ? "" : "\\n").append(part); break;
        }
    }
    attrib = std::move(rest);
    return {};
}

// this_host_name: the subject's CN: the host name (gethostname), else "localhost".
inline std::string this_host_name() {
    char buf[256] = "";
    if (::gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
    return buf;
}

// scep_template_request: the request for `template_name` from host `host`;
// `attrib` is -attrib without the challenge password. Problems with -attrib
// go to `d`; the result is empty after one.
inline std::optional<model::request> scep_template_request(const std::string& host, const std::string& template_name,
                                                           std::string_view attrib, const std::string& challenge,
                                                           diagnostics& d) {
    model::request r;
    r.type = model::request_type::scep;
    // A DirectoryString, written as UTF8String as certreq.exe writes it (spec §6.3).
    r.subject.rdns.push_back({model::attribute_value{std::string(oids::common_name.dotted()), model::string_kind::utf8, host, {}}});
    r.challenge_password = challenge;
    r.name_values.push_back({"CertificateTemplate", template_name, {}});
    std::size_t errors = d.count(severity::error);
    auto more = model::parse_attrib_option(attrib, d);
    if (d.count(severity::error) != errors) return std::nullopt;
    r.name_values.insert(r.name_values.end(), more.begin(), more.end());
    if (!template_name.empty())
        r.extensions.push_back(model::extension{std::string(oids::ms_certificate_template_name.dotted()), false, model::template_name{template_name}, {}});
    request_defaults(r);
    return r;
}

}  // namespace certreq::verbs
