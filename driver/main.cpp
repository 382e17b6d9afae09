// certreq driver: a verb table (boringssl tool.cc style). Each verb parses its
// positional arguments, calls the library side in include/certreq/verbs/ and
// prints; nothing here builds DER or touches keys.
#include <cstdio>
#include <string>
#include <vector>

#include "cli.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace {

using namespace certreq::driver;

struct verb_entry {
    verb_spec spec;
    int (*run)(const command_line&);
};

// Only verbs that work are listed.
const std::vector<verb_entry>& verb_table() {
    static const std::vector<verb_entry> table = {
        {{"new", "certreq -new [Options] [PolicyFileIn [RequestFileOut]]",
          "Create a new request (or a self-signed certificate) from an INF file",
          {"attrib", "binary", "cert", "config", "user", "machine", "xchg", "f", "q", "v"}},
         run_new},
        {{"dump", "certreq -dump [Options] File",
          "Show a request, certificate, PKCS#7/CMS, CMC or SCEP message in readable form",
          {"json", "v"}},
         run_dump},
        {{"submit", "certreq -submit [Options] RequestFileIn CertFileOut [CertChainFileOut [FullResponseFileOut]]",
          "Submit a request to the local CA (-config - or DIR) and write its answer",
          {"config", "attrib", "binary", "crl", "f", "q", "any"}},
         run_submit},
        {{"retrieve", "certreq -retrieve [Options] RequestId CertFileOut [CertChainFileOut [FullResponseFileOut]]",
          "Retrieve the answer to a request (by request id or certificate serial number)",
          {"config", "binary", "crl", "f", "q"}},
         run_retrieve},
        {{"accept", "certreq -accept [-user|-machine] CertChainFileIn|FullResponseFileIn|CertFileIn",
          "Install a certificate with the key of its pending request",
          {"user", "machine", "q"}},
         run_accept},
        {{"enroll", "certreq -enroll [Options] TemplateName | -cert CertId Renew [ReuseKeys]",
          "Enroll (new + submit + accept) or renew against the local CA",
          {"config", "cert", "attrib", "user", "machine", "f", "q", "v"}},
         run_enroll},
        {{"ca", "certreq -ca init [-config DIR] [CAPolicy.inf] | list | issue|deny RequestId | revoke Serial [Reason] | crl OutFile",
          "Create and administer a local CA in a directory (-config -: <machine store>/ca)",
          {"config", "binary", "f", "q", "v"}},
         run_ca},
        {{"sign", "certreq -sign [-cert CertId] [Options] RequestFileIn RequestFileOut",
          "Sign a PKCS#10, PKCS#7 or CMC request with an installed certificate's key (adds a signer to CMC); "
          "without -cert, the one installed Certificate Request Agent certificate (-noEKU: any)",
          {"cert", "binary", "user", "machine", "hashalgorithm", "alternatesignaturealgorithm", "noeku", "f", "q"}},
         run_sign},
        {{"policy", "certreq -policy [-cert CertId] [Options] RequestFileIn PolicyFileIn RequestFileOut [PKCS10FileOut]",
          "Apply a policy INF to a request or CA certificate: a CMC request (and PKCS#10) signed by -cert; "
          "without -cert, the one installed Qualified Subordination certificate (-noEKU: any)",
          {"cert", "attrib", "binary", "user", "machine", "hashalgorithm", "alternatesignaturealgorithm", "noeku", "f", "q", "v"}},
         run_policy},
    };
    return table;
}

void print_usage(std::FILE* f, bool verbose) {
    write_to(f, "Usage:\n");
    for (auto& v : verb_table()) {
        write_to(f, "  "), write_to(f, v.spec.syntax), write_to(f, "\n");
        if (verbose) write_to(f, "      "), write_to(f, v.spec.summary), write_to(f, "\n");
    }
    write_to(f, "  certreq -? | certreq VERB -? | certreq -v -?\n");
    if (verbose) {
        write_to(f, "\nOptions:\n");
        for (auto& o : all_options) {
            write_to(f, "  -"), write_to(f, o.name), write_to(f, o.takes_value ? " VALUE" : "");
            write_to(f, "\n      "), write_to(f, o.help), write_to(f, "\n");
        }
    }
    write_to(f, "\nVerbs and options are case-insensitive and may start with '-' or '/'.\n"
                "Exit codes: 0 success, 1 failure (see the messages), 2 usage error.\n");
}

void print_verb_help(std::FILE* f, const verb_spec& v) {
    write_to(f, "Usage:\n  "), write_to(f, v.syntax), write_to(f, "\n"), write_to(f, v.summary);
    write_to(f, "\n\nOptions:\n");
    for (auto name : v.options)
        if (const option_spec* o = find_option(name)) {
            write_to(f, "  -"), write_to(f, o->name), write_to(f, o->takes_value ? " VALUE" : "");
            write_to(f, "\n      "), write_to(f, o->help), write_to(f, "\n");
        }
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::vector<std::string_view> names;
    for (auto& v : verb_table()) names.push_back(v.spec.name);
    command_line cl = parse(args, names);

    if (!cl.error.empty()) {
        print_usage(stderr, false);
        err(cl.error, "\n");
        return exit_usage;
    }
    if (cl.opts.help || args.empty()) {
        for (auto& v : verb_table())
            if (v.spec.name == cl.verb) {
                print_verb_help(stdout, v.spec);
                return exit_ok;
            }
        print_usage(stdout, cl.opts.verbose);
        return args.empty() ? exit_usage : exit_ok;
    }
    if (cl.verb.empty()) {
        // certreq's default verb is -submit, which this build does not offer yet.
        print_usage(stderr, false);
        err("no verb given (-submit, the Windows default, is not available in this build)\n");
        return exit_usage;
    }
    for (auto& v : verb_table())
        if (v.spec.name == cl.verb) return v.run(cl);
    return exit_usage;
}
