// verbs/ca_admin.hpp: the library side of our local-CA admin verbs:
//
//   certreq -ca init [-config DIR] [CAPolicy.inf]
//   certreq -ca list [-config DIR]
//   certreq -ca issue|deny RequestId [-config DIR]
//   certreq -ca revoke Serial [Reason] [-config DIR]
//   certreq -ca crl [-config DIR] out
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/asn1/views.hpp"
#include "certreq/asn1/name_text.hpp"
#include "certreq/ca/authority.hpp"
#include "certreq/ca/policy.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/read.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/verbs/ca_token.hpp"
#include "certreq/verbs/new_token.hpp"
#include "certreq/verbs/stored_key.hpp"

namespace certreq::verbs {

// ca_init_result: the CA (when made) and the diagnostics of the policy INF,
// bound to its text so they print with line and caret.
struct ca_init_result {
    std::optional<ca::local_ca> ca;
    inf::read_result inf;
    std::string error;  // a failure that is not about the INF (I/O, crypto)
    core::hresult hresult = core::hr::none;  // with `error`: its Windows code
};

// init_ca creates a CA in `dir` from a CAPolicy.inf (`policy` empty: the
// defaults, P-256 and 10 years). A [NewRequest] ProviderName or KeyContainer
// that selects a token puts the CA key there (verbs/ca_token.hpp; `access`:
// its PIN); a key made there is removed again if the CA cannot be made.
inline ca_init_result init_ca(const std::string& dir, byte_view policy, std::string policy_name, std::int64_t now,
                              const mbed::keygen_progress& progress = {}, const key_access& access = {}) {
    ca_init_result out;
    ca::settings s;
    s.key = {model::key_algorithm::ec, model::curve::p256, 0, false};
    if (!policy.empty()) {
        out.inf = inf::read(policy, std::move(policy_name));
        if (out.inf.diags.has_errors()) return out;
        auto p = ca::read_policy(out.inf.doc, out.inf.diags);
        if (!p.ok) return out;
        s = std::move(p.value);
    } else {
        auto p = ca::read_policy(inf::document{}, out.inf.diags);
        s = std::move(p.value);
    }
    std::shared_ptr<const stored_key> token_key;
    if (!s.provider_name.empty() || !s.key_container.empty()) {
        if (ca::local_ca::exists(dir)) {  // before a key is made on a token for nothing
            out.error = dir + ": a CA already exists here";
            out.hresult = core::from_errno(EEXIST);
            return out;
        }
        bool failed = false;
        token_key = make_ca_token_key(s, out.inf.doc, access, out.inf.diags, failed);
        if (failed) return out;
    }
    auto c = ca::local_ca::init(dir, s, as_chars(policy), now, progress, ca_key_source(access, token_key));
    if (!c && token_key) destroy_token_key(*token_key);
    if (!c) {
        out.error = c.err().message;
        out.hresult = c.err().hresult;
        return out;
    }
    out.ca.emplace(std::move(*c));
    return out;
}

// reason_code reads a CRLReason by number or RFC 5280 name; nullopt if unknown.
inline std::optional<std::uint8_t> reason_code(std::string_view s) {
    static constexpr std::string_view names[] = {"unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
                                                 "superseded", "cessationOfOperation", "certificateHold", "",
                                                 "removeFromCRL", "privilegeWithdrawn", "aACompromise"};
    if (s.size() <= 2 && !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos) {
        int v = std::stoi(std::string(s));
        return v <= 10 && v != 7 ? std::optional<std::uint8_t>(std::uint8_t(v)) : std::nullopt;
    }
    for (std::size_t i = 0; i < std::size(names); ++i)
        if (!names[i].empty() && inf::iequals(names[i], s)) return std::uint8_t(i);
    return std::nullopt;
}

// subject_of returns a certificate's subject as text ("" if it does not decode).
inline std::string subject_of(byte_view cert_der) {
    auto d = asn1::read_certificate(cert_der);
    auto s = d ? d->subject() : std::nullopt;
    return s ? asn1::name_text(*s) : std::string();
}

// list_text renders `-ca list`: one line per request.
//   RequestId  Status   Submitted             Serial                    Subject
inline std::string list_text(const std::vector<ca::record>& records) {
    std::string out = "RequestId  Status   Submitted             Serial                    Subject\n";
    for (auto& r : records) {
        std::string id = std::to_string(r.id);
        std::string st(ca::to_string(r.state));
        out += id + std::string(id.size() < 11 ? 11 - id.size() : 1, ' ');
        out += st + std::string(st.size() < 9 ? 9 - st.size() : 1, ' ');
        out += store::format_time(r.submitted) + "  ";
        std::string serial = r.serial.empty() ? "-" : r.serial;
        out += serial + std::string(serial.size() < 26 ? 26 - serial.size() : 1, ' ');
        out += r.subject + "\n";
    }
    return out;
}

}  // namespace certreq::verbs
