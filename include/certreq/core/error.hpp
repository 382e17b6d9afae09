// core/error.hpp: error, the one failure a call reports to the verbs and the
// driver: what failed in words a user can act on, and where known the Windows
// HRESULT certreq.exe reports for it, the place in the input (a text position,
// a DER offset, an element path) and the errno of a failed system call.
// The file layer (os/) reports it as it is; mbed::error and p11::error keep
// their detail (the call, the CKR_ code) and convert to this one.
#pragma once
#include <cstddef>
#include <limits>
#include <string>
#include <utility>

#include "certreq/core/hresult.hpp"
#include "certreq/core/position.hpp"

namespace certreq::core {

struct error {
    static constexpr std::size_t no_offset = std::numeric_limits<std::size_t>::max();

    std::string message;               // complete and printable; never holds a secret
    core::hresult hresult = hr::none;  // none: the caller chooses (E_FAIL, or its own)
    position pos{};                    // in a text input (INF, CAPolicy), when known
    std::size_t offset = no_offset;      // a byte offset in the input (DER, base64 or PEM text), when known
    std::string element;               // an ASN.1 or XML element path, when known
    int os_errno = 0;                  // a failed system call's errno

    error() = default;
    explicit error(std::string text, core::hresult code = hr::none) : message(std::move(text)), hresult(code) {}

    // text: the message, and the element path when known, on one line.
    std::string text() const { return element.empty() ? message : message + " (element '" + element + "')"; }

    // with_context puts `what` (e.g. `KeyContainer "k"`) before the message.
    error with_context(const std::string& what) const& {
        error e = *this;
        e.message = what + ": " + e.message;
        return e;
    }
};

// bad_data: an input that cannot be read or used, with certreq.exe's code for
// it, ERROR_INVALID_DATA (0x8007000d).
inline error bad_data(std::string text) { return error(std::move(text), hr::invalid_data); }

// failed: a failure with no more specific code: E_FAIL, as certreq.exe reports it.
inline error failed(std::string text) { return error(std::move(text), hr::fail); }

// at_offset: a failure in DER input, at a byte offset of it.
inline error at_offset(std::size_t offset, std::string text) {
    error e(std::move(text));
    e.offset = offset;
    return e;
}

}  // namespace certreq::core
