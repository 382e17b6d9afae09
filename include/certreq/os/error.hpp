// os/error.hpp: result<T> and status for the POSIX file layer (and the
// store built on it), over core::error. No exceptions: every call returns one.
#pragma once
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "certreq/core/hresult.hpp"
#include "certreq/core/result.hpp"

namespace certreq::os {

// The file layer reports the library's one error type, core::error: a
// failed system call's errno in `os_errno`, the message complete and
// printable ("cannot create /x/y.req: Permission denied"), and the HRESULT
// certreq.exe prints for it (core::from_errno: ENOENT is 0x80070002
// ERROR_FILE_NOT_FOUND, EEXIST 0x80070050 ERROR_FILE_EXISTS ...).
using error = core::error;
template <typename T>
using result = core::result<T>;
using status = core::status<>;

// failure: an error caused by errno `code`; `windows`, when given, overrides
// the errno's HRESULT for a failure errno cannot name (e.g.
// RPC_S_SERVER_UNAVAILABLE for a -config HOST\CANAME).
inline error failure(int code, std::string message, core::hresult windows = core::hr::none) {
    error e(std::move(message), windows != core::hr::none ? windows : core::from_errno(code));
    e.os_errno = code;
    return e;
}

// sys_error builds "<what> <path>: <strerror(code)>".
inline error sys_error(std::string_view what, std::string_view path, int code) {
    std::string m(what);
    m += ' ';
    m += path;
    m += ": ";
    m += std::strerror(code);
    return failure(code, std::move(m));
}

}  // namespace certreq::os
