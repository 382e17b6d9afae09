// verbs/run_new.hpp: `certreq -new [Options] PolicyFileIn RequestFileOut`
// from the paths to the printed lines: the output is checked before the key
// is made, the INF read, the request (or certificate) built (build_new) and
// saved with its key (save_new; `-`: standard output).
// Defined in verbs/run_new.ipp (core/config.hpp).
#pragma once
#include <string>

#include "certreq/core/config.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"

namespace certreq::verbs {

// run_new: `opt` carries -attrib, -cert, -xchg and the key-generation
// progress; the clock, the host identity, the store choice (-user/-machine,
// else MachineKeySet) and the key access (ro.access) are filled in here.
CERTREQ_DECL report run_new(const std::string& inf_path, const std::string& out_path, new_options opt, const run_options& ro);

}  // namespace certreq::verbs

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/verbs/run_new.ipp"
#endif
