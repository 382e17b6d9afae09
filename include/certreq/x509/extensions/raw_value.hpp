// x509/extensions/raw_value.hpp: an extnValue given as base64, {hex} or
// {asn} in the INF: its octets are the whole extension value, written verbatim.
#pragma once
#include "certreq/der/primitives.hpp"
#include "certreq/model/extensions.hpp"

namespace certreq::x509 {

inline auto extension_value_of(const model::raw_value& v) noexcept { return der::raw(v.der); }

}  // namespace certreq::x509
