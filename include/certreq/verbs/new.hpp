// verbs/new.hpp: the library side of `certreq -new`.
//
//   build_new: INF bytes -> document -> request model -> key -> DER -> signed
//              request or self-signed certificate. Pure apart from reading an
//              existing key from the store (and its RSA blinding cache,
//              store/blinded_signer.hpp) and making or using a key on a token
//              (verbs/new_token.hpp); writes no output. Whatever the key is
//              (software, token, or the caller's: new_options::signer), it
//              signs through the signer seam (mbed/signer.hpp).
//   save_new:  stores the key and the pending request (or installs the
//              certificate), then writes the output file; all or nothing.
//
// Defined in verbs/new.ipp (core/config.hpp: with CERTREQ_SEPARATE_COMPILATION
// a TU that calls these compiles none of the INF reader, lowering or signing).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "certreq/core/bytes.hpp"
#include "certreq/core/config.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/read.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/mbed/signer.hpp"
#include "certreq/model/request.hpp"
#include "certreq/os/error.hpp"
#include "certreq/scep/state.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/host_identity.hpp"
#include "certreq/verbs/scep_ca.hpp"
#include "certreq/verbs/stored_key.hpp"

namespace certreq::verbs {

struct new_options {
    std::string attrib;                   // -attrib "Name:Value\nName2:Value2"
    std::int64_t now = 0;                 // the clock (Unix seconds); SOURCE_DATE_EPOCH in the driver
    bool deterministic_serial = false;    // serial from a hash of the certificate's content (reproducible builds)
    host_identity host;                   // for the client-info and OS-version attributes
    mbed::keygen_progress progress;       // long RSA generation
    std::optional<bool> machine_store;    // -machine (true) / -user (false); unset: MachineKeySet decides
    // store_from_option: machine_store came from -user/-machine on the command
    // line. Then an explicit MachineKeySet must agree, as on Windows: -user with
    // MachineKeySet = TRUE, or -machine with MachineKeySet = FALSE, is an error.
    bool store_from_option = false;
    std::string issuer_cert;              // -cert: issue the RequestType=Cert certificate with this
                                          // installed certificate and its key (store/cert_id.hpp:
                                          // thumbprint, serial, subject CN or FriendlyName)
    std::function<void(model::request&)> adjust;  // called after lowering (e.g. -enroll renew sets the exact subject)
    std::string exchange_cert;            // -xchg: the CA exchange certificate file (PrivateKeyArchive)
    key_access access;                    // keys on tokens: -pin / $CERTREQ_PIN, a prompt, $CERTREQ_PROVIDERS
    // The caller's key (a secure element, its own PKCS#11 session: mbed/signer.hpp,
    // p11::token_signer): the request is made with it and no key is made or
    // read; save_new then refuses (the caller keeps its key), output_text gives the file.
    const mbed::signer* signer = nullptr;
    std::optional<mbed::rng_ref> rng;     // the caller's random source (default: mbed::system_rng())
    // scep_server: the CA as -enroll asked the SCEP server (GetCACert,
    // GetCACaps): RequestType = SCEP is made for it where the INF names no
    // CACerts or CACapabilities of its own (verbs/new_scep.hpp).
    std::optional<scep_ca> scep_server;
};

// new_result is what build_new made. Diagnostics of every step are in
// `inf.diags` (bound to the INF text, so positions print with the line).
struct new_result {
    inf::read_result inf;
    model::request request;
    bool ok = false;
    bytes der;                   // the PKCS#10 request or the certificate
    bool is_certificate = false;
    mbed::secret_string key_pem; // the new key, PKCS#8 PEM (wiped when it dies); empty when an existing key was used
    std::string token_reference; // a key on a token: what the container holds instead (store/token_reference.hpp)
    std::shared_ptr<const stored_key> new_token_key;  // a key this run made on a token: removed again if saving fails
    bool caller_key = false;     // made with new_options::signer
    std::string key_container;
    std::string public_key_sha1; // hex SHA-1 of the SubjectPublicKeyInfo
    std::string thumbprint;      // certificates: hex SHA-1 of the DER
    std::string serial_hex;      // certificates
    std::int64_t not_before = 0, not_after = 0;
    bool machine = false;        // the machine store was used (and is where save_new must write)
    std::optional<scep::transaction_state> scep_state;  // RequestType = SCEP: what -submit needs

    diagnostics& diags() noexcept { return inf.diags; }
};

// lower_new is build_new's first half: INF bytes -> document -> request
// model, into `out` (diagnostics bound to the INF text). False when the INF
// is wrong; else the caller may change out.request before make_new.
CERTREQ_DECL bool lower_new(new_result& out, byte_view inf_bytes, std::string inf_name, const new_options& opt);

// make_new is build_new's second half: the key, the signature and the
// wrapping of out.request (lowered from out.inf, or built in code: then
// out.inf.doc is empty and errors have no position). UseExistingKeySet and
// -cert read from the user or the machine store (either may be null):
// -user/-machine choose, else MachineKeySet; out.machine says which.
CERTREQ_DECL void make_new(new_result& out, const new_options& opt, const store::key_store* user_keys,
                           const store::key_store* machine_keys);

// build_new makes the request (or certificate) that `inf_bytes` describes
// (lower_new, then make_new).
CERTREQ_DECL new_result build_new(byte_view inf_bytes, std::string inf_name, const new_options& opt,
                                  const store::key_store* user_keys = nullptr,
                                  const store::key_store* machine_keys = nullptr);

// build_new makes the request that `request` describes, built in code (a
// renewal, a SCEP template) rather than lowered from an INF; `name` starts
// its diagnostics.
CERTREQ_DECL new_result build_new(model::request request, std::string name, const new_options& opt,
                                  const store::key_store* user_keys = nullptr,
                                  const store::key_store* machine_keys = nullptr);

// output_text: what goes into the output file: DER with -binary, else
// base64 framed as certreq frames it.
CERTREQ_DECL std::string output_text(const new_result& n, bool binary, bool unicode = false);

// save_new stores the key with the pending request (or installs the
// certificate with its key) and writes `out_path` (0666 less the umask, 0600
// when it carries a challenge password; never replacing an existing file
// unless `force`; empty: no file, as -enroll; `unicode`: -UnicodeText, see
// unicode_text), holding the store's lock. `force` is about the output file
// only: an existing key container is never replaced (as on Windows, only
// UseExistingKeySet reuses one). On failure nothing is left behind.
CERTREQ_DECL os::status save_new_once(const new_result& n, store::key_store& ks, const std::string& out_path, bool binary,
                                      bool force, bool unicode);

// save_new stores the key with the pending request (or installs the
// certificate with its key) and writes `out_path`; see save_new_once. A key
// this run made on a token is removed from it again when saving fails.
CERTREQ_DECL os::status save_new(const new_result& n, store::key_store& ks, const std::string& out_path, bool binary,
                                 bool force, bool unicode = false);

}  // namespace certreq::verbs

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/verbs/new.ipp"
#endif
