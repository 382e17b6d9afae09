// certreq -dump FILE [-json]: print any request, certificate, PKCS#7/CMS, CMC
// or SCEP message readably.
#include <string>

#include "certreq/os/file.hpp"
#include "certreq/verbs/dump.hpp"
#include "certreq/verbs/mbed_verifier.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

int run_dump(const command_line& cl) {
    if (cl.positional.size() != 1) {
        err("certreq -dump: expected exactly one file (certreq -dump -? for help)\n");
        return exit_usage;
    }
    const std::string& path = cl.positional[0];
    auto data = os::read_file(path);
    if (!data) return fail(data.err().message, data.err().hresult());
    verbs::dump_options opt;
    opt.json = cl.opts.json;
    opt.verify = verbs::mbed_verifier();
    opt.digest = verbs::mbed_digest();
    opt.show_secrets = cl.opts.verbose;
    diagnostics diags(path);
    std::string text;
    int rc = verbs::dump(*data, path, opt, text, diags);
    out(text);
    diags.print(stderr);
    if (rc == 0 && !diags.has_errors()) return exit_ok;
    return fail_diags(diags);
}

}  // namespace certreq::driver
