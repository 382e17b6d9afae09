// certreq -accept [-user|-machine] CertChainFileIn|FullResponseFileIn|CertFileIn
// installs the certificate with the key of its pending request (verbs/accept.hpp).
#include <string>

#include "certreq/os/file.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/accept.hpp"
#include "clock.hpp"
#include "key_access.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

int run_accept(const command_line& cl) {
    const auto& o = cl.opts;
    if (cl.positional.size() != 1) {
        err("certreq -accept: expected one file: a certificate, a PKCS#7 chain or a full response (certreq -accept -? for help)\n");
        return exit_usage;
    }
    auto file = os::read_file(cl.positional[0]);
    if (!file) return fail(file.err().message, file.err().hresult());
    auto user = store::key_store::open(store::scope::user);
    auto machine = store::key_store::open(store::scope::machine);
    store::key_store* u = (!o.machine && user) ? &*user : nullptr;
    store::key_store* m = (!o.user && machine) ? &*machine : nullptr;
    if (o.user && !user) return fail(user.err().message, user.err().hresult());
    auto r = verbs::accept_file(*file, u, m, key_access_of(o));
    if (!r) return fail(cl.positional[0] + ": " + r.err().message, r.err().hresult);
    for (auto& w : r->warnings) err("certreq: warning: ", w, "\n");
    // Printed under -q too (it suppresses prompts only): scripts parse these lines.
    std::string subject = r->subject;
    // certreq shows the SAN's DNS names after the subject.
    for (std::size_t i = 0; i < r->dns_names.size(); ++i) subject.append(i ? ", DNS Name=" : " (DNS Name=").append(r->dns_names[i]);
    if (!r->dns_names.empty()) subject.append(")");
    out("Installed Certificate:\n", "  Serial Number: ", r->serial_hex, "\n", "  Subject: ", subject, "\n",
        "  NotBefore: ", windows_time(r->not_before), "\n", "  NotAfter: ", windows_time(r->not_after), "\n",
        "  Thumbprint: ", r->thumbprint, "\n");
    return exit_ok;
}

}  // namespace certreq::driver
