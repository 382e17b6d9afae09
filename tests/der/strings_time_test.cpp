#include <doctest/doctest.h>

#include "certreq/der/der.hpp"
#include "der_hex.hpp"

using namespace certreq;
using certreq::test::norm;
using certreq::test::to_hex;

using certreq::test::der_hex;

TEST_CASE("8-bit string types keep the octets") {
    CHECK(der_hex(der::printable_string(std::string_view("US"))) == norm("13 02 55 53"));
    CHECK(der_hex(der::ia5_string(std::string_view("a@b"))) == norm("16 03 61 40 62"));
    CHECK(der_hex(der::utf8_string(std::string_view("\xc3\xa9"))) == norm("0c 02 c3 a9"));   // é
    CHECK(der_hex(der::numeric_string(std::string_view("12 3"))) == norm("12 04 31 32 20 33"));
}

TEST_CASE("BMPString: UTF-8 to UTF-16BE, surrogate pairs above U+FFFF") {
    CHECK(der_hex(der::bmp_string("User")) == norm("1e 08 00 55 00 73 00 65 00 72"));
    CHECK(der_hex(der::bmp_string("")) == norm("1e 00"));
    CHECK(der_hex(der::bmp_string("\xc3\xa9")) == norm("1e 02 00 e9"));               // U+00E9
    CHECK(der_hex(der::bmp_string("\xe2\x82\xac")) == norm("1e 02 20 ac"));           // U+20AC
    CHECK(der_hex(der::bmp_string("\xef\xbf\xbf")) == norm("1e 02 ff ff"));           // U+FFFF
    CHECK(der_hex(der::bmp_string("\xf0\x90\x80\x80")) == norm("1e 04 d8 00 dc 00"));  // U+10000
    CHECK(der_hex(der::bmp_string("\xf0\x9f\x98\x80")) == norm("1e 04 d8 3d de 00"));  // U+1F600
    CHECK(der_hex(der::bmp_string("\xf4\x8f\xbf\xbf")) == norm("1e 04 db ff df ff"));  // U+10FFFF
    CHECK(der_hex(der::bmp_string("a\xf0\x9f\x98\x80z")) == norm("1e 08 00 61 d8 3d de 00 00 7a"));
}

TEST_CASE("text outside a string type's character set fails the encoding") {
    CHECK_FALSE(der::encode(der::bmp_string("\xff")));
    CHECK_FALSE(der::encode(der::bmp_string("\xc3")));                // truncated
    CHECK_FALSE(der::encode(der::bmp_string("\xc0\xaf")));            // overlong
    CHECK_FALSE(der::encode(der::bmp_string("\xed\xa0\x80")));        // surrogate
    CHECK_FALSE(der::encode(der::utf8_string(std::string_view("\xed\xa0\x80"))));
    CHECK_FALSE(der::encode(der::teletex_string("\xe2\x82\xac")));    // U+20AC has no Latin-1 form
    CHECK_FALSE(der::encode(der::printable_string(std::string_view("*.a"))));
    CHECK_FALSE(der::encode(der::ia5_string(std::string_view("\xc3\xa9"))));
    CHECK_FALSE(der::encode(der::numeric_string(std::string_view("1a"))));
    CHECK_FALSE(der::encode(der::visible_string(std::string_view("a\nb"))));
    CHECK(der_hex(der::visible_string(std::string_view("a b"))) == norm("1a 03 61 20 62"));
    CHECK(der_hex(der::bmp_string("\xef\xbf\xbd")) == norm("1e 02 ff fd"));  // a real U+FFFD is fine
    CHECK_FALSE(der::is_valid_utf8("\xed\xa0\x80"));
    CHECK_FALSE(der::is_valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
    CHECK(der::is_valid_utf8("\xef\xbf\xbd ok \xf0\x9f\x98\x80"));
}

TEST_CASE("TeletexString: Latin-1 octets") {
    CHECK(der_hex(der::teletex_string("caf\xc3\xa9")) == norm("14 04 63 61 66 e9"));
}

TEST_CASE("string type checks") {
    CHECK(der::is_printable("Test Org, Inc. (A-Z) 0-9 '+/:=?"));
    CHECK_FALSE(der::is_printable("*.example.com"));
    CHECK_FALSE(der::is_printable("a@b"));
    CHECK_FALSE(der::is_printable("a_b"));
    CHECK_FALSE(der::is_printable("a&b"));
    CHECK(der::is_ia5("a@b_*&"));
    CHECK_FALSE(der::is_ia5("\xc3\xa9"));
    CHECK(der::is_numeric("0123 456"));
    CHECK_FALSE(der::is_numeric("12a"));
}

TEST_CASE("Time: UTCTime for 1950-2049, GeneralizedTime outside (RFC 5280 4.1.2.5)") {
    struct {
        std::int64_t t;
        const char* der;
    } cases[] = {
        {0, "17 0d 37 30 30 31 30 31 30 30 30 30 30 30 5a"},                  // 700101000000Z
        {-631152001, "18 0f 31 39 34 39 31 32 33 31 32 33 35 39 35 39 5a"},   // 19491231235959Z
        {-631152000, "17 0d 35 30 30 31 30 31 30 30 30 30 30 30 5a"},         // 500101000000Z
        {2524607999, "17 0d 34 39 31 32 33 31 32 33 35 39 35 39 5a"},         // 491231235959Z
        {2524608000, "18 0f 32 30 35 30 30 31 30 31 30 30 30 30 30 30 5a"},   // 20500101000000Z
        {951782400, "17 0d 30 30 30 32 32 39 30 30 30 30 30 30 5a"},          // 000229000000Z (leap day 2000)
        {1700000000, "17 0d 32 33 31 31 31 34 32 32 31 33 32 30 5a"},         // 231114221320Z
        {253402300799, "18 0f 39 39 39 39 31 32 33 31 32 33 35 39 35 39 5a"}, // 99991231235959Z (no expiry)
    };
    for (auto& c : cases) {
        CAPTURE(c.t);
        CHECK(der_hex(der::time(c.t)) == norm(c.der));
    }
    CHECK(der::time(-1).text() == "691231235959Z");
    CHECK(der::time::generalized(0).text() == "19700101000000Z");
    CHECK(der::time(253402300800 + 86400).text() == "99991231235959Z");  // clamped
    CHECK(der::time(-62167219200 - 1).text() == "00000101000000Z");     // clamped
}

TEST_CASE("to_civil around leap years and negative times") {
    auto c = der::to_civil(-86400);
    CHECK(c.year == 1969);
    CHECK(c.month == 12);
    CHECK(c.day == 31);
    c = der::to_civil(4107542399);  // 2100-02-28T23:59:59Z (2100 is not a leap year)
    CHECK(c.year == 2100);
    CHECK(c.month == 2);
    CHECK(c.day == 28);
    c = der::to_civil(4107542400);
    CHECK(c.month == 3);
    CHECK(c.day == 1);
}
