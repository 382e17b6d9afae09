// certreq -submit / -retrieve against AD CS over HTTPS: the enrollment web
// service (CES, -config https://host/<CA>_CES_<Auth>/service.svc/CES,
// verbs/ces_client.hpp) and Web Enrollment (-config https://host/certsrv,
// verbs/certsrv_client.hpp), with the certreq-http transport. Prints
// certreq's disposition lines (under -q too). Exit codes as the local-CA
// verbs: 0 issued, pending or denied (3 / 4 with
// CERTREQ_DISPOSITION_EXIT_CODES=1), 1 failed, 2 usage.
#include <optional>
#include <string>
#include <vector>

#include "certreq/verbs/ces_client.hpp"
#include "certreq/verbs/certsrv_client.hpp"
#include "certreq/verbs/client_certificate.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "http_transport.hpp"
#include "outputs.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

namespace {

constexpr int exit_pending = 3;  // only with CERTREQ_DISPOSITION_EXIT_CODES=1 (disposition_exit)
constexpr int exit_denied = 4;

int adcs_fail(const verbs::ces::error& e) { return fail(e.message, e.hresult != core::hr::none ? e.hresult : core::hr::fail); }

// write_outputs: CertFileOut (the certificate), CertChainFileOut and
// FullResponseFileOut (the PKCS#7/CMC response the service sent), all or
// nothing. A failure is reported after the disposition (on stderr): the CA
// has issued, and -retrieve can fetch the answer again.
bool write_outputs(const verbs::ces::answer& a, os::output_files& outs, const parsed_options& o) {
    if (outs.size() > 1 && a.full_response.empty()) {
        err(verbs::ces::disposition_lines(a));
        fail("the CA sent no PKCS#7 response, so there is no chain to write", core::hr::invalid_data);
        return false;
    }
    std::vector<std::string> texts;
    if (outs.size() > 0)
        texts.push_back(verbs::output_file_text(verbs::label_certificate, a.certificate, o.binary, o.unicode_text));
    for (std::size_t i = 1; i < outs.size(); ++i)
        texts.push_back(verbs::output_file_text(verbs::label_certificate, a.full_response, o.binary, o.unicode_text));
    std::vector<std::optional<byte_view>> data;
    for (auto& t : texts) data.emplace_back(as_bytes(t));
    if (auto s = outs.commit(data, os::output_mode()); !s) {
        err(verbs::ces::disposition_lines(a));
        fail(s.err().message, s.err().hresult());
        return false;
    }
    return true;
}

// report writes the outputs of an issued answer and prints the disposition.
int report(const verbs::ces::answer& a, os::output_files& outs, const parsed_options& o) {
    if (a.what == verbs::ces::disposition::issued && !write_outputs(a, outs, o)) return exit_failed;
    out(verbs::ces::disposition_lines(a));
    switch (a.what) {
        case verbs::ces::disposition::issued: return exit_ok;
        case verbs::ces::disposition::pending: return disposition_exit(exit_pending);
        case verbs::ces::disposition::denied: return disposition_exit(exit_denied);
    }
    return exit_failed;
}

}  // namespace

bool is_adcs_url(const std::string& config) {
    return verbs::ces::is_ces_url(config) || verbs::certsrv::is_certsrv_url(config);
}

