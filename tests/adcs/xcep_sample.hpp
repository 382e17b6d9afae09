// tests/adcs/xcep_sample.hpp: the GetPoliciesResponse the CEP tests read
// (tests/data/adcs/xcep/policies.xml; tests/data/README.md says where it comes from).
#pragma once
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "certreq/os/file.hpp"

namespace xcep_test {

inline std::string sample() {
    const char* data = std::getenv("CERTREQ_TEST_DATA");
    auto f = certreq::os::read_file(std::string(data && *data ? data : "data") + "/adcs/xcep/policies.xml");
    REQUIRE(f);
    return std::string(certreq::as_chars(*f));
}

}  // namespace xcep_test
