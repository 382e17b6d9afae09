// verbs/cert_picker.hpp: the signing certificate of -sign and -policy: -cert
// CertId, or certreq's certificate picker without its dialog: the one
// certificate with a private key, in the stores -user/-machine allow, whose
// EKU allows the verb's purpose (-noEKU: any). None or several is an error
// that names the stores searched or the candidates' thumbprints.
#pragma once
#include <cerrno>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/diagnostic.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_options.hpp"
#include "certreq/verbs/signing_cert.hpp"

namespace certreq::verbs {

// cert_choice: -cert and -noEKU as given, and what the verb signs for.
struct cert_choice {
    std::string cert;                   // -cert CertId ("" or not given: pick one)
    bool no_eku = false;                // -noEKU
    std::string_view verb;              // "-sign", "-policy": starts the picker's messages
    std::string_view purpose;           // the EKU OID the picker looks for
    std::string_view purpose_name;      // its name, for the messages
};

// pick_cert: the thumbprint of the one certificate that qualifies; else the
// reason goes to `rep` and the result is empty.
inline std::optional<std::string> pick_cert(const cert_choice& c, store_choice stores, report& rep) {
    std::vector<std::string> found, searched;
    for (auto sc : {store::scope::user, store::scope::machine}) {
        if ((sc == store::scope::user && stores.machine) || (sc == store::scope::machine && stores.user)) continue;
        auto ks = store::key_store::open(sc);
        if (!ks) continue;
        searched.push_back(ks->root());
        auto list = signing_candidates(*ks, c.no_eku ? std::string_view{} : c.purpose);
        if (!list) return rep.err("certreq ", c.verb, ": ", list.err().message, "\n"), std::nullopt;
        found.insert(found.end(), list->begin(), list->end());
    }
    std::string what = "certificate with a private key";
    if (!c.no_eku) what.append(" and the ").append(c.purpose_name).append(" EKU (").append(c.purpose).append("; -noEKU: any)");
    std::string where;
    for (auto& s : searched) where.append(where.empty() ? "" : ", ").append(s);
    if (found.empty()) {
        rep.err("certreq ", c.verb, ": no -cert given, and no ", what, " in ", where.empty() ? std::string("any store") : where, "\n");
        return std::nullopt;
    }
    if (found.size() > 1) {
        std::string list;
        for (auto& t : found) list.append("\n  ").append(t);
        rep.err("certreq ", c.verb, ": no -cert given, and ", std::to_string(found.size()), " certificates qualify (", what,
                "); choose one with -cert:", list, "\n");
        return std::nullopt;
    }
    return found[0];
}

// choose_signing_cert finds -cert (or the one certificate pick_cert finds) in
// the user store (-user), the machine store (-machine), or else the user
// store then the machine store, with its key. When there is none, why is on
// `rep` and `rep` has failed: with the key's own HRESULT (a card's wrong PIN
// is SCARD_W_WRONG_CHV), else CRYPT_E_NOT_FOUND.
inline std::optional<signing_cert> choose_signing_cert(const cert_choice& c, store_choice stores, const key_access& access,
                                                       report& rep) {
    std::string id = c.cert;
    if (id.empty()) {
        auto picked = pick_cert(c, stores, rep);
        if (!picked) return rep.failed_with(core::hr::crypt_not_found), std::nullopt;
        id = *picked;
    }
    auto user = store::key_store::open(store::scope::user);
    auto machine = store::key_store::open(store::scope::machine);
    diagnostics d("-cert");
    // The first store that knows the id answers (an ambiguous name is an
    // error there); a store where nothing matches passes on to the next.
    std::optional<signing_cert> chosen;
    std::string not_found;
    for (store::key_store* ks : {(!stores.machine && user) ? &*user : nullptr, (!stores.user && machine) ? &*machine : nullptr}) {
        if (!ks) continue;
        auto found = store::resolve_certificate(*ks, id);
        if (!found && found.err().os_errno == ENOENT) {
            not_found.append(not_found.empty() ? "" : "; ").append(found.err().message);
            continue;
        }
        if (!found) d.error({}, "-cert: " + found.err().message);
        else chosen = load_signing_cert(std::move(*found), *ks, "-cert", d, {}, access);
        break;
    }
    if (!chosen) {
        if (!d.has_errors()) {
            std::string why = "-cert: ";
            if (not_found.empty()) why.append("no installed certificate matches '").append(id).append("'");
            else why.append(not_found);
            d.error({}, why);
        }
        rep.show(d, severity::warning);
        rep.failed_with(d.hresult(core::hr::crypt_not_found));
    }
    return chosen;
}

// ready_signer: the signing certificate and the random generator its
// signature takes, as -sign and -policy need them.
struct ready_signer {
    signing_cert cert;
    mbed::rng_ref rng;
};

// signer_for: choose_signing_cert, then the system RNG; nullopt when either
// fails (why, and the failure's code, are on `rep`).
inline std::optional<ready_signer> signer_for(const cert_choice& c, const run_options& ro, report& rep) {
    auto signer = choose_signing_cert(c, ro.stores, ro.access, rep);
    if (!signer) return std::nullopt;  // choose_signing_cert failed rep with the key's code, else CRYPT_E_NOT_FOUND
    auto rng = mbed::system_rng();
    if (!rng) return rep.fail(rng.err().message(), core::hr::fail), std::nullopt;
    return ready_signer{std::move(*signer), *rng};
}

}  // namespace certreq::verbs
