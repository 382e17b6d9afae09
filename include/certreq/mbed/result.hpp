// mbed/result.hpp: result<T>, a T or an mbed::error (no exceptions).
#pragma once
#include "certreq/core/result.hpp"
#include "certreq/mbed/error.hpp"

namespace certreq::mbed {

// result<T>: a T or the mbed::error that prevented it; status: success or an error.
template <typename T>
using result = core::result<T, mbed::error>;
using status = core::status<mbed::error>;

}  // namespace certreq::mbed
