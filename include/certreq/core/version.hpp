// core/version.hpp: the version of this library (meson.build's project
// version; tests/meson.build checks that the two agree).
#pragma once

#define CERTREQ_VERSION "0.1.0"

namespace certreq {
inline constexpr const char* version = CERTREQ_VERSION;
}  // namespace certreq
