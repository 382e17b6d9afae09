// verbs/enroll.hpp: the library side of `certreq -enroll` against a local
// CA: -new + -submit + -accept in one step (spec §1.2).
//
//   certreq -enroll [-config -|DIR] [-user|-machine] TemplateName
//   certreq -enroll [-config -|DIR] [-user|-machine] -cert ID Renew [ReuseKeys]
//
// A template is an INF file as for -new: <store>/templates/<Name>.inf, else
// <CA dir>/templates/<Name>.inf, the name in any case (template_path).
// `-cert ID` is resolved by store/cert_id.hpp (thumbprint, serial, subject CN
// or FriendlyName). Renewal is a PKCS#7 renewal request (spec §9.1, see
// verbs/renewal_request.hpp) signed with the old certificate's key; only a certificate valid
// now can be renewed. The new key has the same algorithm and size, unless
// ReuseKeys keeps the old key. When the CA issues at once the certificate is
// installed with its key; a pending answer leaves the request pending in
// both the CA and the store (-retrieve then -accept finish it).
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreq/asn1/name_text.hpp"
#include "certreq/core/ascii.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/ca/authority.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/model/name.hpp"
#include "certreq/os/file.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/accept.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/verbs/renewable.hpp"
#include "certreq/verbs/renewal_request.hpp"
#include "certreq/verbs/request_input.hpp"

namespace certreq::verbs {

// template_found: the INF of a template, or why there is none.
struct template_found {
    std::optional<std::string> path;
    std::string error;
};

// template_path finds `name`'s INF: <store>/templates/<name>.inf, then
// <CA>/templates/<name>.inf. Template names are case-insensitive, as
// Windows' (`webserver` finds WebServer.inf; ASCII letters): the first
// directory with a match answers, and two files there that differ only in
// case are an error naming both.
inline template_found template_path(const std::string& name, const store::key_store& ks, const ca::local_ca& ca) {
    std::string dirs[] = {ks.root() + "/templates", ca.paths().templates()};
    if (name.empty() || name.find('/') != std::string::npos || name.front() == '.')
        return {std::nullopt, "template '" + name + "' not found (a template name is a file name without .inf)"};
    std::string want = name + ".inf";
    for (const std::string& dir : dirs) {
        if (!os::is_directory(dir)) continue;
        auto names = os::list_dir(dir);
        if (!names) return {std::nullopt, names.err().message};
        std::vector<std::string> hits;
        for (const std::string& n : *names)
            if (iequals(n, want) && !os::is_directory(dir + "/" + n)) hits.push_back(n);
        std::sort(hits.begin(), hits.end());
        if (hits.size() == 1) return {dir + "/" + hits.front(), {}};
        if (hits.size() > 1) {
            std::string list;
            for (auto& h : hits) list += (list.empty() ? "" : ", ") + h;
            return {std::nullopt, "template '" + name + "' is ambiguous: " + dir + " holds " + list +
                                          " (names differ only in case; rename or remove one)"};
        }
    }
    return {std::nullopt, "template '" + name + "' not found (looked for " + want + ", in any case, in " + dirs[0] + " and " +
                                  dirs[1] + ")"};
}

// enroll_result: the -new part (diagnostics bound to the INF), and then the CA's answer.
struct enroll_result {
    new_result request;
    std::optional<ca::outcome> answer;
    std::optional<installed> certificate;  // when issued and installed
    std::string error;                     // a failure outside the INF (store, CA, I/O)
    core::hresult hresult = core::hr::fail;  // with `error`: its Windows code
};

// enroll_made submits the request build_new made (out.request) and, when the
// CA issues it at once, installs the certificate with its key.
inline void enroll_made(enroll_result& out, ca::local_ca& ca, store::key_store* user_keys, store::key_store* machine_keys,
                        const new_options& opt) {
    if (!out.request.ok) return;
    if (out.request.is_certificate) {
        out.error = "the template makes a self-signed certificate (RequestType = Cert), not a request";
        out.hresult = core::hr::invalid_data;
        return;
    }
    store::key_store* ks = out.request.machine ? machine_keys : user_keys;
    if (!ks) {
        out.error = std::string("no ") + (out.request.machine ? "machine" : "user") + " store";
        return;
    }
    // As -submit reads it: a PKCS#7 renewal is unwrapped, its signature checked.
    auto req = read_request_input(out.request.der);
    if (!req) return void(out.error = req.err().message), void(out.hresult = core::hr::invalid_data);
    if (auto s = save_new(out.request, *ks, {}, false, false); !s)
        return void(out.error = s.err().message), void(out.hresult = s.err().hresult);
    auto answer = ca.submit(*req, opt.now);
    if (!answer) return void(out.error = answer.err().message), void(out.hresult = answer.err().hresult);
    out.answer = std::move(*answer);
    if (out.answer->rec.state != ca::status::issued) return;
    auto inst = accept_file(out.answer->cert_der, out.request.machine ? nullptr : ks, out.request.machine ? ks : nullptr, opt.access);
    if (!inst) return void(out.error = inst.err().message), void(out.hresult = inst.err().hresult);
    out.certificate = std::move(*inst);
}

// enroll runs the whole cycle for a template's INF.
inline enroll_result enroll(byte_view inf, std::string inf_name, ca::local_ca& ca, store::key_store* user_keys,
                            store::key_store* machine_keys, const new_options& opt) {
    enroll_result out;
    out.request = build_new(inf, std::move(inf_name), opt, user_keys, machine_keys);
    enroll_made(out, ca, user_keys, machine_keys, opt);
    return out;
}

// enroll runs the whole cycle for a request built in code (a renewal:
// verbs/renewal_request.hpp); `name` starts its diagnostics.
inline enroll_result enroll(model::request request, std::string name, ca::local_ca& ca, store::key_store* user_keys,
                            store::key_store* machine_keys, const new_options& opt) {
    enroll_result out;
    out.request = build_new(std::move(request), std::move(name), opt, user_keys, machine_keys);
    enroll_made(out, ca, user_keys, machine_keys, opt);
    return out;
}

}  // namespace certreq::verbs
