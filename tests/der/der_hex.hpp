// tests/der/der_hex.hpp: der_hex encodes values (concatenated) and returns its bytes as hex
// (the form the byte-exact expectations are written in). Test-only.
#pragma once
#include <doctest/doctest.h>

#include <string>

#include "certreq/der/writer.hpp"
#include "hex.hpp"

namespace certreq::test {

template <der::encodable... Ts>
std::string der_hex(const Ts&... v) {
    auto r = der::encode(v...);
    REQUIRE(r);
    return to_hex(*r);
}

}  // namespace certreq::test
