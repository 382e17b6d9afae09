// Separate compilation, a third TU: the verbs' run_* entry points, declared
// only here (certreq/src.hpp defines them in src.cpp): -new writes a request
// and its key to scratch stores, -dump reads the request back, -accept fails
// cleanly on it (a request is no certificate).
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "certreq/verbs/run_accept.hpp"
#include "certreq/verbs/run_dump.hpp"
#include "certreq/verbs/run_new.hpp"
#include "../verbs/scratch.hpp"

#if defined(BOOST_SPIRIT_X3_PARSER_OCTOBER_16_2008_0254PM)
#error "verbs/run_new.hpp pulled Boost.Spirit into a CERTREQ_SEPARATE_COMPILATION TU"
#endif

using namespace certreq;

TEST_CASE("separate compilation: run_new, then run_dump of its output, then run_accept refuses it") {
    scratch_stores dir;
    std::ofstream(dir / "s.inf", std::ios::binary)
        << "[NewRequest]\nSubject = \"CN=separate.example.com\"\nKeyAlgorithm = ECDSA_P256\n";
    verbs::run_options ro;
    auto made = verbs::run_new(dir / "s.inf", dir / "s.req", {}, ro);
    REQUIRE_MESSAGE(made.ok(), made.messages());
    CHECK(made.results() == "CertReq: Request Created\n");

    auto dumped = verbs::run_dump(dir / "s.req", false, false);
    CHECK(dumped.ok());
    CHECK(dumped.results().find("CN=separate.example.com") != std::string::npos);

    auto accepted = verbs::run_accept(dir / "s.req", {}, ro.access);
    CHECK_FALSE(accepted.ok());
    CHECK(accepted.results().empty());
}
