// x509/extensions/template_name.hpp: Microsoft's certificate template name
// extension (szOID_ENROLL_CERTTYPE_EXTENSION, 1.3.6.1.4.1.311.20.2).
//
//   CertificateTemplateName ::= BMPString      -- e.g. 1e 0e "WebServer" in UTF-16BE
//
// certreq.exe adds it for `[RequestAttributes] CertificateTemplate = X`, even
// when no Active Directory knows the template (spec §7.2).
#pragma once
#include "certreq/der/strings.hpp"
#include "certreq/model/extensions.hpp"

namespace certreq::x509 {

inline auto extension_value_of(const model::template_name& v) noexcept { return der::bmp_string(v.name); }

}  // namespace certreq::x509