namespace {

// common_settings: the URL, -attrib and the authentication the options
// choose: -UserName/-p (CES: a WS-Security UsernameToken; Web Enrollment:
// HTTP Basic; https only), -ClientCertificate (TLS), -Anonymous, else Kerberos (SPNEGO with the ticket
// cache, certreq.exe's default), which libcurl uses only when the server asks.
struct common {
    std::string url;
    verbs::http::auth credentials;
    bool password = false;
    std::vector<std::pair<std::string, std::string>> attributes;
};

std::optional<common> common_settings(const command_line& cl) {
    const auto& o = cl.opts;
    common s;
    s.url = o.config;
    auto attrs = verbs::ces::parse_attributes(o.attrib);
    if (!attrs) return fail(attrs.err(), core::hr::invalid_parameter), std::nullopt;
    s.attributes = std::move(*attrs);
    int chosen = int(o.kerberos) + int(o.anonymous) + int(!o.username.empty()) + int(!o.client_certificate.empty());
    if (chosen > 1)
        return fail("choose one of -Kerberos, -UserName, -ClientCertificate and -Anonymous", core::hr::invalid_parameter),
               std::nullopt;
    if (o.password_given && o.username.empty())
        return fail("-p is the password for -UserName, which is missing", core::hr::invalid_parameter), std::nullopt;
    if (!o.client_certificate.empty()) {
        auto c = verbs::load_client_certificate(o.client_certificate, o.user, o.machine);
        if (!c) return fail(c.err(), core::hr::crypt_not_found), std::nullopt;
        s.credentials.client_cert_pem = std::move(c->cert_pem);
        s.credentials.client_key_pem = std::move(c->key_pem);
        return s;
    }
    if (!o.username.empty()) {
        if (!o.password_given)
            return fail("-UserName needs -p (certreq does not prompt for a password)", core::hr::invalid_parameter), std::nullopt;
        if (o.config.rfind("https://", 0) != 0)
            return fail("-UserName/-p: the password is sent over https:// only", core::hr::invalid_parameter), std::nullopt;
        s.password = true;
        s.credentials.user = o.username;
        s.credentials.password = o.password;
    } else if (!o.anonymous) {
        s.credentials.kind = verbs::http::auth::scheme::negotiate;
    }
    return s;
}

std::optional<verbs::ces::settings> ces_settings(const command_line& cl) {
    auto c = common_settings(cl);
    if (!c) return std::nullopt;
    verbs::ces::settings s;
    s.url = c->url, s.credentials = c->credentials, s.attributes = c->attributes;
    s.username_token = c->password;
    return s;
}

std::optional<verbs::certsrv::settings> certsrv_settings(const command_line& cl) {
    auto c = common_settings(cl);
    if (!c) return std::nullopt;
    verbs::certsrv::settings s;
    s.url = c->url, s.credentials = c->credentials, s.attributes = c->attributes;
    if (c->password) s.credentials.kind = verbs::http::auth::scheme::basic;  // the pages take Basic (or NTLM, IWA)
    return s;
}

}  // namespace

int run_adcs_submit(const command_line& cl) {
    if (cl.positional.size() < 2 || cl.positional.size() > 4) {
        err("certreq -submit: expected RequestFileIn CertFileOut [CertChainFileOut [FullResponseFileOut]] (certreq -submit -? for help)\n");
        return exit_usage;
    }
    auto outs = plan_outputs({cl.positional.begin() + 1, cl.positional.end()}, cl.opts.force);
    if (!outs) return exit_failed;
    bool chain = outs->size() > 1;
    auto a = [&]() -> std::optional<verbs::ces::result<verbs::ces::answer>> {
        if (verbs::certsrv::is_certsrv_url(cl.opts.config)) {
            auto s = certsrv_settings(cl);
            if (!s) return std::nullopt;
            return verbs::certsrv::submit_file(http_transport, *s, cl.positional[0], chain);
        }
        auto s = ces_settings(cl);
        if (!s) return std::nullopt;
        return verbs::ces::submit_file(http_transport, *s, cl.positional[0]);
    }();
    if (!a) return exit_failed;
    if (!*a) return adcs_fail(a->err());
    return report(**a, *outs, cl.opts);
}

int run_adcs_retrieve(const command_line& cl) {
    if (cl.positional.size() < 2 || cl.positional.size() > 4) {
        err("certreq -retrieve: expected RequestId CertFileOut [CertChainFileOut [FullResponseFileOut]] (certreq -retrieve -? for help)\n");
        return exit_usage;
    }
    auto id = verbs::ces::parse_request_id(cl.positional[0]);
    if (!id) return fail("RequestId: expected a number (7 or 0x7), got \"" + cl.positional[0].substr(0, 40) + "\"",
                         core::hr::invalid_parameter);
    auto outs = plan_outputs({cl.positional.begin() + 1, cl.positional.end()}, cl.opts.force);
    if (!outs) return exit_failed;
    bool chain = outs->size() > 1;
    auto a = [&]() -> std::optional<verbs::ces::result<verbs::ces::answer>> {
        if (verbs::certsrv::is_certsrv_url(cl.opts.config)) {
            auto s = certsrv_settings(cl);
            if (!s) return std::nullopt;
            return verbs::certsrv::retrieve(http_transport, *s, *id, chain);
        }
        auto s = ces_settings(cl);
        if (!s) return std::nullopt;
        return verbs::ces::retrieve(http_transport, *s, *id);
    }();
    if (!a) return exit_failed;
    if (!*a) return adcs_fail(a->err());
    return report(**a, *outs, cl.opts);
}

}  // namespace certreq::driver
