// verbs/run_adcs.hpp: certreq -submit / -retrieve against AD CS over HTTPS,
// from the paths to the printed disposition: the enrollment web service
// (CES, -config https://host/<CA>_CES_<Auth>/service.svc/CES,
// verbs/ces_client.hpp) and Web Enrollment (-config https://host/certsrv,
// verbs/certsrv_client.hpp); and certreq -enroll -PolicyServer URL (CEP,
// then CES: verbs/enroll_from_policy.hpp). The disposition lines are said
// under -q too (scripts parse them); pending and denied are dispositions
// 3 and 4 (verbs/report.hpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "certreq/os/output_files.hpp"
#include "certreq/verbs/adcs_credentials.hpp"
#include "certreq/verbs/certsrv_client.hpp"
#include "certreq/verbs/ces_client.hpp"
#include "certreq/verbs/enroll_from_policy.hpp"
#include "certreq/verbs/host_identity.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/renew_from_policy.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_accept.hpp"
#include "certreq/verbs/run_clock.hpp"
#include "certreq/verbs/run_options.hpp"

namespace certreq::verbs {

// is_adcs_url: a CES endpoint or a Web Enrollment (certsrv) URL.
inline bool is_adcs_url(const std::string& config) { return ces::is_ces_url(config) || certsrv::is_certsrv_url(config); }

namespace detail {

inline int adcs_disposition_code(ces::disposition d) {
    return d == ces::disposition::pending ? 3 : d == ces::disposition::denied ? 4 : 0;
}

inline report& adcs_fail(report& rep, const ces::error& e) {
    return rep.fail(e.message, e.hresult != core::hr::none ? e.hresult : core::hr::fail);
}

// adcs_outputs writes CertFileOut (the certificate), CertChainFileOut and
// FullResponseFileOut (the PKCS#7/CMC response the service sent), all or
// nothing. A failure is reported after the disposition (messages): the CA
// has issued, and -retrieve can fetch the answer again.
inline bool adcs_outputs(report& rep, const ces::answer& a, os::output_files& outs, const output_format& fmt) {
    if (outs.size() > 1 && a.full_response.empty()) {
        rep.err(ces::disposition_lines(a)).fail("the CA sent no PKCS#7 response, so there is no chain to write", core::hr::invalid_data);
        return false;
    }
    std::vector<std::string> texts;
    if (outs.size() > 0) texts.push_back(output_file_text(label_certificate, a.certificate, fmt.binary, fmt.unicode_text));
    for (std::size_t i = 1; i < outs.size(); ++i)
        texts.push_back(output_file_text(label_certificate, a.full_response, fmt.binary, fmt.unicode_text));
    std::vector<std::optional<byte_view>> data;
    for (auto& t : texts) data.emplace_back(as_bytes(t));
    if (auto s = outs.commit(data, os::output_mode()); !s) {
        rep.err(ces::disposition_lines(a)).fail(s.err().message, s.err().hresult);
        return false;
    }
    return true;
}

// adcs_answered: the outputs of an issued answer written, the disposition said.
inline report& adcs_answered(report& rep, const ces::answer& a, os::output_files& outs, const output_format& fmt) {
    if (a.what == ces::disposition::issued && !adcs_outputs(rep, a, outs, fmt)) return rep;
    rep.out(ces::disposition_lines(a));
    rep.disposition = adcs_disposition_code(a.what);
    return rep;
}

// adcs_exchange: `ask` (the certsrv or the CES call) with the credentials
// the options choose for `url`, then its answer.
template <typename Certsrv, typename Ces>
report adcs_exchange(const std::string& url, const std::vector<std::string>& out_paths, const adcs_auth_options& auth,
                     const run_options& ro, Certsrv certsrv_call, Ces ces_call) {
    report rep;
    auto outs = os::output_files::plan(out_paths, ro.output.force);
    if (!outs) return rep.fail(outs.err().message, outs.err().hresult), rep;
    auto c = adcs_credentials_for(url, auth, ro.stores, ro.access, rep);
    if (!c) return rep;
    bool chain = outs->size() > 1;
    std::optional<ces::result<ces::answer>> a;
    if (certsrv::is_certsrv_url(url)) {
        certsrv::settings s;
        s.url = c->url, s.credentials = c->credentials, s.attributes = c->attributes;
        if (c->password) s.credentials.kind = http::auth::scheme::basic_or_ntlm;  // IIS: Basic, or Windows authentication
        a = certsrv_call(s, chain);
    } else {
        ces::settings s;
        s.url = c->url, s.credentials = c->credentials, s.attributes = c->attributes;
        s.username_token = c->password;
        a = ces_call(s);
    }
    if (!*a) return adcs_fail(rep, a->err()), rep;
    adcs_answered(rep, **a, *outs, ro.output);
    return rep;
}

}  // namespace detail

// run_adcs_submit sends the request in `request_path` to `url`; `out_paths`
// are CertFileOut [CertChainFileOut [FullResponseFileOut]].
inline report run_adcs_submit(const http::transport& t, const std::string& url, const std::string& request_path,
                              const std::vector<std::string>& out_paths, const adcs_auth_options& auth, const run_options& ro) {
    return detail::adcs_exchange(
        url, out_paths, auth, ro,
        [&](const certsrv::settings& s, bool chain) { return certsrv::submit_file(t, s, request_path, chain); },
        [&](const ces::settings& s) { return ces::submit_file(t, s, request_path); });
}

// run_adcs_retrieve asks `url` for request `id` (7 or 0x7).
inline report run_adcs_retrieve(const http::transport& t, const std::string& url, const std::string& id,
                                const std::vector<std::string>& out_paths, const adcs_auth_options& auth, const run_options& ro) {
    auto n = ces::parse_request_id(id);
    if (!n) {
        report rep;
        std::string why = "RequestId: expected a number (7 or 0x7), got \"";
        return rep.fail(why.append(id, 0, 40).append("\""), core::hr::invalid_parameter), rep;
    }
    return detail::adcs_exchange(
        url, out_paths, auth, ro, [&](const certsrv::settings& s, bool chain) { return certsrv::retrieve(t, s, *n, chain); },
        [&](const ces::settings& s) { return ces::retrieve(t, s, *n); });
}

// policy_enroll_target: -enroll -PolicyServer URL TemplateName, or
// -enroll -PolicyServer URL -cert ID Renew [ReuseKeys].
struct policy_enroll_target {
    std::string policy_server;  // -PolicyServer
    std::string template_name;  // TemplateName
    bool config_given = false;  // -config too (refused: the policy names the CAs)
    std::optional<policy_enroll::renewal_target> renewal;  // -cert ID Renew [ReuseKeys]
};

// run_policy_enroll: the policy from CEP (through the store's policy cache,
// verbs/cached_policy.hpp), the request from the template (or the renewal of
// an installed certificate, verbs/renew_from_policy.hpp), enrollment over
// the CES endpoint the policy names; an issued certificate is installed. The
// credentials serve both services. `progress` shows an RSA key being made.
inline report run_policy_enroll(const http::transport& t, const policy_enroll_target& what, const adcs_auth_options& auth,
                                const mbed::keygen_progress& progress, const run_options& ro) {
    report rep;
    if (!cep::is_cep_url(what.policy_server)) {
        std::string why = "-PolicyServer: expected an enrollment policy service URL "
                          "(https://host/ADPolicyProvider_CEP_Auth/service.svc/CEP), got \"";
        return rep.fail(why.append(what.policy_server, 0, 200).append("\""), core::hr::invalid_parameter), rep;
    }
    if (what.config_given)
        return rep.fail("-enroll takes -config or -PolicyServer, not both (the policy names the CAs)", core::hr::invalid_parameter), rep;
    auto c = adcs_credentials_for(what.policy_server, auth, ro.stores, ro.access, rep);
    if (!c) return rep;
    policy_enroll::settings s;
    s.policy.url = c->url;
    s.policy.credentials = c->credentials;
    s.policy.username_token = c->password;
    s.attributes = c->attributes;
    s.auth_kind = c->auth_kind();
    auto clock = clock_now();
    if (!clock.problem.empty()) return rep.fail(clock.problem, core::hr::invalid_data), rep;
    new_options opt;
    opt.now = clock.now;
    opt.host = current_host_identity();
    opt.access = ro.access;
    opt.progress = progress;
    if (ro.stores.machine || ro.stores.user) opt.machine_store = ro.stores.machine, opt.store_from_option = true;
    auto r = what.renewal ? policy_enroll::renew_in_stores(t, s, *what.renewal, opt)
                          : policy_enroll::enroll_in_stores(t, s, what.template_name, opt);
    if (ro.shown == severity::note)
        for (auto& n : r.notes) rep.err("certreq: note: ", n, "\n");
    if (r.request) {
        rep.show(r.request->diags(), ro.shown);
        if (!r.request->ok) return rep.fail_diags(r.request->diags()), rep;
    }
    if (!r.error.empty()) return rep.fail(r.error, r.hresult != core::hr::none ? r.hresult : core::hr::fail), rep;
    rep.out(ces::disposition_lines(*r.answer));
    if (r.certificate) rep.out(installed_lines(*r.certificate, false));
    rep.disposition = detail::adcs_disposition_code(r.answer->what);
    return rep;
}

}  // namespace certreq::verbs
