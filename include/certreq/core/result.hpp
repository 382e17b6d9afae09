// core/result.hpp: result<T, E> (a T or the error E that prevented it) and
// status<E> (success or E), for layers that report one error per call rather
// than positioned diagnostics. E is core::error unless a lower layer keeps its
// own detail (mbed::error, p11::error, which convert to it). No
// exceptions.
#pragma once
#include <utility>
#include <variant>

#include "certreq/core/error.hpp"

namespace certreq::core {

// result holds either a value or an error. Test it with `if (r)`, then use
// `*r` / `r->`; `err()` is valid only when `!r`.
template <typename T, typename E = error>
class result {
public:
    result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    result(E e) : v_(std::in_place_index<1>, std::move(e)) {}

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

    const E& err() const { return std::get<1>(v_); }

private:
    std::variant<T, E> v_;
};

// status is the result of an operation that returns nothing.
template <typename E = error>
class status {
public:
    status() = default;
    status(E e) : failed_(true), e_(std::move(e)) {}

    bool ok() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return ok(); }
    const E& err() const noexcept { return e_; }

private:
    bool failed_ = false;
    E e_{};
};

}  // namespace certreq::core
