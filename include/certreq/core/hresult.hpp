// core/hresult.hpp: the Windows HRESULT a failure carries, so the driver can
// end every failure the way certreq.exe does (spec §1.5, §10):
//     Certificate Request Processor: <text> 0x<HRESULT> (<facility>: <code> <SYMBOL>)
// e.g. "The system cannot find the file specified. 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)".
// Scripts written for certreq grep for the "0x" form. errno values are mapped
// to HRESULTs here and nowhere else (from_errno). std only.
#pragma once
#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include "certreq/core/hex.hpp"

namespace certreq::core {

// hresult: a Windows HRESULT; 0 (S_OK) means "none given".
using hresult = std::uint32_t;

namespace hr {
inline constexpr hresult none = 0;
inline constexpr hresult invalid_function = 0x80070001;   // WIN32 1: empty [NewRequest]
inline constexpr hresult file_not_found = 0x80070002;     // WIN32 2
inline constexpr hresult path_not_found = 0x80070003;     // WIN32 3
inline constexpr hresult access_denied = 0x80070005;      // WIN32 5
inline constexpr hresult invalid_data = 0x8007000d;       // WIN32 13: bad input (the default for diagnostics)
inline constexpr hresult not_supported = 0x80070032;      // WIN32 50
inline constexpr hresult file_exists = 0x80070050;        // WIN32 80
inline constexpr hresult invalid_parameter = 0x80070057;  // WIN32 87
inline constexpr hresult disk_full = 0x80070070;          // WIN32 112
inline constexpr hresult file_too_large = 0x800700df;     // WIN32 223
inline constexpr hresult not_found = 0x80070490;          // WIN32 1168: no such request, template, transaction
inline constexpr hresult rpc_unavailable = 0x800706ba;    // WIN32 1722: a DCOM/RPC CA (-config HOST\CA)
inline constexpr hresult winhttp_timeout = 0x80072ee2;    // WinHttp 12002
inline constexpr hresult winhttp_name_not_resolved = 0x80072ee7;  // WinHttp 12007
inline constexpr hresult winhttp_cannot_connect = 0x80072efd;     // WinHttp 12029
inline constexpr hresult winhttp_connection_error = 0x80072efe;   // WinHttp 12030
inline constexpr hresult winhttp_invalid_server_response = 0x80072f78;  // WinHttp 12152
inline constexpr hresult winhttp_redirect_failed = 0x80072f7c;          // WinHttp 12156
inline constexpr hresult winhttp_secure_failure = 0x80072f8f;           // WinHttp 12175
inline constexpr hresult fail = 0x80004005;               // E_FAIL: anything without a better code
inline constexpr hresult nte_bad_signature = 0x80090006;
inline constexpr hresult nte_exists = 0x8009000f;         // a key container that already exists
inline constexpr hresult nte_bad_keyset = 0x80090016;
inline constexpr hresult nte_provider_dll_fail = 0x8009001d;  // a key storage provider that cannot run
inline constexpr hresult crypt_not_found = 0x80092004;    // CRYPT_E_NOT_FOUND: no such certificate
inline constexpr hresult crypt_invalid_numeric_string = 0x80092020;
inline constexpr hresult crypt_invalid_printable_string = 0x80092021;
inline constexpr hresult crypt_invalid_ia5_string = 0x80092022;
inline constexpr hresult crypt_invalid_x500_string = 0x80092023;  // CertStrToName: bad Subject
inline constexpr hresult crypt_asn1_large = 0x80093104;    // CRYPT_E_ASN1_LARGE: DER past the decoder's list limits
inline constexpr hresult certsrv_bad_requeststatus = 0x80094003;  // the request's state forbids it
inline constexpr hresult certsrv_admin_denied = 0x80094014;       // -ca deny
inline constexpr hresult scard_no_smartcard = 0x8010000c;  // SCARD_E_NO_SMARTCARD: no token in the slot
inline constexpr hresult scard_removed_card = 0x80100069;  // SCARD_W_REMOVED_CARD
inline constexpr hresult scard_wrong_pin = 0x8010006b;     // SCARD_W_WRONG_CHV
inline constexpr hresult scard_pin_blocked = 0x8010006c;   // SCARD_W_CHV_BLOCKED
inline constexpr hresult inf_line_not_found = 0xe0000102;         // SetupAPI: no [NewRequest]
inline constexpr hresult inf_general_syntax = 0xe0000003;         // SetupAPI: INF syntax
}  // namespace hr

namespace detail {
struct hresult_info {
    hresult code;
    std::string_view symbol;  // empty: none printed (INF codes, as certreq prints them)
    std::string_view text;    // Windows' message text
};

inline constexpr hresult_info known_hresults[] = {
    {hr::invalid_function, "ERROR_INVALID_FUNCTION", "Incorrect function."},
    {hr::file_not_found, "ERROR_FILE_NOT_FOUND", "The system cannot find the file specified."},
    {hr::path_not_found, "ERROR_PATH_NOT_FOUND", "The system cannot find the path specified."},
    {hr::access_denied, "ERROR_ACCESS_DENIED", "Access is denied."},
    {hr::invalid_data, "ERROR_INVALID_DATA", "The data is invalid."},
    {hr::not_supported, "ERROR_NOT_SUPPORTED", "The request is not supported."},
    {hr::file_exists, "ERROR_FILE_EXISTS", "The file exists."},
    {hr::invalid_parameter, "ERROR_INVALID_PARAMETER", "The parameter is incorrect."},
    {hr::disk_full, "ERROR_DISK_FULL", "There is not enough space on the disk."},
    {hr::file_too_large, "ERROR_FILE_TOO_LARGE", "The file size exceeds the limit allowed and cannot be saved."},
    {hr::not_found, "ERROR_NOT_FOUND", "Element not found."},
    {hr::rpc_unavailable, "RPC_S_SERVER_UNAVAILABLE", "The RPC server is unavailable."},
    {hr::winhttp_timeout, "ERROR_WINHTTP_TIMEOUT", "The operation timed out"},
    {hr::winhttp_name_not_resolved, "ERROR_WINHTTP_NAME_NOT_RESOLVED", "The server name or address could not be resolved"},
    {hr::winhttp_cannot_connect, "ERROR_WINHTTP_CANNOT_CONNECT", "A connection with the server could not be established"},
    {hr::winhttp_connection_error, "ERROR_WINHTTP_CONNECTION_ERROR",
     "The connection with the server was terminated abnormally"},
    {hr::winhttp_invalid_server_response, "ERROR_WINHTTP_INVALID_SERVER_RESPONSE",
     "The server returned an invalid or unrecognized response"},
    {hr::winhttp_redirect_failed, "ERROR_WINHTTP_REDIRECT_FAILED", "The HTTP redirect request failed"},
    {hr::winhttp_secure_failure, "ERROR_WINHTTP_SECURE_FAILURE", "A security error occurred"},
    {hr::fail, "E_FAIL", "Unspecified error"},
    {hr::nte_bad_signature, "NTE_BAD_SIGNATURE", "Invalid Signature."},
    {hr::nte_exists, "NTE_EXISTS", "Object already exists."},
    {hr::nte_bad_keyset, "NTE_BAD_KEYSET", "Keyset does not exist"},
    {hr::nte_provider_dll_fail, "NTE_PROVIDER_DLL_FAIL", "Provider DLL failed to initialize correctly."},
    {hr::crypt_not_found, "CRYPT_E_NOT_FOUND", "Cannot find object or property."},
    {hr::crypt_invalid_numeric_string, "CRYPT_E_INVALID_NUMERIC_STRING",
     "The string contains a non-numeric character."},
    {hr::crypt_invalid_printable_string, "CRYPT_E_INVALID_PRINTABLE_STRING",
     "The string contains a non-printable character."},
    {hr::crypt_invalid_ia5_string, "CRYPT_E_INVALID_IA5_STRING", "The string contains a character not in the 7 bit ASCII character set."},
    {hr::crypt_invalid_x500_string, "CRYPT_E_INVALID_X500_STRING",
     "The string contains an invalid X500 name attribute key, oid, value or delimiter."},
    {hr::crypt_asn1_large, "CRYPT_E_ASN1_LARGE", "ASN1 value too large."},
    {hr::certsrv_bad_requeststatus, "CERTSRV_E_BAD_REQUESTSTATUS", "The request's current status does not allow this operation."},
    {hr::certsrv_admin_denied, "CERTSRV_E_ADMIN_DENIED_REQUEST",
     "The request was denied by a certificate manager or CA administrator."},
    {hr::scard_no_smartcard, "SCARD_E_NO_SMARTCARD",
     "The operation requires a Smart Card, but no Smart Card is currently in the device."},
    {hr::scard_removed_card, "SCARD_W_REMOVED_CARD",
     "The smart card has been removed, so that further communication is not possible."},
    {hr::scard_wrong_pin, "SCARD_W_WRONG_CHV", "The card cannot be accessed because the wrong PIN was presented."},
    {hr::scard_pin_blocked, "SCARD_W_CHV_BLOCKED",
     "The card cannot be accessed because the maximum number of PIN entry attempts has been reached."},
    {hr::inf_line_not_found, "", "INF file line not found"},
    {hr::inf_general_syntax, "", "The syntax of the INF is invalid."},
};

inline const hresult_info* find_hresult(hresult code) noexcept {
    for (auto& i : known_hresults)
        if (i.code == code) return &i;
    return nullptr;
}
}  // namespace detail

// http_status_hresult: certreq's HRESULT for an HTTP answer other than 200
// (facility HTTP, 0x8019xxxx: 404 is 0x80190194 HTTP_E_STATUS_NOT_FOUND).
inline hresult http_status_hresult(int status) noexcept {
    if (status < 100 || status > 599) return 0x80190001;  // HTTP_E_STATUS_UNEXPECTED
    return 0x80190000u | static_cast<hresult>(status);
}

// from_errno: the one errno -> HRESULT mapping (WIN32 facility).
inline hresult from_errno(int e) noexcept {
    switch (e) {
        case 0: return hr::fail;
        case ENOENT: return hr::file_not_found;
        case ENOTDIR: return hr::path_not_found;
        case EACCES:
        case EPERM:
        case EISDIR:  // Windows refuses to open a directory as a file with ERROR_ACCESS_DENIED
        case EROFS: return hr::access_denied;
        case EEXIST: return hr::file_exists;
        case ENOSPC:
        case EDQUOT: return hr::disk_full;
        case EFBIG: return hr::file_too_large;
        case EINVAL: return hr::invalid_parameter;
        default: return hr::fail;
    }
}

// hresult_form renders "0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)" the way
// certreq.exe does: WIN32 and WinHttp codes show the facility and the decimal
// code, SetupAPI codes "(INF: <signed decimal>)", the rest "(<signed decimal> SYMBOL)".
inline std::string hresult_form(hresult code) {
    std::string out = "0x" + hex_number(code, 8);
    const auto* info = detail::find_hresult(code);
    std::string symbol = info ? std::string(info->symbol) : std::string();
    if ((code & 0xffff0000u) == 0x80190000u && code != 0x80190001u) {
        static constexpr std::pair<int, std::string_view> http_names[] = {
            {400, "HTTP_E_STATUS_BAD_REQUEST"},     {401, "HTTP_E_STATUS_DENIED"},        {403, "HTTP_E_STATUS_FORBIDDEN"},
            {404, "HTTP_E_STATUS_NOT_FOUND"},       {405, "HTTP_E_STATUS_BAD_METHOD"},    {500, "HTTP_E_STATUS_SERVER_ERROR"},
            {502, "HTTP_E_STATUS_BAD_GATEWAY"},     {503, "HTTP_E_STATUS_SERVICE_UNAVAIL"}, {504, "HTTP_E_STATUS_GATEWAY_TIMEOUT"},
        };
        for (auto& [s, n] : http_names)
            if (static_cast<hresult>(s) == (code & 0xffff)) symbol = std::string(n);
    }
    if (code == 0x80190001u) symbol = "HTTP_E_STATUS_UNEXPECTED";
    std::string sym = symbol.empty() ? std::string() : " " + symbol;
    if ((code & 0xffff0000u) == 0x80070000u) {
        unsigned low = code & 0xffff;
        bool winhttp = low >= 12000 && low <= 12184;
        return out + " (" + (winhttp ? "WinHttp: " : "WIN32: ") + std::to_string(low) + sym + ")";
    }
    long long as_signed = static_cast<long long>(static_cast<std::int32_t>(code));
    if ((code & 0xfff00000u) == 0xe0000000u) return out + " (INF: " + std::to_string(as_signed) + sym + ")";
    return out + " (" + std::to_string(as_signed) + sym + ")";
}

// hresult_text: Windows' message for the code ("Unspecified error" for one not in the table).
inline std::string_view hresult_text(hresult code) noexcept {
    if (const auto* info = detail::find_hresult(code)) return info->text;
    if ((code & 0xffff0000u) == 0x80190000u) return "The server answered with an HTTP error status";
    return "Unspecified error";
}

// processor_line: the line certreq.exe ends a failure with (no newline):
// "Certificate Request Processor: <text> 0x<hr> (<facility>: <code> <SYMBOL>)".
inline std::string processor_line(hresult code) {
    if (code == hr::none) code = hr::fail;
    return "Certificate Request Processor: " + std::string(hresult_text(code)) + " " + hresult_form(code);
}

}  // namespace certreq::core
