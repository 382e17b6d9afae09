// The CA's own encoders: CRLDistributionPoints, AuthorityInfoAccess and the
// v2 CRL, byte for byte, and decoded back with libtasn1 against grammars/pkix.asn.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/x509/crl.hpp"
#include "certreq/x509/extensions/authority_info_access.hpp"
#include "certreq/x509/extensions/crl_distribution_points.hpp"

using certreq::store::to_hex;

TEST_CASE("CRLDistributionPoints: all URLs in the fullName of one DistributionPoint") {
    auto v = certreq::x509::crl_distribution_points({"http://a/c.crl", "ldap:///x"});
    REQUIRE(v);
    // 30 { 30 { a0 { a0 { 86 "http://a/c.crl" 86 "ldap:///x" } } } }
    CHECK(to_hex(*v) == "3021301fa01da01b860e687474703a2f2f612f632e63726c86096c6461703a2f2f2f78");
    auto d = certreq::asn1::decode(certreq::asn1::module::pkix, "CRLDistributionPoints", *v);
    REQUIRE(d);
    CHECK(d.value->count("?1.distributionPoint.fullName") == 2);
    CHECK_FALSE(certreq::x509::crl_distribution_points({}));
    CHECK_FALSE(certreq::x509::crl_distribution_points({"http://\xC3\xA9"}));  // not IA5
}

TEST_CASE("AuthorityInfoAccess: caIssuers, then OCSP") {
    auto v = certreq::x509::authority_info_access({"http://a/ca.cer"}, {"http://ocsp"});
    REQUIRE(v);
    CHECK(to_hex(*v) ==
          "3036301b" "06082b06010505073002" "860f687474703a2f2f612f63612e636572"
          "3017" "06082b06010505073001" "860b687474703a2f2f6f637370");
    auto d = certreq::asn1::decode(certreq::asn1::module::pkix, "AuthorityInfoAccessSyntax", *v);
    REQUIRE(d);
    CHECK(d.value->oid("?1.accessMethod") == "1.3.6.1.5.5.7.48.2");
    CHECK(d.value->oid("?2.accessMethod") == "1.3.6.1.5.5.7.48.1");
}

TEST_CASE("TBSCertList: v2, entries with and without reasonCode, AKI and cRLNumber") {
    std::vector<certreq::x509::revoked_entry> revoked = {{{0x01, 0x02}, 0, 0}, {{0x80}, 86400, 1}};
    const certreq::bytes alg = {0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};
    const certreq::bytes issuer = {0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, 0x41};
    const certreq::bytes key_id = {0xaa, 0xbb};
    certreq::x509::crl_fields f;
    f.signature_algorithm_der = alg;
    f.issuer_der = issuer;
    f.this_update = 0;
    f.next_update = 3600;
    f.revoked = &revoked;
    f.authority_key_id = key_id;
    f.crl_number = 5;
    auto tbs = certreq::x509::tbs_cert_list(f);
    REQUIRE(tbs);
    CHECK(to_hex(*tbs) ==
          "308194" "020101" "300a06082a8648ce3d040302" "300c310a300806035504030c0141"
          "170d3730303130313030303030305a" "170d3730303130313031303030305a"
          "3038"
          "3013" "02020102" "170d3730303130313030303030305a"
          "3021" "02020080" "170d3730303130323030303030305a" "300c300a0603551d1504030a0101"
          "a01d301b" "300d0603551d23040630048002aabb" "300a0603551d140403020105");
    auto d = certreq::asn1::decode(certreq::asn1::module::pkix, "TBSCertList", *tbs);
    REQUIRE(d);
    CHECK(d.value->count("revokedCertificates") == 2);
    revoked.push_back({{0x01}, 0, 7});  // 7 is not a CRLReason
    CHECK_FALSE(certreq::x509::tbs_cert_list(f));
}
