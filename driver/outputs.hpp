// driver/outputs.hpp: where the result lines go when an output file argument
// is `-` (standard output then carries that file alone), and the checked
// output files of the AD CS verbs (driver/verb_adcs.cpp).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "certreq/verbs/output_plan.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

// results_follow_outputs sends the result lines to stderr when one of
// `paths` is `-`.
inline void results_follow_outputs(const std::vector<std::string>& paths) {
    if (verbs::writes_stdout(paths)) results_to_stderr();
}

// plan_outputs plans `args` (-f: `force`); a refused output is reported
// (certreq: ..., then the Windows line) and gives std::nullopt: return exit_failed.
inline std::optional<os::output_files> plan_outputs(const std::vector<std::string>& args, bool force) {
    auto p = verbs::plan_outputs(args, force);
    if (!p) {
        fail(p.err().message, p.err().hresult);
        return std::nullopt;
    }
    if (p->writes_stdout()) results_to_stderr();
    return std::move(*p);
}

}  // namespace certreq::driver
