// Input files as certreq takes them (spec §1.4): DER, PEM with any label,
// bare base64, CRLF or LF, text around the block, UTF-16LE.
#include <doctest/doctest.h>

#include "certreq/asn1/identify.hpp"
#include "certreq/core/base64.hpp"
#include "certreq/pem/detect.hpp"
#include "test_util.hpp"

using namespace certreq;

namespace {
std::string framed(std::string_view label, byte_view der, std::string_view eol) {
    return "-----BEGIN " + std::string(label) + "-----" + std::string(eol) + base64::encode(der, 64, eol) +
           std::string(eol) + "-----END " + std::string(label) + "-----" + std::string(eol);
}
}  // namespace

TEST_CASE("pem: DER is taken as is") {
    bytes csr = test::sample_csr();
    auto in = pem::detect_and_decode(csr);
    REQUIRE(in);
    CHECK(in.enc == pem::encoding::der);
    CHECK(in.der == csr);
    CHECK(in.label.empty());
}

TEST_CASE("pem: any label, CRLF or LF, text around") {
    bytes csr = test::sample_csr();
    for (std::string_view label : {"NEW CERTIFICATE REQUEST", "CERTIFICATE REQUEST", "CERTIFICATE", "PKCS7", "CMS",
                                   "X509 CRL", "PRIVATE KEY"})
        for (std::string_view eol : {"\r\n", "\n"}) {
            std::string text = "Some text before\n" + framed(label, csr, eol) + "and after\n";
            auto in = pem::detect_and_decode(as_bytes(text));
            INFO(label);
            REQUIRE(in);
            CHECK(in.enc == pem::encoding::pem);
            CHECK(in.label == label);
            CHECK(in.der == csr);
            CHECK(in.blocks == 1);
        }
}

TEST_CASE("pem: bare base64, with or without line breaks and padding") {
    bytes csr = test::sample_csr();
    for (std::string text : {base64::encode(csr), base64::encode(csr, 64, "\r\n") + "\r\n", "  " + base64::encode(csr, 76, "\n") + "\n\n"}) {
        auto in = pem::detect_and_decode(as_bytes(text));
        REQUIRE(in);
        CHECK(in.enc == pem::encoding::base64);
        CHECK(in.der == csr);
    }
}

TEST_CASE("pem: UTF-16LE (certreq -unicodetext) and a UTF-8 BOM") {
    bytes csr = test::sample_csr();
    std::string text = framed("NEW CERTIFICATE REQUEST", csr, "\r\n");
    bytes wide = {0xFF, 0xFE};
    for (char c : text) wide.push_back(std::uint8_t(c)), wide.push_back(0);
    auto in = pem::detect_and_decode(wide);
    REQUIRE(in);
    CHECK(in.utf16);
    CHECK(in.der == csr);
    std::string bom = "\xEF\xBB\xBF" + base64::encode(csr);
    in = pem::detect_and_decode(as_bytes(bom));
    REQUIRE(in);
    CHECK(in.der == csr);
}

TEST_CASE("pem: the kind comes from the content, not the label") {
    bytes csr = test::sample_csr();
    std::string text = framed("CERTIFICATE", csr, "\n");
    auto in = pem::detect_and_decode(as_bytes(text));
    REQUIRE(in);
    CHECK(asn1::identify(in.der) == asn1::content_kind::request);
}

TEST_CASE("pem: errors with offsets") {
    auto err = [](std::string_view text) {
        auto in = pem::detect_and_decode(as_bytes(text));
        REQUIRE_FALSE(in);
        return *in.error;
    };
    CHECK(err("").message == "empty file");
    CHECK(err(" \r\n ").message == "file holds only white space");
    auto e = err("-----BEGIN CERTIFICATE-----\nMIIB\n");
    CHECK(e.message == "missing -----END CERTIFICATE-----");
    e = err("-----BEGIN X-----\nMII!\n-----END X-----\n");
    CHECK(e.message == "bad base64: not a base64 character");
    CHECK(e.offset == 21);
    e = err("hello, world");
    CHECK(e.message == "bad base64: not a base64 character");
    CHECK(e.offset == 5);
    // Binary that is not valid DER is passed on as DER: the DER checks report it precisely.
    bytes binary = {0x30, 0x82, 0x01};
    auto in = pem::detect_and_decode(binary);
    REQUIRE(in);
    CHECK(in.enc == pem::encoding::der);
    CHECK(in.der == binary);
}

TEST_CASE("pem::read_block: label, body and the offsets of each block; malformed blocks are errors") {
    std::string text = "junk\n-----BEGIN A-----\nQUJD\n-----END A-----\nmid\n-----BEGIN B-----\r\nProc-Type: 4\r\n\r\nREVG\r\n-----END B-----";
    auto a = pem::read_block(text);
    REQUIRE(a);
    CHECK(a->begin == 5);
    CHECK(a->label == "A");
    CHECK(a->body == "\nQUJD\n");
    CHECK(text.substr(a->end, 3) == "mid");
    auto b = pem::read_block(text, a->end);
    REQUIRE(b);
    CHECK(b->label == "B");
    CHECK(b->body == "REVG\r\n");  // the RFC 1421 header and its empty line skipped
    CHECK(b->end == text.size());
    CHECK(pem::count_blocks(text) == 2);
    CHECK_FALSE(pem::read_block(text, b->end));  // no more blocks

    auto open = pem::read_block("-----BEGIN A\nQUJD\n");
    REQUIRE_FALSE(open);
    CHECK(open.err().message == "unterminated -----BEGIN line");
    CHECK(open.err().offset == 0);
    auto unended = pem::read_block("x-----BEGIN A-----\nQUJD\n-----END B-----\n");
    REQUIRE_FALSE(unended);
    CHECK(unended.err().message == "missing -----END A-----");
}
