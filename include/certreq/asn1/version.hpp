// asn1/version.hpp: the libtasn1 in use (the linked library's own report).
#pragma once
#include <libtasn1.h>

#include <string>

namespace certreq::asn1 {

inline std::string library_version() {
    const char* v = asn1_check_version(nullptr);
    return v ? v : ASN1_VERSION;
}

}  // namespace certreq::asn1
