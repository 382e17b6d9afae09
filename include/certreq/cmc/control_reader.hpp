// cmc/control_reader.hpp: the controlSequence of a decoded PKIData or
// PKIResponse (RFC 5272 §3.2.1.2.1), read into cmc::control values; the
// request (cmc/unwrap.hpp) and response (cmc/response_reader.hpp) readers
// both use it.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "certreq/asn1/decode.hpp"
#include "certreq/cmc/tagged_attribute.hpp"

namespace certreq::cmc {

inline std::vector<control> read_controls(const asn1::decoded& body) {
    std::vector<control> out;
    for (std::size_t i = 1, n = body.count("controlSequence"); i <= n; ++i) {
        std::string c = asn1::item("controlSequence", i);
        control ctl;
        ctl.id = body_part_id(body.small_int(c + ".bodyPartID").value_or(0));
        ctl.type = body.oid(c + ".attrType").value_or("");
        for (std::size_t j = 1, m = body.count(c + ".attrValues"); j <= m; ++j)
            if (auto v = body.element(asn1::item(c + ".attrValues", j))) ctl.values.emplace_back(v->whole.begin(), v->whole.end());
        out.push_back(std::move(ctl));
    }
    return out;
}

}  // namespace certreq::cmc
