// mbed/error.hpp: error, what a failed mbedTLS call (or a refused input)
// reports: the mbedTLS code, the call that failed and the mbedtls_strerror text.
#pragma once
#include <mbedtls/error.h>

#include <cstdio>
#include <string>
#include <utility>

#include "certreq/core/error.hpp"

namespace certreq::mbed {

// error: `code` is the negative mbedTLS error code, or 0 when the adapter
// itself refused (unsupported algorithm, bad size, ...); `call` names the
// function that failed; `text` says what went wrong.
struct error {
    int code = 0;
    std::string call;
    std::string text;

    // message renders "call: text (-0x3D00)", or "call: text" when code is 0.
    std::string message() const {
        std::string out = call.empty() ? text : call + ": " + text;
        if (code != 0) {
            char hex[24];
            std::snprintf(hex, sizeof hex, " (-0x%04X)", static_cast<unsigned>(-code));
            out += hex;
        }
        return out;
    }

    // The one error type of the upper layers (core/error.hpp): the message, no HRESULT.
    operator core::error() const { return core::error(message()); }
};

// strerror returns mbedTLS's description of `code`.
inline std::string strerror(int code) {
    char buf[160];
    mbedtls_strerror(code, buf, sizeof buf);
    return buf;
}

// failed builds the error for mbedTLS call `call` returning `code`.
inline error failed(std::string call, int code) { return {code, std::move(call), strerror(code)}; }

// refused builds an error the adapter raises itself (code 0).
inline error refused(std::string call, std::string text) { return {0, std::move(call), std::move(text)}; }

}  // namespace certreq::mbed
