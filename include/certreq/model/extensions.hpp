// model/extensions.hpp: an extension a request carries, as plain data. Its
// value is raw DER or the typed value of one registered kind
// (model/extension_registry.hpp, one file per kind in model/extensions/);
// lowering (model/lower.hpp) fills them, x509/extensions/ encodes each one.
#pragma once
#include <string>

#include "certreq/core/position.hpp"
#include "certreq/model/extension_registry.hpp"

namespace certreq::model {

struct extension {
    std::string oid;  // dotted
    bool critical = false;
    extension_value value;
    position pos{};   // the INF line that asked for it
    bool defaulted = false;  // added because the INF was silent (a defaulted KeyUsage is written last)
};

}  // namespace certreq::model
