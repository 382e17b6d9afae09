// tests/scep/vectors.hpp: loads the captured SCEP vectors (tests/data/vectors/scep).
#pragma once
#include <cstdlib>
#include <string>

#include "certreq/core/bytes.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/os/file.hpp"
#include "certreq/pem/detect.hpp"

namespace scep_test {

inline std::string vector_path(const std::string& name) {
    const char* data = std::getenv("CERTREQ_TEST_DATA");
    return std::string(data && *data ? data : "data") + "/vectors/scep/" + name;
}

// der reads a vector file; PEM files are decoded to their first block's DER.
inline certreq::bytes file(const std::string& name) {
    auto raw = certreq::os::read_file(vector_path(name));
    if (!raw) return {};
    auto d = certreq::pem::detect_and_decode(*raw);
    return d ? d.der : certreq::bytes{};
}

inline certreq::mbed::private_key key(const std::string& name) {
    auto raw = certreq::os::read_file(vector_path(name));
    auto k = certreq::mbed::private_key::load(raw ? certreq::byte_view(*raw) : certreq::byte_view{});
    return std::move(*k);
}

}  // namespace scep_test
