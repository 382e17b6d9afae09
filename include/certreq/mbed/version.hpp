// mbed/version.hpp: the mbedTLS in use: the version the headers declare and
// the one the linked library reports (they differ when a shared library was
// swapped under the binary).
#pragma once
#include <mbedtls/version.h>

#include <string>

namespace certreq::mbed {

inline std::string header_version() { return MBEDTLS_VERSION_STRING; }

inline std::string library_version() {
#if defined(MBEDTLS_VERSION_C)
    char v[18] = {};  // "x.y.z" at most 9 bytes; the API asks for 9 or more
    mbedtls_version_get_string(v);
    return v;
#else
    return MBEDTLS_VERSION_STRING;
#endif
}

}  // namespace certreq::mbed
