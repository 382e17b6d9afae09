// certreq driver: a verb table (boringssl tool.cc style). Each verb parses its
// positional arguments, calls the library side in include/certreq/verbs/ and
// prints; nothing here builds DER or touches keys.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "certreq/verbs/version.hpp"
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
          {"attrib", "binary", "cert", "config", "user", "machine", "xchg", "unicodetext", "pin", "f", "q", "v", "unicode"}},
         run_new},
        {{"dump", "certreq -dump [Options] File",
          "Show a request, certificate, PKCS#7/CMS, CMC or SCEP message in readable form",
          {"json", "q", "v", "unicode"}},
         run_dump},
        {{"submit", "certreq [-submit] [Options] RequestFileIn CertFileOut [CertChainFileOut [FullResponseFileOut]]",
          "Submit a request to the local CA (-config - or DIR) or a SCEP server (-config URL) and write its answer; "
          "the default verb",
          {"config", "attrib", "binary", "crl", "user", "machine", "unicodetext", "any", "nochallenge", "pin", "f", "q", "v", "unicode"}},
         run_submit},
        {{"retrieve", "certreq -retrieve [Options] RequestId CertFileOut [CertChainFileOut [FullResponseFileOut]]",
          "Retrieve the answer to a request (by request id or certificate serial number)",
          {"config", "binary", "crl", "user", "machine", "unicodetext", "pin", "f", "q", "v", "unicode"}},
         run_retrieve},
        {{"accept", "certreq -accept [-user|-machine] CertChainFileIn|FullResponseFileIn|CertFileIn",
          "Install a certificate with the key of its pending request",
          {"user", "machine", "pin", "q", "v", "unicode"}},
         run_accept},
        {{"enroll", "certreq -enroll [Options] TemplateName | -cert CertId Renew [ReuseKeys]",
          "Enroll (new + submit + accept) or renew against the local CA; with -PolicyServer, a template of an AD CS "
          "enrollment policy service (CEP), or the renewal of -cert's certificate by its template, over the CES its CAs "
          "name (-Kerberos, -UserName/-p, -ClientCertificate, -Anonymous)",
          {"config", "cert", "attrib", "policyserver", "user", "machine", "pin", "f", "q", "v", "unicode"}},
         run_enroll},
        {{"ca", "certreq -ca init [-config DIR] [CAPolicy.inf] | list | issue|deny RequestId | revoke Serial [Reason] | crl OutFile",
          "Create and administer a local CA in a directory (-config -: <machine store>/ca)",
          {"config", "binary", "unicodetext", "pin", "f", "q", "v", "unicode"}},
         run_ca},
        {{"sign", "certreq -sign [-cert CertId] [Options] RequestFileIn RequestFileOut",
          "Sign a PKCS#10, PKCS#7 or CMC request with an installed certificate's key (adds a signer to CMC); "
          "without -cert, the one installed Certificate Request Agent certificate (-noEKU: any)",
          {"cert", "binary", "user", "machine", "hashalgorithm", "alternatesignaturealgorithm", "noeku", "unicodetext", "pin", "f",
           "q", "v", "unicode"}},
         run_sign},
        {{"policy", "certreq -policy [-cert CertId] [Options] RequestFileIn PolicyFileIn RequestFileOut [PKCS10FileOut]",
          "Apply a policy INF to a request or CA certificate: a CMC request (and PKCS#10) signed by -cert; "
          "without -cert, the one installed Qualified Subordination certificate (-noEKU: any)",
          {"cert", "attrib", "binary", "user", "machine", "hashalgorithm", "alternatesignaturealgorithm", "noeku", "unicodetext",
           "pin", "f", "q", "v", "unicode"}},
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
    write_to(f, "  certreq -? | certreq VERB -? | certreq -v -? | certreq --version\n");
    if (verbose) {
        write_to(f, "\nOptions:\n");
        for (auto& o : all_options) {
            write_to(f, "  -"), write_to(f, o.name), write_to(f, o.takes_value ? " VALUE" : "");
            write_to(f, "\n      "), write_to(f, o.help), write_to(f, "\n");
        }
    }
    write_to(f, "\nVerbs and options are case-insensitive and may start with '-' or '/'. With no verb, -submit.\n"
                "-q suppresses prompts and progress only: result lines (RequestId, dispositions,\n"
                "Installed Certificate, CertReq: Request Created) are always printed.\n"
                "Exit codes: 0 success, also for a request left pending or denied (the disposition is\n"
                "printed, as certreq.exe does); 1 failure, ending with certreq.exe's line\n"
                "  Certificate Request Processor: <text> 0x<HRESULT> (<facility>: <code> <SYMBOL>)\n"
                "2 usage error. CERTREQ_DISPOSITION_EXIT_CODES=1: exit 3 pending, 4 denied.\n");
}

