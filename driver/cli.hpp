// driver/cli.hpp: certreq's command-line syntax. Verbs and options are
// case-insensitive and start with '-' or '/'. A word starting with '/' is an
// option only when it names one (so /tmp/a.inf stays a file name).
#pragma once
#include <optional>
#include <string.h>  // explicit_bzero
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace certreq::driver {

// option_spec describes one option: its canonical spelling and whether it takes a value.
struct option_spec {
    std::string_view name;
    bool takes_value;
    std::string_view help;
};

// Every option certreq documents (spec §1.3) plus ours (-f, -q, -v, -json).
// Options that are accepted for compatibility but mean nothing here are
// marked in their help text.
inline constexpr option_spec all_options[] = {
    {"binary", false, "write output files as DER instead of base64"},
    {"f", false, "overwrite existing output files (never a key container)"},
    {"q", false, "quiet: no prompts or progress output (result lines are still printed: scripts parse them)"},
    {"v", false, "verbose: show notes (e.g. INF keys that mean nothing off Windows)"},
    {"user", false, "use the user store (default)"},
    {"machine", false, "use the machine store (/var/lib/certreq)"},
    {"attrib", true, "request attributes \"Name:Value\\nName2:Value2\""},
    {"config", true, "CA: '-' (the local CA), a directory holding a local CA, an AD CS enrollment web service "
                     "(https://host/CA_CES_Auth/service.svc/CES), AD CS Web Enrollment (https://host/certsrv) "
                     "or an http(s):// SCEP URL; "
                     "HOST\\CANAME (an AD CS CA over DCOM/RPC) is not reachable from this build"},
    {"cert", true, "certificate: thumbprint (any case, spaces allowed), serial, subject CN or FriendlyName"},
    {"json", false, "with -dump: print JSON"},
    {"any", false, "accepted for compatibility (encoding is always detected)"},
    {"unicode", false, "accepted for compatibility (console output is always UTF-8)"},
    {"unicodetext", false, "write base64 output files as UTF-16LE with a byte-order mark (FF FE)"},
    {"crl", false, "include CRLs in PKCS#7 chain output"},
    {"rpc", false, "Microsoft CA only: submit over RPC (MS-ICPR) instead of DCOM; refused here"},
    {"adminforcemachine", false, "Microsoft CA only: submit as LocalSystem through the key service; refused here"},
    {"renewonbehalfof", false, "Microsoft CA only: renew on behalf of (CR_IN_ROBO); refused here"},
    {"nochallenge", false, "accepted for compatibility (no key-attestation challenge here)"},
    {"noeku", false, "do not filter signing certificates by EKU"},
    {"alternatesignaturealgorithm", false, "sign with RSASSA-PSS"},
    {"hashalgorithm", true, "hash algorithm for -policy/-sign"},
    {"policyserver", true, "with -enroll: an AD CS enrollment policy service "
                           "(https://host/ADPolicyProvider_CEP_Auth/service.svc/CEP); the template's CAs are reached over CES"},
    {"anonymous", false, "AD CS web services (CES, certsrv): no authentication"},
    {"kerberos", false, "AD CS web services (CEP, CES, certsrv): Kerberos (SPNEGO with the ticket cache; the default)"},
    {"clientcertificate", true, "AD CS web services (CES, certsrv): TLS client authentication with an installed certificate and its key (or its token key)"},
    {"username", true, "AD CS web services: user name (with -p; CES: WS-Security UsernameToken, certsrv: HTTP Basic or NTLM; https only)"},
    {"p", true, "AD CS web services: the password for -UserName (never printed)"},
    {"pin", true, "the PIN of the smart card or token that holds the key (else $CERTREQ_PIN, else a prompt on the terminal)"},
    {"xchg", true, "CA exchange certificate file for key archival"},
};

// adcs_auth_option: the options that choose how to authenticate to an AD CS
// enrollment web service; -submit and -retrieve take them with a CES -config.
inline bool adcs_auth_option(std::string_view name) {
    return name == "kerberos" || name == "username" || name == "p" || name == "clientcertificate" || name == "anonymous";
}

// ms_ca_option: what an option that only a Microsoft CA understands is for
// (AD CS web services, CEP/CES, or DCOM/RPC submission), or null for the rest.
// These are refused with that explanation instead of being silently accepted.
inline const char* ms_ca_option(std::string_view name) {
    if (name == "policyserver") return "names the certificate enrollment policy server (CEP, or the Active Directory enrollment policy)";
    if (name == "kerberos") return "authenticates to AD CS enrollment web services (CEP/CES) with Kerberos";
    if (name == "username") return "authenticates to AD CS enrollment web services (CEP/CES) with a user name and password";
    if (name == "p") return "is the password for -UserName (AD CS enrollment web services)";
    if (name == "clientcertificate") return "authenticates to AD CS enrollment web services (CEP/CES) with a client certificate";
    if (name == "anonymous") return "uses anonymous authentication to AD CS enrollment web services (CEP/CES)";
    if (name == "rpc") return "submits to an AD CS CA over RPC (MS-ICPR) instead of DCOM (MS-WCCE)";
    if (name == "adminforcemachine") return "submits as LocalSystem through the Windows key service to an AD CS CA";
    if (name == "renewonbehalfof") return "sets the renew-on-behalf-of flag (CR_IN_ROBO) of an AD CS CA submission";
    return nullptr;
}

// option_spelling: how certreq.exe's usage spells an option ("-PolicyServer").
inline std::string option_spelling(std::string_view name) {
    static constexpr std::pair<std::string_view, std::string_view> mixed[] = {
        {"policyserver", "PolicyServer"},         {"clientcertificate", "ClientCertificate"},
        {"username", "UserName"},                 {"adminforcemachine", "AdminForceMachine"},
        {"renewonbehalfof", "RenewOnBehalfOf"},   {"kerberos", "Kerberos"},
        {"anonymous", "Anonymous"},               {"unicodetext", "UnicodeText"},
        {"hashalgorithm", "HashAlgorithm"},       {"alternatesignaturealgorithm", "AlternateSignatureAlgorithm"},
        {"noeku", "noEKU"},                       {"nochallenge", "NoChallenge"},
    };
    // Built by appending: `"-" + std::string&&` trips GCC 12's false -Wrestrict at -O3.
    std::string out(1, '-');
    for (auto& [k, v] : mixed)
        if (k == name) return out.append(v);
    return out.append(name);
}

// verb_spec: a verb, its positional syntax and a one-line description.
struct verb_spec {
    std::string_view name;
    std::string_view syntax;
    std::string_view summary;
    std::vector<std::string_view> options;
};

// wipe overwrites a string's characters (a PIN, a password) before it is
// freed; explicit_bzero is not optimized away as a dead store.
inline void wipe(std::string& s) noexcept {
    if (!s.empty()) ::explicit_bzero(s.data(), s.size());
    s.clear();
}

struct parsed_options {
    bool binary = false, force = false, quiet = false, verbose = false;
    bool user = false, machine = false, json = false, crl = false, help = false, version = false;
    bool alternate_signature = false, no_eku = false, unicode_text = false;
    std::string attrib, config, cert, hash_algorithm, xchg;
    std::string pin;  // -pin: a token's PIN (never printed)
    bool config_given = false, cert_given = false;
    // AD CS web services: authentication (the password is never printed).
    bool kerberos = false, anonymous = false, password_given = false;
    std::string username, password, client_certificate, policy_server;
    std::vector<std::string> seen;  // canonical names, in order
    ~parsed_options() {
        wipe(pin);
        wipe(password);
    }
};

struct command_line {
    std::string verb;  // canonical lower-case name without prefix; empty if none given
    parsed_options opts;
    std::vector<std::string> positional;
    std::string error;  // non-empty: unknown argument or missing value
    std::vector<std::size_t> secret_values;  // indices into args of -pin's and -p's values
};

inline std::string lower(std::string_view s) {
    std::string r(s);
    for (auto& c : r)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return r;
}

inline const option_spec* find_option(std::string_view lowered) {
    for (auto& o : all_options)
        if (o.name == lowered) return &o;
    return nullptr;
}

// parse splits argv into verb, options and positional arguments. `verbs` are
// the verb names this build knows (lower case).
inline command_line parse(const std::vector<std::string>& args, const std::vector<std::string_view>& verbs) {
    command_line cl;
    auto is_verb = [&](std::string_view w) {
        for (auto v : verbs)
            if (v == w) return true;
        return false;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        bool dashed = a.size() > 1 && (a[0] == '-' || a[0] == '/');
        // En dash, as pasted from Microsoft's documentation.
        if (!dashed && a.size() > 3 && a.compare(0, 3, "\xE2\x80\x93") == 0) dashed = true;
        if (!dashed) {
            cl.positional.push_back(a);
            continue;
        }
        std::string word = lower(std::string_view(a).substr(a[0] == '\xE2' ? 3 : 1));
        // -? /? as certreq.exe; -h --help -help and --version -version as every Unix tool.
        if (word == "?" || word == "h" || word == "help" || word == "-help") {
            cl.opts.help = true;
            continue;
        }
        if (word == "version" || word == "-version") {
            cl.opts.version = true;
            continue;
        }
        if (is_verb(word)) {
            if (!cl.verb.empty() && cl.verb != word) {
                cl.error = "more than one verb: -" + cl.verb + " and " + a;
                return cl;
            }
            cl.verb = word;
            continue;
        }
        const option_spec* o = find_option(word);
        if (!o) {
            if (a[0] == '/') {  // a path, not an option
                cl.positional.push_back(a);
                continue;
            }
            cl.error = "Unknown argument: " + a;
            return cl;
        }
        std::string value;
        if (o->takes_value) {
            if (i + 1 >= args.size()) {
                cl.error = "missing value after " + a;
                return cl;
            }
            value = args[++i];
        }
        auto& p = cl.opts;
        std::string_view n = o->name;
        struct wipe_on_exit {  // the parse's own copy of a value (a PIN, a password)
            std::string& s;
            ~wipe_on_exit() { wipe(s); }
        } wiped{value};
        p.seen.emplace_back(n);
        if (n == "binary") p.binary = true;
        else if (n == "f") p.force = true;
        else if (n == "q") p.quiet = true;
        else if (n == "v") p.verbose = true;
        else if (n == "user") p.user = true;
        else if (n == "machine") p.machine = true;
        else if (n == "json") p.json = true;
        else if (n == "crl") p.crl = true;
        else if (n == "noeku") p.no_eku = true;
        else if (n == "unicodetext") p.unicode_text = true;
        else if (n == "alternatesignaturealgorithm") p.alternate_signature = true;
        else if (n == "attrib") p.attrib += (p.attrib.empty() ? "" : "\\n") + value;
        else if (n == "config") p.config = value, p.config_given = true;
        else if (n == "pin") p.pin = value, cl.secret_values.push_back(i);
        else if (n == "cert") {
            // certreq's documentation writes a thumbprint unquoted as certutil
            // prints it: `-cert 61 2d 3c fe ...` (spec §1.2). Twenty tokens of
            // two hex digits each are taken as one thumbprint; anything else
            // is a single argument as usual (quote it: `-cert "61 2d ..."`).
            auto hex_pair = [](const std::string& t) {
                auto x = [](char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); };
                return t.size() == 2 && x(t[0]) && x(t[1]);
            };
            bool spread = hex_pair(value) && i + 19 < args.size();
            for (std::size_t k = 1; spread && k <= 19; ++k) spread = hex_pair(args[i + k]);
            if (spread)
                for (std::size_t k = 0; k < 19; ++k) value += " " + args[++i];
            p.cert = value, p.cert_given = true;
        }
        else if (n == "hashalgorithm") p.hash_algorithm = value;
        else if (n == "kerberos") p.kerberos = true;
        else if (n == "anonymous") p.anonymous = true;
        else if (n == "username") p.username = value;
        else if (n == "p") p.password = value, p.password_given = true, cl.secret_values.push_back(i);
        else if (n == "clientcertificate") p.client_certificate = value;
        else if (n == "policyserver") p.policy_server = value;
        else if (n == "xchg") p.xchg = value;
    }
    if (cl.opts.user && cl.opts.machine) cl.error = "-user and -machine cannot be combined";
    return cl;
}

}  // namespace certreq::driver
