// text/idna.hpp: internationalized host names to their ASCII form, through
// libidn2 (the only includer of idn2.h): IDNA2008 with the UTS #46 mapping
// (non-transitional), so "BÜCHER.example" is "xn--bcher-kva.example" as
// browsers and CAs spell it, and every length and validity check of the
// standard applies (a label over 63 octets, a disallowed code point ... are
// errors with libidn2's reason). Used for CERT_NAME_STR_ENABLE_PUNYCODE_FLAG.
//
// A constrained build that never sees internationalized e-mail hosts can
// define CERTREQ_NO_IDNA: no libidn2 (and its libunistring tables) is
// linked, and such a host is an error saying so.
#pragma once
#if !defined(CERTREQ_NO_IDNA)
#include <idn2.h>
#endif

#include <memory>
#include <string>
#include <string_view>

#include "certreq/core/result.hpp"

namespace certreq::text {

// host_to_ascii returns the A-label form of `host` (UTF-8), or libidn2's
// reason for refusing it.
inline core::result<std::string> host_to_ascii(std::string_view host) {
    std::string in(host);  // idn2 wants a NUL-terminated string
    if (in.find('\0') != std::string::npos) return core::error("a NUL character in the host name");
#if defined(CERTREQ_NO_IDNA)
    return core::error("this build has no IDNA support (CERTREQ_NO_IDNA)");
#else
    char* out = nullptr;
    int rc = idn2_to_ascii_8z(in.c_str(), &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    std::unique_ptr<char, decltype(&idn2_free)> owned(out, &idn2_free);
    if (rc != IDN2_OK) return core::error(idn2_strerror(rc));
    return std::string(out);
#endif
}

}  // namespace certreq::text
