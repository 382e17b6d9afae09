// driver/outputs.hpp: a verb's output file arguments, checked before its work
// and written all or nothing at its end (os/output_files.hpp).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "certreq/os/output_files.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

// plan_outputs plans `args` (-f: `force`). When one is `-`, the lines certreq
// prints go to stderr, so that standard output carries that file alone. A
// refused output is reported (certreq: ..., then the Windows line) and gives
// std::nullopt: return exit_failed.
inline std::optional<os::output_files> plan_outputs(const std::vector<std::string>& args, bool force) {
    auto p = os::output_files::plan(args, force);
    if (!p) {
        fail(p.err().message, p.err().hresult());
        return std::nullopt;
    }
    if (p->writes_stdout()) results_to_stderr();
    return std::move(*p);
}

// check_outputs is plan_outputs for a verb whose library call writes the
// outputs itself (-new: verbs::save_new): the checks only, before the work.
inline bool check_outputs(const std::vector<std::string>& args, bool force) {
    if (auto s = os::output_files::check(args, force); !s) {
        fail(s.err().message, s.err().hresult());
        return false;
    }
    for (auto& a : args)
        if (a == "-") results_to_stderr();
    return true;
}

}  // namespace certreq::driver
