// x509/extensions/certificate_policies.hpp (RFC 5280 §4.2.1.4); also
// Microsoft's application policies 1.3.6.1.4.1.311.21.10 (same syntax).
//
//   certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
//   PolicyInformation ::= SEQUENCE {
//        policyIdentifier   CertPolicyId,
//        policyQualifiers   SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo OPTIONAL }
//   PolicyQualifierInfo ::= SEQUENCE {
//        policyQualifierId  PolicyQualifierId,
//        qualifier          ANY DEFINED BY policyQualifierId }
//   CPSuri ::= IA5String
//   UserNotice ::= SEQUENCE {
//        noticeRef        NoticeReference OPTIONAL,   -- never written
//        explicitText     DisplayText OPTIONAL }
//   DisplayText ::= CHOICE { ia5String, visibleString, bmpString, utf8String }
//
// explicitText is written as UTF8String: RFC 5280 says conforming CAs SHOULD
// use it (the spec notes certreq may write BMPString: unverified). A CPS URI
// is written as IA5String as given (the model checks it is ASCII).
#pragma once
#include <cstddef>
#include <string_view>

#include "certreq/der/constructed.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/strings.hpp"
#include "certreq/der/writer.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::x509 {

// cps_qualifier: SEQUENCE { id-qt-cps, CPSuri }.
inline auto cps_qualifier(std::string_view uri) noexcept { return der::sequence(oids::qt_cps, der::ia5_string(uri)); }
// user_notice_qualifier: SEQUENCE { id-qt-unotice, UserNotice { explicitText UTF8String } }.
inline auto user_notice_qualifier(std::string_view text) noexcept {
    return der::sequence(oids::qt_unotice, der::sequence(der::utf8_string(text)));
}

// policy_qualifier_info: SEQUENCE { id-qt-cps, IA5String } or SEQUENCE { id-qt-unotice, UserNotice }.
class policy_qualifier_info {
public:
    explicit policy_qualifier_info(const model::policy_qualifier& q) noexcept
        : q_(&q), size_(q.type == model::policy_qualifier::kind::cps ? cps_qualifier(q.text).encoded_size()
                                                             : user_notice_qualifier(q.text).encoded_size()) {}
    std::size_t encoded_size() const noexcept { return size_; }
    void write(der::writer& w) const noexcept {
        if (q_->type == model::policy_qualifier::kind::cps)
            cps_qualifier(q_->text).write(w);
        else
            user_notice_qualifier(q_->text).write(w);
    }

private:
    const model::policy_qualifier* q_;
    std::size_t size_;
};

// policy_information: SEQUENCE { policyIdentifier, policyQualifiers OPTIONAL }.
inline auto policy_information(const model::policy_information& p) {
    return der::sequence(
        der::oid_dotted(p.oid),
        der::when(!p.qualifiers.empty(), der::sequence_of(p.qualifiers, [](const model::policy_qualifier& q) {
                      return policy_qualifier_info(q);
                  })));
}

inline auto extension_value_of(const model::certificate_policies& v) {
    return der::sequence_of(v.policies, [](const model::policy_information& p) { return policy_information(p); });
}

}  // namespace certreq::x509
