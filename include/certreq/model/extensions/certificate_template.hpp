// model/extensions/certificate_template.hpp: Microsoft's certificate template
// information 1.3.6.1.4.1.311.21.7 (szOID_CERTIFICATE_TEMPLATE): templateID,
// major and minor version. Given as base64/{hex}; written first, like the
// template name.
#pragma once
#include <string_view>

#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model::ext {

struct certificate_template {
    static constexpr extension_id ids[] = {{oids::ms_certificate_template.dotted(), {}, local_ca::copies, 0}};

    static constexpr std::string_view asn1_type = "CertificateTemplate";
    template <class Reader>
    static void dump(Reader& r) {
        r.n.add("templateID", r.oid_label(r.d.oid("templateID").value_or("?")));
        if (auto v = r.d.small_int("templateMajorVersion")) r.n.add("majorVersion", r.num(*v));
        if (auto v = r.d.small_int("templateMinorVersion")) r.n.add("minorVersion", r.num(*v));
    }
};

}  // namespace certreq::model::ext
