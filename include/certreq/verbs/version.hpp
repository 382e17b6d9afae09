// verbs/version.hpp: what `certreq --version` prints: this program's version
// and those of the libraries it was built with and runs on.
#pragma once
#include <string>

#include "certreq/asn1/version.hpp"
#include "certreq/core/version.hpp"
#include "certreq/inf/boost_version.hpp"
#include "certreq/mbed/version.hpp"

namespace certreq::verbs {

// version_text: "certreq 0.1.0\nmbed TLS 2.28.3\nlibtasn1 4.19.0\nBoost 1.74.0\n".
inline std::string version_text() {
    std::string out = "certreq ";
    out.append(certreq::version).append("\nmbed TLS ").append(mbed::library_version());
    if (mbed::library_version() != mbed::header_version()) out.append(" (built with ").append(mbed::header_version()).append(")");
    out.append("\nlibtasn1 ").append(asn1::library_version());
    out.append("\nBoost ").append(inf::boost_version()).append("\n");
    return out;
}

}  // namespace certreq::verbs
