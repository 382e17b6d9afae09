// verbs/run_options.hpp: the command-line choices most verbs share, as the
// driver parsed them: how output files are written, which key store, how
// much to say.
#pragma once
#include "certreq/core/diagnostic.hpp"
#include "certreq/verbs/stored_key.hpp"

namespace certreq::verbs {

// output_format: -binary (DER), -UnicodeText (UTF-16LE base64), -f (replace existing files).
struct output_format {
    bool binary = false;
    bool unicode_text = false;
    bool force = false;
};

// store_choice: -user / -machine (neither: the verb's default, usually the user store then the machine store).
struct store_choice {
    bool user = false;
    bool machine = false;
};

// run_options: what every verb of the library side takes besides its own.
struct run_options {
    output_format output;
    store_choice stores;
    severity shown = severity::warning;  // -v: notes too
    key_access access;                   // -pin / $CERTREQ_PIN, the prompt, $CERTREQ_PROVIDERS
};

}  // namespace certreq::verbs
