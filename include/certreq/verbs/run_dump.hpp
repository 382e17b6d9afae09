// verbs/run_dump.hpp: `certreq -dump FILE [-json] [-v]` from the path to the
// printed text: reads the file, dumps it (verbs/dump.hpp) with signatures
// and CMS digests checked (verbs/mbed_verifier.hpp).
// Defined in verbs/run_dump.ipp (core/config.hpp).
#pragma once
#include <string>

#include "certreq/core/config.hpp"
#include "certreq/verbs/report.hpp"

namespace certreq::verbs {

// run_dump: the dump on the results channel, every diagnostic (notes too) on
// the messages channel; an error in the file fails the verb after the
// partial dump. `show_secrets` is -v: challenge passwords in clear.
CERTREQ_DECL report run_dump(const std::string& path, bool json, bool show_secrets);

}  // namespace certreq::verbs

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/verbs/run_dump.ipp"
#endif
