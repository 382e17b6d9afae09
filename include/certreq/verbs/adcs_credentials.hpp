// verbs/adcs_credentials.hpp: the authentication the command line chooses
// for the AD CS web services (CES, CEP, Web Enrollment), and -attrib as the
// name/value pairs they send. One of -Kerberos, -UserName with -p,
// -ClientCertificate, -Anonymous; none is Kerberos (SPNEGO with the ticket
// cache, certreq.exe's default), which libcurl uses only when asked.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "certreq/adcs/xcep_policy.hpp"
#include "certreq/verbs/ces_client.hpp"
#include "certreq/verbs/client_certificate.hpp"
#include "certreq/verbs/http.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"

namespace certreq::verbs {

// adcs_auth_options: the authentication options as typed (the password is
// never printed).
struct adcs_auth_options {
    bool kerberos = false;            // -Kerberos
    bool anonymous = false;           // -Anonymous
    std::string username;             // -UserName
    bool password_given = false;      // -p given (even empty)
    std::string password;             // -p
    std::string client_certificate;   // -ClientCertificate ID
    std::string attrib;               // -attrib "Name:Value\nName2:Value2"
};

// adcs_credentials: what the clients send. `password`: -UserName/-p, which
// CES and CEP send as a WS-Security UsernameToken and Web Enrollment as HTTP
// Basic or NTLM (whichever the server offers).
struct adcs_credentials {
    std::string url;
    http::auth credentials;
    bool password = false;
    std::vector<std::pair<std::string, std::string>> attributes;

    // auth_kind: the xcep::auth kind these credentials are (a CEP policy's URIs say which they take).
    std::uint32_t auth_kind() const noexcept {
        namespace auth = adcs::xcep::auth;
        if (password) return auth::username_password;
        if (!credentials.client_cert_pem.empty()) return auth::certificate;
        if (credentials.kind == http::auth::scheme::negotiate) return auth::kerberos;
        return auth::anonymous;
    }
};

// adcs_credentials_for checks the options against `url` (a password goes
// over https:// only) and loads -ClientCertificate's certificate and key from
// the store `stores` picks (a token key with `access`); a refusal is on `rep` (nullopt).
inline std::optional<adcs_credentials> adcs_credentials_for(const std::string& url, const adcs_auth_options& o, store_choice stores,
                                                            const key_access& access, report& rep) {
    adcs_credentials s;
    s.url = url;
    auto attrs = ces::parse_attributes(o.attrib);
    if (!attrs) return rep.fail(attrs.err(), core::hr::invalid_parameter), std::nullopt;
    s.attributes = std::move(*attrs);
    int chosen = int(o.kerberos) + int(o.anonymous) + int(!o.username.empty()) + int(!o.client_certificate.empty());
    if (chosen > 1)
        return rep.fail("choose one of -Kerberos, -UserName, -ClientCertificate and -Anonymous", core::hr::invalid_parameter),
               std::nullopt;
    if (o.password_given && o.username.empty())
        return rep.fail("-p is the password for -UserName, which is missing", core::hr::invalid_parameter), std::nullopt;
    if (!o.client_certificate.empty()) {
        auto c = load_client_certificate(o.client_certificate, stores.user, stores.machine, access);
        if (!c) return rep.fail(c.err(), core::hr::crypt_not_found), std::nullopt;
        s.credentials.client_cert_pem = std::move(c->cert_pem);
        s.credentials.client_key_pem = std::move(c->key_pem);
        s.credentials.client_key_token = std::move(c->token);
        return s;
    }
    if (!o.username.empty()) {
        if (!o.password_given)
            return rep.fail("-UserName needs -p (certreq does not prompt for a password)", core::hr::invalid_parameter), std::nullopt;
        if (url.rfind("https://", 0) != 0)
            return rep.fail("-UserName/-p: the password is sent over https:// only", core::hr::invalid_parameter), std::nullopt;
        s.password = true;
        s.credentials.user = o.username;
        s.credentials.password = o.password;
    } else if (!o.anonymous) {
        s.credentials.kind = http::auth::scheme::negotiate;
    }
    return s;
}

}  // namespace certreq::verbs
