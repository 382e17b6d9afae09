// model/extensions/tls_feature.hpp: TLS Feature 1.3.6.1.5.5.7.1.24 (RFC 7633;
// status_request = OCSP must-staple), given as base64/{hex}; the local CA
// copies it. -dump shows its value as hex.
#pragma once
#include "certreq/model/extension_kind.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::model::ext {

struct tls_feature {
    static constexpr extension_id ids[] = {{oids::tls_feature.dotted(), {}, local_ca::copies}};
};

}  // namespace certreq::model::ext
