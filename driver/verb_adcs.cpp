// certreq -submit / -retrieve against AD CS over HTTPS: the enrollment web
// service (CES, -config https://host/<CA>_CES_<Auth>/service.svc/CES,
// verbs/ces_client.hpp) and Web Enrollment (-config https://host/certsrv,
// verbs/certsrv_client.hpp), with the certreq-http transport. Prints
// certreq's disposition lines (under -q too). Exit codes as the local-CA
// verbs: 0 issued, pending or denied (3 / 4 with
// CERTREQ_DISPOSITION_EXIT_CODES=1), 1 failed, 2 usage.
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "certreq/verbs/ces_client.hpp"
#include "certreq/verbs/certsrv_client.hpp"
#include "certreq/verbs/client_certificate.hpp"
#include "certreq/verbs/enroll_from_policy.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/run_clock.hpp"
#include "certreq/verbs/windows_time.hpp"
#include "http_transport.hpp"
#include "key_access.hpp"
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

std::optional<common> common_settings(const command_line& cl, const std::string& url) {
    const auto& o = cl.opts;
    common s;
    s.url = url;
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
        if (url.rfind("https://", 0) != 0)
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
    auto c = common_settings(cl, cl.opts.config);
    if (!c) return std::nullopt;
    verbs::ces::settings s;
    s.url = c->url, s.credentials = c->credentials, s.attributes = c->attributes;
    s.username_token = c->password;
    return s;
}

std::optional<verbs::certsrv::settings> certsrv_settings(const command_line& cl) {
    auto c = common_settings(cl, cl.opts.config);
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

// certreq -enroll -PolicyServer URL TemplateName: the policy from CEP, the
// request from the template, enrollment over the CES endpoint the policy
// names (verbs/enroll_from_policy.hpp). The credentials serve both services.
int run_policy_enroll(const command_line& cl) {
    const auto& o = cl.opts;
    if (cl.positional.size() != 1 || o.cert_given) {
        err("certreq -enroll -PolicyServer URL: expected TemplateName (renewal with -cert is not taken with -PolicyServer; "
            "certreq -enroll -? for help)\n");
        return exit_usage;
    }
    if (!verbs::cep::is_cep_url(o.policy_server))
        return fail("-PolicyServer: expected an enrollment policy service URL (https://host/ADPolicyProvider_CEP_Auth/service.svc/CEP), "
                    "got \"" + o.policy_server.substr(0, 200) + "\"",
                    core::hr::invalid_parameter);
    if (o.config_given)
        return fail("-enroll takes -config or -PolicyServer, not both (the policy names the CAs)", core::hr::invalid_parameter);
    auto c = common_settings(cl, o.policy_server);
    if (!c) return exit_failed;
    verbs::policy_enroll::settings s;
    s.policy.url = c->url;
    s.policy.credentials = c->credentials;
    s.policy.username_token = c->password;
    s.attributes = c->attributes;
    namespace auth = adcs::xcep::auth;
    s.auth_kind = c->password                          ? auth::username_password
                  : !o.client_certificate.empty()      ? auth::certificate
                  : o.anonymous                        ? auth::anonymous
                                                       : auth::kerberos;
    auto clock = verbs::clock_now();
    if (!clock.problem.empty()) return fail(clock.problem, core::hr::invalid_data);
    verbs::new_options opt;
    opt.now = clock.now;
    opt.host = verbs::current_host_identity();
    opt.access = key_access_of(o);
    if (!o.quiet && isatty(STDERR_FILENO))
        opt.progress = [](mbed::keygen_phase p) { err(p == mbed::keygen_phase::started ? "Generating an RSA key... " : "done\n"); };
    if (o.machine || o.user) opt.machine_store = o.machine, opt.store_from_option = true;
    auto r = verbs::policy_enroll::enroll_in_stores(http_transport, s, cl.positional[0], opt);
    if (r.request) {
        r.request->diags().print(stderr, o.verbose ? severity::note : severity::warning);
        if (!r.request->ok) return fail_diags(r.request->diags());
    }
    if (!r.error.empty()) return fail(r.error, r.hresult != core::hr::none ? r.hresult : core::hr::fail);
    // Printed under -q too (it suppresses prompts only): scripts parse these lines.
    out(verbs::ces::disposition_lines(*r.answer));
    if (const auto& i = r.certificate)
        out("Installed Certificate:\n", "  Serial Number: ", i->serial_hex, "\n", "  Subject: ", i->subject, "\n",
            "  NotBefore: ", verbs::windows_time(i->not_before), "\n", "  NotAfter: ", verbs::windows_time(i->not_after), "\n",
            "  Thumbprint: ", i->thumbprint, "\n");
    switch (r.answer->what) {
        case verbs::ces::disposition::issued: return exit_ok;
        case verbs::ces::disposition::pending: return disposition_exit(exit_pending);
        case verbs::ces::disposition::denied: return disposition_exit(exit_denied);
    }
    return exit_failed;
}

}  // namespace certreq::driver
