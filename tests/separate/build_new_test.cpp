// Separate compilation: a TU that includes certreq.hpp with
// CERTREQ_SEPARATE_COMPILATION gets declarations only (src.cpp defines them)
// and makes a signed request from INF text with verbs::build_new.
#include <doctest/doctest.h>

#include <string>

#include "certreq/certreq.hpp"
#include "csr_check.hpp"

// The INF reader's grammar stays in src.cpp: this TU parsed no Boost.Spirit
// (the guard of <boost/spirit/home/x3/core/parser.hpp>).
#if defined(BOOST_SPIRIT_X3_PARSER_OCTOBER_16_2008_0254PM)
#error "certreq.hpp pulled Boost.Spirit into a CERTREQ_SEPARATE_COMPILATION TU"
#endif

using namespace certreq;

TEST_CASE("separate compilation: build_new makes a signed P-256 request from INF text") {
    const std::string inf = "[NewRequest]\n"
                            "Subject = \"CN=www.example.com, O=Example Ltd, C=GB\"\n"
                            "KeyAlgorithm = ECDSA_P256\n"
                            "HashAlgorithm = SHA256\n";
    verbs::new_options opt;
    opt.now = 1700000000;
    auto n = verbs::build_new(as_bytes(inf), "sep.inf", opt);
    REQUIRE_MESSAGE(n.ok, n.diags().has_errors());
    CHECK_FALSE(n.is_certificate);
    CHECK(n.request.key.algorithm == model::key_algorithm::ec);
    auto c = csr_check::check(n.der, model::hash_algorithm::sha256);
    REQUIRE(c);
    CHECK(c->subject == "CN=www.example.com, O=Example Ltd, C=GB");
    CHECK(c->verifies);
    CHECK(verbs::output_text(n, false).rfind("-----BEGIN NEW CERTIFICATE REQUEST-----", 0) == 0);
}

TEST_CASE("separate compilation: build_new reports a bad INF at its line") {
    const std::string inf = "[NewRequest]\nSubject = \"CN=x\"\nKeyLength = twelve\n";
    auto n = verbs::build_new(as_bytes(inf), "bad.inf", {});
    CHECK_FALSE(n.ok);
    REQUIRE(n.diags().has_errors());
    bool at_line_3 = false;
    for (auto& item : n.diags().items()) at_line_3 |= item.level == severity::error && item.pos.line == 3;
    CHECK(at_line_3);
}
