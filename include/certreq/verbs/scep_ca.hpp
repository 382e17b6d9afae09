// verbs/scep_ca.hpp: the SCEP CA a RequestType = SCEP request is made for
// (verbs/new_scep.hpp reads it from the INF; -enroll from the server). Apart,
// so new_options can hold one without the SCEP machinery.
#pragma once
#include <cstddef>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/scep/capabilities.hpp"

namespace certreq::verbs {

// scep_ca: the CA as the INF describes it (or as -enroll fetched it).
struct scep_ca {
    std::vector<bytes> certs;
    std::size_t recipient = 0;
    scep::capabilities caps;
};

}  // namespace certreq::verbs
