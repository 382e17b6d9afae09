// os/error.hpp: error, result<T> and status for the POSIX file layer (and
// the store built on it). No exceptions: every call returns one of these.
#pragma once
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "certreq/core/hresult.hpp"
#include "certreq/core/result.hpp"

namespace certreq::os {

// error: `code` is the errno value (0 when the failure is not a system
// call's); `message` is complete and printable, e.g.
// "cannot create /x/y.req: Permission denied".
// hresult() is the Windows form of `code` (core::from_errno: ENOENT is
// 0x80070002 ERROR_FILE_NOT_FOUND, EEXIST 0x80070050 ERROR_FILE_EXISTS ...).
// `windows`, when set, overrides that mapping for a failure errno cannot
// name (e.g. RPC_S_SERVER_UNAVAILABLE for a -config HOST\CANAME).
struct error {
    int code = 0;
    std::string message;
    core::hresult windows = core::hr::none;

    core::hresult hresult() const noexcept { return windows != core::hr::none ? windows : core::from_errno(code); }

    // The one error type of the upper layers (core/error.hpp).
    operator core::error() const {
        core::error e(message, hresult());
        e.os_errno = code;
        return e;
    }
};

// sys_error builds "<what> <path>: <strerror(code)>".
inline error sys_error(std::string_view what, std::string_view path, int code) {
    std::string m(what);
    m += ' ';
    m += path;
    m += ": ";
    m += std::strerror(code);
    return {code, std::move(m)};
}

// result<T>: a value or the os::error that prevented it; status: success or an error.
template <typename T>
using result = core::result<T, os::error>;
using status = core::status<os::error>;

}  // namespace certreq::os
