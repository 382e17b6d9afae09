// cmc/control_reader.hpp: the controlSequence of a read PKIData or
// PKIResponse (RFC 5272 §3.2.1.2.1), read into cmc::control values; the
// request (cmc/unwrap.hpp) and response (cmc/response_reader.hpp) readers
// both use it.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "certreq/asn1/cmc_views.hpp"
#include "certreq/cmc/tagged_attribute.hpp"

namespace certreq::cmc {

inline std::vector<control> read_controls(const std::vector<asn1::tagged_attribute_view>& sequence) {
    std::vector<control> out;
    for (const auto& c : sequence) {
        control ctl;
        ctl.id = body_part_id(c.body_part_id);
        ctl.type = c.type;
        for (const asn1::tlv& v : c.values) ctl.values.emplace_back(v.whole.begin(), v.whole.end());
        out.push_back(std::move(ctl));
    }
    return out;
}

}  // namespace certreq::cmc
