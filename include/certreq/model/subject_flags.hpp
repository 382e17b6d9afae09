// model/subject_flags.hpp: what SubjectNameFlags (CT_FLAG_*, spec §3.2) put
// in a request's subject and SAN. Windows fills them from Active Directory;
// here from what this machine knows (its DNS name, the user) and what the
// caller supplies (requester_identity: $CERTREQ_SUBJECT_UPN, _EMAIL, _DN,
// _GUID). One implementation for the INF's `SubjectNameFlags =` (model/lower.ipp)
// and a policy server's template (verbs/enroll_from_policy.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/model/name.hpp"
#include "certreq/model/requester.hpp"
#include "certreq/model/subject.hpp"
#include "certreq/model/text_extensions.hpp"
#include "certreq/model/values.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

// flag_names: the subject the CT_FLAG_SUBJECT_REQUIRE_* flags make (none
// when no such flag is set, or `subject_given`: an explicit Subject wins) and
// the SAN the CT_FLAG_SUBJECT_ALT_REQUIRE_* flags make (none when none is set).
struct flag_names {
    std::optional<name> subject;
    std::optional<extension> san;
};

// names_from_flags: the names `flags` (known bits only) ask for, for a
// machine request (`machine`: COMMON_NAME is the host's DNS name) or a
// user's. Every value a flag needs and the caller lacks is an error at `at`
// naming the variable that supplies it; SPN needs AD and is refused. Nothing
// when any error was reported.
inline std::optional<flag_names> names_from_flags(std::uint32_t flags, const requester_identity& id, bool machine, bool subject_given,
                                                  position at, diagnostics& d) {
    namespace F = subject_name_flags;
    bool ok = true;
    auto need = [&](const std::string& value, std::string_view flag, std::string_view what) {
        if (value.empty()) {
            d.error(at, "SubjectNameFlags: " + std::string(flag) + " needs " + std::string(what) + " (Windows reads it from Active Directory)");
            ok = false;
        }
        return !value.empty();
    };
    if (flags & F::alt_require_spn) {
        d.error(at, "SubjectNameFlags: CT_FLAG_SUBJECT_ALT_REQUIRE_SPN needs the account's service principal names "
                    "from Active Directory; give them as a {text} SAN instead");
        ok = false;
    }
    if (flags & F::old_cert_supplies_subject_and_alt_name)
        d.note(at, "SubjectNameFlags: CT_FLAG_OLD_CERT_SUPPLIES_SUBJECT_AND_ALT_NAME is for the CA on renewal; no effect here");
    flag_names out;
    if ((flags & F::subject_mask) && subject_given) {
        d.warning(at, "SubjectNameFlags: Subject is given, so the CT_FLAG_SUBJECT_REQUIRE_* flags leave it as written");
    } else if (flags & F::subject_mask) {
        name n;
        if (flags & F::require_directory_path) {
            if (need(id.directory_path, "CT_FLAG_SUBJECT_REQUIRE_DIRECTORY_PATH", "the directory name: set CERTREQ_SUBJECT_DN"))
                if (auto dn = parse_name(located_text(id.directory_path, at), 0, d, "SubjectNameFlags ($CERTREQ_SUBJECT_DN)"))
                    n = std::move(*dn);
        } else if (flags & (F::require_dns_as_cn | F::require_common_name)) {
            // DNS_AS_CN, and COMMON_NAME of a machine request: the host's DNS name; of a user request: the user.
            bool dns = (flags & F::require_dns_as_cn) || machine;
            const std::string& cn = dns ? id.fqdn : id.user;
            if (need(cn, dns ? "CT_FLAG_SUBJECT_REQUIRE_DNS_AS_CN" : "CT_FLAG_SUBJECT_REQUIRE_COMMON_NAME",
                     dns ? "this machine's DNS name: set CERTREQ_CLIENT_MACHINE" : "the user name: set USER"))
                n.rdns.push_back({attribute_value{std::string(oids::common_name.dotted()), string_kind::utf8, cn, at}});
        }
        if ((flags & F::require_email) && need(id.email, "CT_FLAG_SUBJECT_REQUIRE_EMAIL", "an e-mail address: set CERTREQ_SUBJECT_EMAIL"))
            n.rdns.push_back({attribute_value{std::string(oids::email_address.dotted()), string_kind::ia5, id.email, at}});
        out.subject = std::move(n);
    }
    // The SAN: a {text} value read by the same grammar as [Extensions].
    std::string san;
    auto add = [&](std::uint32_t flag, std::string_view token, const std::string& value, std::string_view flag_name, std::string_view what) {
        if (!(flags & flag) || !need(value, flag_name, what)) return;
        if (value.find('&') != std::string::npos) {
            d.error(at, "SubjectNameFlags: " + std::string(flag_name) + ": " + quote(value) + " contains '&'");
            ok = false;
            return;
        }
        san += (san.empty() ? "{text}" : "&") + std::string(token) + "=" + value;
    };
    add(F::alt_require_dns, "dns", id.fqdn, "CT_FLAG_SUBJECT_ALT_REQUIRE_DNS", "this machine's DNS name: set CERTREQ_CLIENT_MACHINE");
    std::string domain = id.fqdn.find('.') == std::string::npos ? std::string() : id.fqdn.substr(id.fqdn.find('.') + 1);
    add(F::alt_require_domain_dns, "dns", domain, "CT_FLAG_SUBJECT_ALT_REQUIRE_DOMAIN_DNS",
        "a domain: this machine's DNS name has none (set CERTREQ_CLIENT_MACHINE to host.domain)");
    add(F::alt_require_email, "email", id.email, "CT_FLAG_SUBJECT_ALT_REQUIRE_EMAIL", "an e-mail address: set CERTREQ_SUBJECT_EMAIL");
    add(F::alt_require_upn, "upn", id.upn, "CT_FLAG_SUBJECT_ALT_REQUIRE_UPN", "a user principal name: set CERTREQ_SUBJECT_UPN");
    add(F::alt_require_directory_guid, "guid", id.directory_guid, "CT_FLAG_SUBJECT_ALT_REQUIRE_DIRECTORY_GUID",
        "the directory object's GUID: set CERTREQ_SUBJECT_GUID");
    if (!ok) return std::nullopt;
    if (!san.empty()) {
        auto pv = parse_extension_value(oids::subject_alt_name.dotted(), located_text(san, at), d);
        if (!pv) return std::nullopt;
        out.san = extension{std::string(oids::subject_alt_name.dotted()), false, std::move(pv->value), at};
    }
    return out;
}

}  // namespace certreq::model
