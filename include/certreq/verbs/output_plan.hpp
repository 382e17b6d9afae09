// verbs/output_plan.hpp: a verb's output file arguments (os/output_files.hpp):
// checked and reserved before the verb's work, written all or nothing at
// its end. `-` is standard output: the result lines then go to standard error.
#pragma once
#include <string>
#include <vector>

#include "certreq/os/output_files.hpp"

namespace certreq::verbs {

// plan_outputs checks `paths` (-f: `force`) and reserves their temporaries.
inline os::result<os::output_files> plan_outputs(const std::vector<std::string>& paths, bool force) {
    return os::output_files::plan(paths, force);
}

// writes_stdout: one of `paths` is `-`, so standard output carries that file alone.
inline bool writes_stdout(const std::vector<std::string>& paths) {
    for (auto& p : paths)
        if (p == "-") return true;
    return false;
}

}  // namespace certreq::verbs
