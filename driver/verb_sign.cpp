// certreq -sign [-cert CertId] [-noEKU] RequestFileIn RequestFileOut: signs a
// PKCS#10, PKCS#7 or CMC request with an installed certificate's key
// (verbs/sign.hpp).
#include <cerrno>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/mbed/rng.hpp"
#include "certreq/os/file.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/sign.hpp"
#include "certreq/verbs/signing_cert.hpp"
#include "outputs.hpp"
#include "key_access.hpp"
#include "print.hpp"
#include "verbs.hpp"

namespace certreq::driver {

// pick_cert is certreq's certificate picker without the dialog: the one
// certificate with a private key, in the stores -user/-machine allow, whose EKU
// allows `purpose` (-noEKU: any). None or several is an error naming them.
std::optional<std::string> pick_cert(const command_line& cl, const char* verb, std::string_view purpose, std::string_view purpose_name) {
    const auto& o = cl.opts;
    std::vector<std::string> found, searched;
    for (auto sc : {store::scope::user, store::scope::machine}) {
        if ((sc == store::scope::user && o.machine) || (sc == store::scope::machine && o.user)) continue;
        auto ks = store::key_store::open(sc);
        if (!ks) continue;
        searched.push_back(ks->root());
        auto c = verbs::signing_candidates(*ks, o.no_eku ? std::string_view{} : purpose);
        if (!c) return err("certreq ", verb, ": ", c.err().message, "\n"), std::nullopt;
        found.insert(found.end(), c->begin(), c->end());
    }
    std::string what = o.no_eku ? std::string("certificate with a private key")
                                : "certificate with a private key and the " + std::string(purpose_name) + " EKU (" +
                                          std::string(purpose) + "; -noEKU: any)";
    std::string where;
    for (auto& s : searched) where += (where.empty() ? "" : ", ") + s;
    if (found.empty()) {
        err("certreq ", verb, ": no -cert given, and no ", what, " in ", where.empty() ? std::string("any store") : where, "\n");
        return std::nullopt;
    }
    if (found.size() > 1) {
        std::string list;
        for (auto& t : found) list += "\n  " + t;
        err("certreq ", verb, ": no -cert given, and ", std::to_string(found.size()), " certificates qualify (", what,
            "); choose one with -cert:", list, "\n");
        return std::nullopt;
    }
    return found[0];
}

// load_cert_option finds -cert (or the one certificate pick_cert finds) in
// the user store (-user), the machine store (-machine), or else the user store
// then the machine store.
std::optional<verbs::signing_cert> load_cert_option(const command_line& cl, const char* verb, std::string_view purpose,
                                                    std::string_view purpose_name) {
    const auto& o = cl.opts;
    std::string id = o.cert;
    if (!o.cert_given || o.cert.empty()) {
        auto picked = pick_cert(cl, verb, purpose, purpose_name);
        if (!picked) return std::nullopt;
        id = *picked;
    }
    auto user = store::key_store::open(store::scope::user);
    auto machine = store::key_store::open(store::scope::machine);
    diagnostics d("-cert");
    // The first store that knows the id answers (an ambiguous name is an
    // error there); a store where nothing matches passes on to the next.
    std::optional<verbs::signing_cert> c;
    std::string not_found;
    for (store::key_store* ks : {(!o.machine && user) ? &*user : nullptr, (!o.user && machine) ? &*machine : nullptr}) {
        if (!ks) continue;
        auto found = store::resolve_certificate(*ks, id);
        if (!found && found.err().code == ENOENT) {
            not_found += (not_found.empty() ? "" : "; ") + found.err().message;
            continue;
        }
        if (!found) d.error({}, "-cert: " + found.err().message);
        else c = verbs::load_signing_cert(std::move(*found), *ks, "-cert", d, {}, key_access_of(o));
        break;
    }
    if (!c) {
        if (!d.has_errors()) d.error({}, "-cert: " + (not_found.empty() ? "no installed certificate matches '" + id + "'" : not_found));
        d.print(stderr, severity::warning);
    }
    return c;
}

int run_sign(const command_line& cl) {
    const auto& o = cl.opts;
    if (cl.positional.size() != 2) {
        err("certreq -sign: expected RequestFileIn and RequestFileOut (certreq -sign -? for help)\n");
        return exit_usage;
    }
    const std::string& in_path = cl.positional[0];
    const std::string& out_path = cl.positional[1];
    verbs::sign_options opt;
    opt.pss = o.alternate_signature;
    if (!o.hash_algorithm.empty()) {
        auto h = verbs::parse_hash_name(o.hash_algorithm);
        if (!h) return err("certreq: -HashAlgorithm: expected sha1, sha256, sha384 or sha512, got '", o.hash_algorithm, "'\n"), exit_usage;
        opt.hash = *h;
    }
    auto outs = plan_outputs({out_path}, o.force);
    if (!outs) return exit_failed;
    auto file = os::read_file(in_path);
    if (!file) return fail(file.err().message, file.err().hresult());
    auto in = pem::detect_and_decode(*file);
    if (!in) return fail(in_path + ": offset " + std::to_string(in.error->offset) + ": " + in.error->message, core::hr::invalid_data);
    auto signer = load_cert_option(cl, "-sign", verbs::purpose_request_agent, "Certificate Request Agent");
    if (!signer) return windows_line(core::hr::crypt_not_found), exit_failed;
    auto rng = mbed::system_rng();
    if (!rng) return fail(rng.err().message(), core::hr::fail);
    auto r = verbs::sign_request(in.der, *signer, opt, *rng);
    if (!r) return fail(in_path + ": " + r.err().message, core::hr::invalid_data);
    auto text = verbs::output_file_text(verbs::label_new_request, r->der, o.binary, o.unicode_text);
    if (auto s = outs->commit({as_bytes(text)}, os::output_mode()); !s) return fail(s.err().message, s.err().hresult());
    out("Signed ", cmc::kind_name(r->input_kind), " request as ", cmc::kind_name(r->output_kind), " with ",
            std::to_string(r->signers), r->signers == 1 ? " signer" : " signers", " (", signer->thumbprint, ")\n");
    return exit_ok;
}

}  // namespace certreq::driver
