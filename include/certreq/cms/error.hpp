// cms/error.hpp: the error of the CMS readers and writers (and of CMC and
// SCEP above them): a message and the byte offset in the input where known.
#pragma once
#include <cstddef>
#include <string>

#include "certreq/core/result.hpp"

namespace certreq::cms {

// error: what went wrong, with the byte offset in the input where known.
struct error {
    std::size_t offset = 0;
    std::string message;
    std::string text() const { return message + " (at offset " + std::to_string(offset) + ")"; }
};
template <typename T>
using result = core::result<T, error>;

}  // namespace certreq::cms
