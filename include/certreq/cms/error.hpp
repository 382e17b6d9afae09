// cms/error.hpp: the error of the CMS readers and writers (and of CMC and
// SCEP above them): a message and the byte offset in the input where known.
#pragma once
#include <cstddef>
#include <string>

#include "certreq/core/result.hpp"

namespace certreq::cms {

// error: the one error type (core/error.hpp); a reader's failure carries the
// byte offset in the input (offset, core::at_offset), 0 when unknown.
using error = core::error;
template <typename T>
using result = core::result<T>;

}  // namespace certreq::cms
