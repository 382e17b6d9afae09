// model/extensions/template_name.hpp: Microsoft's certificate template name
// 1.3.6.1.4.1.311.20.2 (szOID_ENROLL_CERTTYPE_EXTENSION), a BMPString, added
// for `[RequestAttributes] CertificateTemplate = X` (spec §7.2) and written first.
#pragma once
#include <string>
#include <string_view>

#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model {

struct template_name { std::string name; };

namespace ext {

struct template_name {
    using value = model::template_name;
    static constexpr extension_id ids[] = {{oids::ms_certificate_template_name.dotted(), {}, local_ca::copies, 0}};

    static constexpr std::string_view asn1_type = "CertificateTemplateName";
    template <class Reader>
    static void dump(Reader& r) {
        r.n.add("templateName", r.d.text("").value_or(""));
    }
};

}  // namespace ext
}  // namespace certreq::model
