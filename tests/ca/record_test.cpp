// ca::record (requests/<id>/record) and request ids.
#include <doctest/doctest.h>

#include "certreq/ca/authority.hpp"
#include "certreq/ca/record.hpp"

using certreq::ca::record;
using certreq::ca::status;

TEST_CASE("a revoked record round-trips through its file") {
    record r;
    r.id = 42;
    r.state = status::revoked;
    r.submitted = 1700000000;
    r.updated = 1700000100;
    r.serial = "4a0b0c0d0e0f10110000002a";
    r.subject = "CN=a, O=b";
    r.message = "Revoked";
    r.attrib = "CertificateTemplate:Web\\nSAN:dns=a";
    r.revoked_at = 1700000100;
    r.reason = 1;
    auto text = r.serialize();
    CHECK(text.find("status=revoked\n") != std::string::npos);
    CHECK(text.find("submitted=2023-11-14T22:13:20Z\n") != std::string::npos);
    auto back = record::parse(42, text);
    REQUIRE(back);
    CHECK(back->serialize() == text);
    CHECK(back->reason == 1);
    CHECK(back->attrib == r.attrib);
}

TEST_CASE("records that cannot be trusted are refused with the request named") {
    auto bad = record::parse(7, "status=issued\nsubmitted=2023-11-14T22:13:20Z\n");
    REQUIRE_FALSE(bad);
    CHECK(bad.err().message == "request 7: issued without a serial");
    auto odd = record::parse(8, "status=lost\nsubmitted=2023-11-14T22:13:20Z\n");
    REQUIRE_FALSE(odd);
    CHECK(odd.err().message == "request 8: unknown status 'lost'");
}

TEST_CASE("request ids: decimal or 0x hex") {
    using certreq::ca::local_ca;
    CHECK(local_ca::parse_id("20") == 20u);
    CHECK(local_ca::parse_id("0x14") == 20u);
    CHECK(local_ca::parse_id("0X1f") == 31u);
    CHECK_FALSE(local_ca::parse_id("1a"));
    CHECK_FALSE(local_ca::parse_id(""));
    CHECK_FALSE(local_ca::parse_id("0x"));
}
