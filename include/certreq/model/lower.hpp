// model/lower.hpp: inf::document -> model::request, the semantic step of
// `certreq -new`. Every [NewRequest] key of spec §3 is read here; keys that
// only matter on Windows are accepted with a note; unknown keys are warnings;
// bad values are errors at their line:column.
//
// Decisions (also in the README: INF reference, decisions):
//  - Extension order as certreq.exe writes it (model/extension_order.hpp):
//    template name, explicit KeyUsage, [Extensions] lines in file order and
//    the policy-style sections (EKU, policies, policy constraints, mappings,
//    name constraints), SMIME capabilities, BasicConstraints, AKI, SKI (empty
//    id = computed from the key later), a defaulted KeyUsage last.
//    `Critical = a,b` of [Extensions] is applied at the end, to any of them.
//  - Defaults as real certreq.exe (spec §7.2): no ProviderName -> "Microsoft
//    Strong Cryptographic Provider" for RSA ("Microsoft Software Key Storage
//    Provider" for EC keys, which legacy CSPs cannot hold); no KeySpec -> 2
//    (AT_SIGNATURE) for RSA in a legacy CSP, 0 (AT_NONE) in a key storage
//    provider. Default KeyUsage when the INF gives none: RSA KeySpec 2 -> 0x80,
//    KeySpec 1 -> 0x20, KeySpec 0 -> 0xa0; ECDSA -> 0x80, ECDH -> 0x08. It is a
//    default, so SuppressDefaults drops it, as it drops the SKI.
//  - `[RequestAttributes] CertificateTemplate = X` (or -attrib) adds the
//    template-name extension 1.3.6.1.4.1.311.20.2 (BMPString X), as certreq.exe
//    does even when no AD knows the template; also under SuppressDefaults,
//    since the INF asked for the template.
//  - The same extension from a section and from [Extensions] is merged into
//    one, as certreq.exe does (spec §10.1), with a warning: BasicConstraints
//    takes cA from either and the section's PathLength, EKU the union in
//    order; critical if either is. Other pairs keep the [Extensions] value
//    (warning); the same OID twice in [Extensions] is an error.
//  - SubjectNameFlags fills what this machine knows (see subject_from_flags).
//  - A key given twice in [NewRequest]: the first wins (SetupAPI's
//    SetupFindFirstLine), a warning points at the second.
//  - SMIME = TRUE adds AES-256/192/128-CBC and 3DES-CBC capabilities.
//
// Defined in model/lower.ipp (core/config.hpp: with CERTREQ_SEPARATE_COMPILATION
// a TU that calls lower() compiles none of it).
#pragma once
#include <string>

#include "certreq/core/config.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/model/request.hpp"
#include "certreq/model/requester.hpp"

namespace certreq::model {

struct lower_options {
    // attrib is certreq's `-attrib "Name:Value\nName2:Value2"`, appended to [RequestAttributes].
    std::string attrib;
    // bmp_unicode_strings: encode non-printable Subject text as
    // BMPString, as CertStrToName does by default, instead of UTF8String.
    bool bmp_unicode_strings = false;
    // ca_policy: the file is a CAPolicy.inf (local CA, `certreq -ca init`):
    // [NewRequest] is optional, [certsrv_server], [CRLDistributionPoint] and
    // [AuthorityInformationAccess] are known (ca/policy.hpp reads them), and
    // no default KeyUsage/SKI is added (the CA adds its own).
    bool ca_policy = false;
    // requester: what SubjectNameFlags fill the subject and SAN with (Windows
    // reads them from Active Directory; verbs/host_identity.hpp fills them).
    requester_identity requester;
};

struct lower_result {
    request req;
    bool ok = false;  // no errors were reported
};

// lower turns a read INF document into a request. Diagnostics go to `d`
// (errors, warnings, and notes for Windows-only keys); `ok` is false if any
// error was reported, and then `req` must not be used.
CERTREQ_DECL lower_result lower(const inf::document& doc, diagnostics& d, const lower_options& opt = {});

}  // namespace certreq::model

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/model/lower.ipp"
#endif
