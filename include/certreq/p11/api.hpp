// p11/api.hpp: the PKCS#11 C API (p11-kit's standard pkcs11.h; the only
// includer of it) and what a failed call reports. Nothing here links a
// library: modules are loaded with dlopen (p11/module.hpp).
#pragma once
#include <p11-kit/pkcs11.h>

#include <cstdio>
#include <string>
#include <utility>

#include "certreq/core/error.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/core/result.hpp"

namespace certreq::p11 {

// error: `rv` is the CKR_ code (CKR_OK when certreq itself refused), `text`
// says what failed in words a user can act on, `hr` certreq's own HRESULT for
// a refusal (none: from `rv`). Never holds a PIN.
struct error {
    CK_RV rv = CKR_OK;
    std::string text;
    core::hresult hr = core::hr::none;

    std::string message() const {
        if (rv == CKR_OK) return text;
        char hex[24];
        std::snprintf(hex, sizeof hex, " (0x%08lX)", static_cast<unsigned long>(rv));
        return text + hex;
    }
    // hresult: what certreq.exe reports for the same failure of a smart card
    // (a wrong PIN is SCARD_W_WRONG_CHV there); 0 lets the caller choose.
    core::hresult hresult() const noexcept {
        if (hr != core::hr::none) return hr;
        switch (rv) {
            case CKR_PIN_INCORRECT: return core::hr::scard_wrong_pin;
            case CKR_PIN_LOCKED: return core::hr::scard_pin_blocked;
            case CKR_TOKEN_NOT_PRESENT: return core::hr::scard_no_smartcard;
            case CKR_DEVICE_REMOVED: return core::hr::scard_removed_card;
            default: return core::hr::none;
        }
    }

    // The one error type of the upper layers (core/error.hpp), with the smart
    // card's HRESULT.
    operator core::error() const { return core::error(message(), hresult()); }
};

template <class T>
using result = core::result<T, error>;
using status = core::status<error>;

// rv_text names the CKR_ codes a user meets (the rest by number).
inline const char* rv_text(CK_RV rv) noexcept {
    switch (rv) {
        case CKR_OK: return "CKR_OK";
        case CKR_PIN_INCORRECT: return "the PIN is incorrect (CKR_PIN_INCORRECT)";
        case CKR_PIN_LOCKED: return "the PIN is locked (CKR_PIN_LOCKED)";
        case CKR_PIN_EXPIRED: return "the PIN has expired (CKR_PIN_EXPIRED)";
        case CKR_PIN_LEN_RANGE: return "the PIN has the wrong length for this token (CKR_PIN_LEN_RANGE)";
        case CKR_USER_NOT_LOGGED_IN: return "not logged in to the token (CKR_USER_NOT_LOGGED_IN)";
        case CKR_USER_PIN_NOT_INITIALIZED: return "the token's user PIN is not set (CKR_USER_PIN_NOT_INITIALIZED)";
        case CKR_TOKEN_NOT_PRESENT: return "no token in the slot (CKR_TOKEN_NOT_PRESENT)";
        case CKR_TOKEN_NOT_RECOGNIZED: return "the token is not recognized (CKR_TOKEN_NOT_RECOGNIZED)";
        case CKR_TOKEN_WRITE_PROTECTED: return "the token is write-protected (CKR_TOKEN_WRITE_PROTECTED)";
        case CKR_DEVICE_ERROR: return "device error (CKR_DEVICE_ERROR)";
        case CKR_DEVICE_MEMORY: return "the token is full (CKR_DEVICE_MEMORY)";
        case CKR_DEVICE_REMOVED: return "the token was removed (CKR_DEVICE_REMOVED)";
        case CKR_MECHANISM_INVALID: return "the token does not support this mechanism (CKR_MECHANISM_INVALID)";
        case CKR_MECHANISM_PARAM_INVALID: return "the token refuses the mechanism's parameters (CKR_MECHANISM_PARAM_INVALID)";
        case CKR_KEY_SIZE_RANGE: return "the token does not support this key size (CKR_KEY_SIZE_RANGE)";
        case CKR_KEY_TYPE_INCONSISTENT: return "the key's type does not fit the mechanism (CKR_KEY_TYPE_INCONSISTENT)";
        case CKR_KEY_FUNCTION_NOT_PERMITTED: return "the key may not be used for this (CKR_KEY_FUNCTION_NOT_PERMITTED)";
        case CKR_ATTRIBUTE_VALUE_INVALID: return "the token refuses an attribute value (CKR_ATTRIBUTE_VALUE_INVALID)";
        case CKR_ATTRIBUTE_TYPE_INVALID: return "the token does not know an attribute (CKR_ATTRIBUTE_TYPE_INVALID)";
        case CKR_TEMPLATE_INCONSISTENT: return "the token refuses the key's attributes (CKR_TEMPLATE_INCONSISTENT)";
        case CKR_TEMPLATE_INCOMPLETE: return "the token needs more key attributes (CKR_TEMPLATE_INCOMPLETE)";
        case CKR_DOMAIN_PARAMS_INVALID: return "the token does not support this curve (CKR_DOMAIN_PARAMS_INVALID)";
        case CKR_SESSION_READ_ONLY: return "the session is read-only (CKR_SESSION_READ_ONLY)";
        case CKR_FUNCTION_NOT_SUPPORTED: return "the module does not support this function (CKR_FUNCTION_NOT_SUPPORTED)";
        case CKR_CRYPTOKI_NOT_INITIALIZED: return "the module is not initialized (CKR_CRYPTOKI_NOT_INITIALIZED)";
        case CKR_GENERAL_ERROR: return "general error (CKR_GENERAL_ERROR)";
        case CKR_HOST_MEMORY: return "out of memory (CKR_HOST_MEMORY)";
        case CKR_ARGUMENTS_BAD: return "bad arguments (CKR_ARGUMENTS_BAD)";
        case CKR_SLOT_ID_INVALID: return "no such slot (CKR_SLOT_ID_INVALID)";
        default: return "PKCS#11 error";
    }
}

// failed: `what` (the call and its object, never a secret) failed with `rv`.
inline error failed(std::string what, CK_RV rv) { return {rv, std::move(what) + ": " + rv_text(rv)}; }

// refused: certreq's own refusal (no CKR_ code).
inline error refused(std::string text) { return {CKR_OK, std::move(text)}; }

}  // namespace certreq::p11
