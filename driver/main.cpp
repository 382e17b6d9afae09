// certreq driver: a verb table (boringssl tool.cc style). Each verb parses its
// positional arguments, calls the library side in include/certreq/verbs/ and
// prints; nothing here builds DER or touches keys.
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"
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
          {"attrib", "binary", "cert", "config", "user", "machine", "f", "q", "v"}},
         run_new},
        {{"dump", "certreq -dump [Options] File",
          "Show a request, certificate, PKCS#7/CMS, CMC or SCEP message in readable form",
          {"json", "v"}},
         run_dump},
    };
    return table;
}

void print_usage(std::ostream& out, bool verbose) {
    out << "Usage:\n";
    for (auto& v : verb_table()) {
        out << "  " << v.spec.syntax << "\n";
        if (verbose) out << "      " << v.spec.summary << "\n";
    }
    out << "  certreq -? | certreq VERB -? | certreq -v -?\n";
    if (verbose) {
        out << "\nOptions:\n";
        for (auto& o : all_options)
            out << "  -" << o.name << (o.takes_value ? " VALUE" : "") << "\n      " << o.help << "\n";
    }
    out << "\nVerbs and options are case-insensitive and may start with '-' or '/'.\n"
           "Exit codes: 0 success, 1 failure (see the messages), 2 usage error.\n";
}

void print_verb_help(std::ostream& out, const verb_spec& v) {
    out << "Usage:\n  " << v.syntax << "\n" << v.summary << "\n\nOptions:\n";
    for (auto name : v.options)
        if (const option_spec* o = find_option(name))
            out << "  -" << o->name << (o->takes_value ? " VALUE" : "") << "\n      " << o->help << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::vector<std::string_view> names;
    for (auto& v : verb_table()) names.push_back(v.spec.name);
    command_line cl = parse(args, names);

    if (!cl.error.empty()) {
        print_usage(std::cerr, false);
        std::cerr << cl.error << "\n";
        return exit_usage;
    }
    if (cl.opts.help || args.empty()) {
        for (auto& v : verb_table())
            if (v.spec.name == cl.verb) {
                print_verb_help(std::cout, v.spec);
                return exit_ok;
            }
        print_usage(std::cout, cl.opts.verbose);
        return args.empty() ? exit_usage : exit_ok;
    }
    if (cl.verb.empty()) {
        // certreq's default verb is -submit, which this build does not offer yet.
        print_usage(std::cerr, false);
        std::cerr << "no verb given (-submit, the Windows default, is not available in this build)\n";
        return exit_usage;
    }
    for (auto& v : verb_table())
        if (v.spec.name == cl.verb) return v.run(cl);
    return exit_usage;
}
