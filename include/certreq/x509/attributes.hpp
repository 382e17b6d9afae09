// x509/attributes.hpp: the PKCS #10 attributes certreq writes (RFC 2986 §4.1,
// spec §5.2, §7.2).
//
//   Attribute ::= SEQUENCE { type OBJECT IDENTIFIER, values SET SIZE(1..MAX) OF ANY }
//   attributes [0] IMPLICIT SET OF Attribute      -- DER: sorted by encoding
//
//   extensionRequest 1.2.840.113549.1.9.14      SET { Extensions }
//   name/value pair  1.3.6.1.4.1.311.13.2.1     SET { SEQUENCE { BMPString name, BMPString value } }
//   OS version       1.3.6.1.4.1.311.13.2.3     SET { IA5String "10.0.19045.2" }
//   client info      1.3.6.1.4.1.311.21.20      SET { SEQUENCE { INTEGER clientId, UTF8String machine,
//                                                                UTF8String user, UTF8String process } }
//   CSP info         1.3.6.1.4.1.311.13.2.2     SET { SEQUENCE { INTEGER keySpec, BMPString provider,
//                                                                BIT STRING (empty: 03 01 00) } }
//   challengePassword 1.2.840.113549.1.9.7      SET { PrintableString, or UTF8String if not printable }
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/der/constructed.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/strings.hpp"
#include "certreq/der/tag.hpp"
#include "certreq/der/writer.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/x509/request_attributes.hpp"
#include "certreq/model/request.hpp"
#include "certreq/x509/extension.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::x509 {

inline auto extension_request_attribute(const std::vector<model::extension>& list) {
    return der::sequence(oids::extension_request, der::set_of(extensions(list)));
}

inline auto name_value_attribute(std::string_view name, std::string_view value) noexcept {
    return der::sequence(oids::ms_enrollment_name_value_pair,
                         der::set_of(der::sequence(der::bmp_string(name), der::bmp_string(value))));
}

inline auto os_version_attribute(std::string_view version) noexcept {
    return der::sequence(oids::ms_os_version, der::set_of(der::ia5_string(version)));
}

inline auto client_info_attribute(std::uint32_t client_id, std::string_view machine, std::string_view user,
                                  std::string_view process) noexcept {
    return der::sequence(oids::ms_request_client_info,
                         der::set_of(der::sequence(der::integer(client_id), der::utf8_string(machine),
                                                   der::utf8_string(user), der::utf8_string(process))));
}

inline auto csp_info_attribute(std::uint32_t key_spec, std::string_view provider) noexcept {
    return der::sequence(oids::ms_enrollment_csp_provider,
                         der::set_of(der::sequence(der::integer(key_spec), der::bmp_string(provider),
                                                   der::bit_string(byte_view{}))));
}

// challenge_password_value: PrintableString when every character allows it, else UTF8String.
class challenge_password_value {
public:
    explicit challenge_password_value(std::string_view pw) noexcept : pw_(pw), printable_(der::is_printable(pw)) {}
    std::size_t encoded_size() const noexcept { return der::tlv_size(pw_.size()); }
    void write(der::writer& w) const noexcept {
        if (printable_)
            der::printable_string(pw_).write(w);
        else
            der::utf8_string(pw_).write(w);
    }

private:
    std::string_view pw_;
    bool printable_;
};

inline auto challenge_password_attribute(std::string_view pw) noexcept {
    return der::sequence(oids::challenge_password, der::set_of(challenge_password_value(pw)));
}

// attributes_value: [0] IMPLICIT SET OF Attribute, sorted as DER requires.
// The fixed attributes are built once (their sizes computed once) and kept.
class attributes_value {
    using ext_request_t = decltype(extension_request_attribute(std::declval<const std::vector<model::extension>&>()));
    using os_t = decltype(os_version_attribute(std::string_view{}));
    using client_t = decltype(client_info_attribute(0, {}, {}, {}));
    using csp_t = decltype(csp_info_attribute(0, {}));

public:
    explicit attributes_value(const request_attributes& a) : a_(a) {
        if (a_.extensions && !a_.extensions->empty()) ext_request_.emplace(extension_request_attribute(*a_.extensions));
        if (const auto* d = a_.defaults) {
            os_.emplace(os_version_attribute(d->os_version));
            client_.emplace(client_info_attribute(d->client_id, d->machine, d->user, d->process));
            csp_.emplace(csp_info_attribute(a_.key_spec, d->provider_name));
        }
        each([&](const auto& v) { content_ += v.encoded_size(); });
    }
    std::size_t encoded_size() const noexcept { return der::tlv_size(content_); }
    void write(der::writer& w) const {
        w.header(der::tag::context_constructed(0), content_);
        std::size_t from = w.position();
        each([&](const auto& v) { v.write(w); });
        der::detail::finish_set(w, from);
    }

private:
    // each calls `f` with every attribute's DER value.
    template <class F>
    void each(F&& f) const {
        if (ext_request_) f(*ext_request_);
        for (const auto& nv : a_.name_values) f(name_value_attribute(nv.name, nv.value));
        if (os_) f(*os_);
        if (client_) f(*client_);
        if (csp_) f(*csp_);
        if (!a_.challenge_password.empty()) f(challenge_password_attribute(a_.challenge_password));
        for (byte_view e : a_.extra) f(der::raw(e));
    }

    request_attributes a_;
    std::optional<ext_request_t> ext_request_;
    std::optional<os_t> os_;
    std::optional<client_t> client_;
    std::optional<csp_t> csp_;
    std::size_t content_ = 0;
};

}  // namespace certreq::x509
