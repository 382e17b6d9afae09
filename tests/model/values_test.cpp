#include "certreq/model/values.hpp"

#include <doctest/doctest.h>

#include "helpers.hpp"

using namespace certreq;
using namespace certreq::model;
using certreq::model::test::at;
using certreq::model::test::messages;

TEST_CASE("parse_bool: TRUE/FALSE, Yes/No, 1/0 in any case") {
    diagnostics d;
    for (auto s : {"TRUE", "true", "Yes", "YES", "1", " True "}) CHECK(parse_bool(at(s), "Exportable", d) == true);
    for (auto s : {"FALSE", "false", "No", "no", "0"}) CHECK(parse_bool(at(s), "Exportable", d) == false);
    CHECK(d.empty());
    CHECK_FALSE(parse_bool(at("maybe", 3, 14), "Exportable", d));
    CHECK(messages(d) == "3:14: error: Exportable: expected TRUE or FALSE, got \"maybe\"");
}

TEST_CASE("parse_number: decimal and 0x hex, errors at the value") {
    diagnostics d;
    CHECK(parse_number(at("2048"), "KeyLength", d) == 2048u);
    CHECK(parse_number(at("0xa0"), "KeyUsage", d) == 0xa0u);
    CHECK(parse_number(at("0XFD00"), "RequestType", d) == 0xfd00u);
    CHECK(d.empty());
    CHECK_FALSE(parse_number(at("banana", 5, 13), "KeyLength", d));
    CHECK_FALSE(parse_number(at("  12x", 6, 1), "KeyLength", d));
    CHECK_FALSE(parse_number(at("4294967296", 7, 1), "KeyLength", d));
    CHECK(messages(d) == "5:13: error: KeyLength: expected a number, got \"banana\"\n"
                         "6:3: error: KeyLength: expected a number, got \"12x\"\n"
                         "7:1: error: KeyLength: 4294967296 is too large (at most 4294967295)");
}

TEST_CASE("parse_flags: symbolic names and numbers joined by |") {
    diagnostics d;
    CHECK(parse_flags(at("CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_ENCIPHERMENT_KEY_USAGE"), "KeyUsage",
                      key_usage_names, d) == 0xa0u);
    CHECK(parse_flags(at("cert_decipher_only_key_usage|0x80"), "KeyUsage", key_usage_names, d) == 0x8080u);
    CHECK(parse_flags(at("0xa0"), "KeyUsage", key_usage_names, d) == 0xa0u);
    CHECK(parse_flags(at("CERT_NAME_STR_REVERSE_FLAG|CERT_NAME_STR_SEMICOLON_FLAG"), "X500NameFlags",
                      x500_name_flag_names, d) == 0x42000000u);
    CHECK(d.empty());
    CHECK_FALSE(parse_flags(at("CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_BOGUS", 9, 12), "KeyUsage", key_usage_names, d));
    CHECK_FALSE(parse_flags(at("0x80 |", 10, 1), "KeyUsage", key_usage_names, d));
    CHECK(messages(d) == "9:47: error: KeyUsage: unknown flag \"CERT_BOGUS\"\n10:7: error: KeyUsage: empty flag name");
}

TEST_CASE("parse_enum: names, numbers that are members, otherwise a listed error") {
    diagnostics d;
    CHECK(parse_enum(at("AT_KEYEXCHANGE"), "KeySpec", key_spec_names, d) == 1u);
    CHECK(parse_enum(at("2"), "KeySpec", key_spec_names, d) == 2u);
    CHECK(parse_enum(at("cmc"), "RequestType", request_type_names, d) == 3u);
    CHECK(parse_enum(at("64768"), "RequestType", request_type_names, d) == 0xfd00u);
    CHECK(d.empty());
    CHECK_FALSE(parse_enum(at("7", 2, 11), "KeySpec", key_spec_names, d));
    CHECK(messages(d) == "2:11: error: KeySpec: unknown value \"7\" (expected AT_NONE, AT_KEYEXCHANGE, AT_SIGNATURE)");
}

TEST_CASE("is_dotted_oid") {
    CHECK(is_dotted_oid("1.3.6.1.5.5.7.3.1"));
    CHECK(is_dotted_oid("2.999"));
    CHECK(is_dotted_oid("0.9.2342.19200300.100.1.25"));
    CHECK_FALSE(is_dotted_oid("1"));
    CHECK_FALSE(is_dotted_oid("3.1"));
    CHECK_FALSE(is_dotted_oid("1.40"));
    CHECK_FALSE(is_dotted_oid("1..2"));
    CHECK_FALSE(is_dotted_oid("1.2."));
    CHECK_FALSE(is_dotted_oid("1.02"));
    CHECK_FALSE(is_dotted_oid("1.2a"));
}

TEST_CASE("quote shortens long values between UTF-8 characters") {
    CHECK(quote("abc") == "\"abc\"");
    CHECK(quote(std::string(60, 'a')) == "\"" + std::string(60, 'a') + "\"");
    CHECK(quote(std::string(61, 'a')) == "\"" + std::string(57, 'a') + "...\"");
    // 56 ASCII bytes, then é (bytes 56-57): the cut at 57 would split it.
    std::string s = std::string(56, 'a') + "\xC3\xA9" + std::string(10, 'b');
    CHECK(quote(s) == "\"" + std::string(56, 'a') + "...\"");
}
