// driver/run_options.hpp: the parsed options most verbs share, as the
// library takes them (verbs/run_options.hpp), and the key-generation
// progress line (a terminal only, not with -q).
#pragma once
#include <unistd.h>

#include "certreq/verbs/run_options.hpp"
#include "cli.hpp"
#include "key_access.hpp"
#include "print.hpp"

namespace certreq::driver {

inline verbs::run_options run_options_of(const parsed_options& o) {
    verbs::run_options r;
    r.output = {o.binary, o.unicode_text, o.force};
    r.stores = {o.user, o.machine};
    r.shown = o.verbose ? severity::note : severity::warning;
    r.access = key_access_of(o);
    return r;
}

// keygen_progress: "<what>... done" on stderr while a key is made, when
// stderr is a terminal and -q is not given; else nothing.
inline mbed::keygen_progress keygen_progress(const parsed_options& o, bool ca_key = false) {
    if (o.quiet || !isatty(STDERR_FILENO)) return {};
    if (ca_key)
        return [](mbed::keygen_phase p) { err(p == mbed::keygen_phase::started ? "Generating the CA key... " : "done\n"); };
    return [](mbed::keygen_phase p) { err(p == mbed::keygen_phase::started ? "Generating an RSA key... " : "done\n"); };
}

}  // namespace certreq::driver
