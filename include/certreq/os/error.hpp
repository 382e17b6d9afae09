// os/error.hpp: error, result<T> and status for the POSIX file layer (and
// the store built on it). No exceptions: every call returns one of these.
#pragma once
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace certreq::os {

// error: `code` is the errno value (0 when the failure is not a system
// call's); `message` is complete and printable, e.g.
// "cannot create /x/y.req: Permission denied".
struct error {
    int code = 0;
    std::string message;
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

// result holds a value or an error. Test with `if (r)`; `err()` only when `!r`.
template <typename T>
class result {
public:
    result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    result(os::error e) : v_(std::in_place_index<1>, std::move(e)) {}

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }
    T& operator*() & { return std::get<0>(v_); }
    const T& operator*() const& { return std::get<0>(v_); }
    T&& operator*() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    const os::error& err() const { return std::get<1>(v_); }

private:
    std::variant<T, os::error> v_;
};

// status is the result of an operation that returns nothing.
class status {
public:
    status() = default;
    status(os::error e) : failed_(true), e_(std::move(e)) {}

    bool ok() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return ok(); }
    const os::error& err() const noexcept { return e_; }

private:
    bool failed_ = false;
    os::error e_;
};

}  // namespace certreq::os
