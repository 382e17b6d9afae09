// model/extensions/certificate_template.hpp: Microsoft's certificate template
// information 1.3.6.1.4.1.311.21.7 (szOID_CERTIFICATE_TEMPLATE): templateID,
// major and minor version. An INF gives it as base64/{hex}; a template from a
// policy server (verbs/enroll_from_policy.hpp) as this typed value. Written
// first, like the template name.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

struct certificate_template_info {
    std::string template_oid;  // dotted
    std::uint32_t major_version = 0;
    std::uint32_t minor_version = 0;
};

namespace ext {

struct certificate_template {
    using value = model::certificate_template_info;
    static constexpr extension_id ids[] = {{oids::ms_certificate_template.dotted(), {}, local_ca::copies, 0}};

    static constexpr std::string_view asn1_type = "CertificateTemplate";
    template <class Reader>
    static void dump(Reader& r) {
        r.n.add("templateID", r.oid_label(r.d.oid("templateID").value_or("?")));
        if (auto v = r.d.small_int("templateMajorVersion")) r.n.add("majorVersion", r.num(*v));
        if (auto v = r.d.small_int("templateMinorVersion")) r.n.add("minorVersion", r.num(*v));
    }
};

}  // namespace ext
}  // namespace certreq::model