// check_options refuses what a verb cannot use: options that need a
// Microsoft CA (explained; exit 1), and options the verb does not take (usage
// error naming the verb and the option). Option values are never echoed (-p).
int check_options(const command_line& cl, const verb_spec& v) {
    // -submit / -retrieve to an enrollment web service take its authentication options.
    bool web_service = (v.name == "submit" || v.name == "retrieve") && is_adcs_url(cl.opts.config);
    // -enroll -PolicyServer (CEP, then CES) takes them too.
    bool policy_enroll = v.name == "enroll" && !cl.opts.policy_server.empty();
    auto allowed = [&](const std::string& name) {
        return ((web_service || policy_enroll) && adcs_auth_option(name)) || (policy_enroll && name == "policyserver");
    };
    for (auto& name : cl.opts.seen)
        if (const char* what = ms_ca_option(name); what && !allowed(name)) {
            err("certreq -", v.name, ": ", option_spelling(name), " ", what, ". It needs a Microsoft CA: ",
                adcs_auth_option(name)
                    ? "-submit and -retrieve take it with -config naming an AD CS enrollment web service "
                      "(https://host/CA_CES_Auth/service.svc/CES) or AD CS Web Enrollment (https://host/certsrv), "
                      "and -enroll with -PolicyServer.\n"
                : name == "policyserver"
                    ? "-enroll takes it, naming an AD CS enrollment policy service (certreq -enroll -PolicyServer "
                      "https://host/ADPolicyProvider_CEP_Auth/service.svc/CEP "
                      "TemplateName); DCOM/RPC to the CA is not supported by this build.\n"
                    : "DCOM/RPC to the CA is not supported by this build; "
                      "-config takes - (the local CA), a directory holding a local CA, an AD CS enrollment web service "
                      "(https://host/CA_CES_Auth/service.svc/CES), AD CS Web Enrollment (https://host/certsrv) or an "
                      "http(s):// SCEP server URL.\n");
            windows_line(certreq::core::hr::not_supported);
            return exit_failed;
        }
    for (auto& name : cl.opts.seen) {
        bool ok = false;
        for (auto o : v.options) ok = ok || o == name;
        if (ok || allowed(name)) continue;
        std::string takes;
        for (auto o : v.options) takes.append(1, ' ').append(option_spelling(o));
        err("certreq -", v.name, ": option ", option_spelling(name), " is not used by -", v.name, " (it takes:", takes,
            "; certreq -", v.name, " -? for help)\n");
        windows_line(certreq::core::hr::invalid_parameter);
        return exit_usage;
    }
    return exit_ok;
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
    // A PIN or password given on the command line is readable by every user
    // in /proc/PID/cmdline (ps) while certreq runs: blank argv's copy, and
    // args', now that the options hold it.
    for (std::size_t i : cl.secret_values) {
        ::explicit_bzero(argv[i + 1], std::strlen(argv[i + 1]));
        wipe(args[i]);
    }

    if (!cl.error.empty()) {
        print_usage(stderr, false);
        err(cl.error, "\n");
        return exit_usage;
    }
    if (cl.opts.version) {
        write_to(stdout, certreq::verbs::version_text());
        return exit_ok;
    }
    if (args.empty()) {  // certreq.exe opens a file dialog here; a terminal has none
        err("certreq: no verb and no request file given\n");
        print_usage(stderr, false);
        return exit_usage;
    }
    if (cl.opts.help) {
        for (auto& v : verb_table())
            if (v.spec.name == cl.verb) {
                print_verb_help(stdout, v.spec);
                return exit_ok;
            }
        print_usage(stdout, cl.opts.verbose);
        return exit_ok;
    }
    // No verb: -submit, as certreq.exe (`certreq -config DIR req.req cert.cer`).
    if (cl.verb.empty()) cl.verb = "submit";
    for (auto& v : verb_table())
        if (v.spec.name == cl.verb) {
            if (int rc = check_options(cl, v.spec); rc != exit_ok) return rc;
            return v.run(cl);
        }
    return exit_usage;
}
