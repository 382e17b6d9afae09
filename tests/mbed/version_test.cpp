// mbed/version.hpp and mbed/compat.hpp: the mbedTLS the tests link is the one
// whose headers they were compiled with (a -Dmbedtls_prefix build must not
// pick up the system's 2.28 for one of the two).
#include "certreq/mbed/version.hpp"

#include <doctest/doctest.h>

#include "certreq/mbed/compat.hpp"

using namespace certreq;

TEST_CASE("mbed::library_version: the linked mbedTLS is the one of the headers") {
    CHECK(mbed::library_version() == mbed::header_version());
    CHECK(mbed::header_version().starts_with(CERTREQ_MBEDTLS3 ? "3." : "2.28."));
    MESSAGE("mbedTLS " << mbed::library_version());
}
