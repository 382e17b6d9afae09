// model/extensions/ocsp_nocheck.hpp: id-pkix-ocsp-nocheck 1.3.6.1.5.5.7.48.1.5
// (RFC 6960 §4.2.2.2.1), a NULL: given as {hex}05 00 or Empty; the local CA
// copies it (an OCSP signing certificate). -dump shows its value as hex.
#pragma once
#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model::ext {

struct ocsp_nocheck {
    static constexpr extension_id ids[] = {{oids::ocsp_nocheck.dotted(), {}, local_ca::copies}};
};

}  // namespace certreq::model::ext
