// cms/oids.hpp: the OIDs of CMS (RFC 5652), CMC (RFC 5272) and the Microsoft
// CMC extras certreq writes, as compile-time literals. Kept here rather than in
// x509/oids.hpp: only cms/ and cmc/ use them.
#pragma once
#include "certreq/der/oid.hpp"

namespace certreq::cms::oids {

using der::oid_literal;

// RFC 5652 content types and attributes.
inline constexpr oid_literal data{"1.2.840.113549.1.7.1"};            // id-data
inline constexpr oid_literal signed_data{"1.2.840.113549.1.7.2"};     // id-signedData
inline constexpr oid_literal enveloped_data{"1.2.840.113549.1.7.3"};  // id-envelopedData
inline constexpr oid_literal signing_time{"1.2.840.113549.1.9.5"};    // id-signingTime

// RFC 5272 CMC.
inline constexpr oid_literal cct_pki_data{"1.3.6.1.5.5.7.12.2"};      // id-cct-PKIData
inline constexpr oid_literal cct_pki_response{"1.3.6.1.5.5.7.12.3"};  // id-cct-PKIResponse
inline constexpr oid_literal cmc_status_info{"1.3.6.1.5.5.7.7.1"};    // id-cmc-statusInfo
inline constexpr oid_literal cmc_add_extensions{"1.3.6.1.5.5.7.7.8"}; // id-cmc-addExtensions
inline constexpr oid_literal cmc_reg_info{"1.3.6.1.5.5.7.7.18"};      // id-cmc-regInfo
inline constexpr oid_literal cmc_status_info_v2{"1.3.6.1.5.5.7.7.25"}; // id-cmc-statusInfoV2

// Microsoft (wincrypt.h names). contentType, messageDigest and the request
// attributes (renewal certificate, archived key...) are in x509/oids.hpp.
inline constexpr oid_literal ms_cmc_attributes{"1.3.6.1.4.1.311.10.10.1"};       // szOID_CMC_ADD_ATTRIBUTES

}  // namespace certreq::cms::oids
