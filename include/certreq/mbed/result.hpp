// mbed/result.hpp: result<T>, a T or an mbed::error (no exceptions).
#pragma once
#include <type_traits>
#include <utility>
#include <variant>

#include "certreq/mbed/error.hpp"

namespace certreq::mbed {

// result holds either a value or the error that prevented it. Test it with
// `if (r)`, then use `*r` / `r->`; `err()` is valid only when `!r`.
template <typename T>
class result {
public:
    result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    result(mbed::error e) : v_(std::in_place_index<1>, std::move(e)) {}

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& operator*() & { return std::get<0>(v_); }
    const T& operator*() const& { return std::get<0>(v_); }
    T&& operator*() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }

    const mbed::error& err() const { return std::get<1>(v_); }

private:
    std::variant<T, mbed::error> v_;
};

// status is the result of an operation that returns nothing.
class status {
public:
    status() = default;
    status(mbed::error e) : failed_(true), e_(std::move(e)) {}

    bool ok() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return ok(); }
    const mbed::error& err() const noexcept { return e_; }

private:
    bool failed_ = false;
    mbed::error e_;
};

}  // namespace certreq::mbed
