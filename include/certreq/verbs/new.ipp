// verbs/new.ipp: the definitions of verbs/new.hpp (included by it in
// header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "certreq/asn1/views.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/read.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/rsa_blinding.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/mbed/signer.hpp"
#include "certreq/model/lower.hpp"
#include "certreq/model/request.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/output_files.hpp"
#include "certreq/store/cert_id.hpp"
#include "certreq/store/container.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/blinded_signer.hpp"
#include "certreq/store/store.hpp"
#include "certreq/store/token_reference.hpp"
#include "certreq/verbs/host_identity.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/verbs/new_scep.hpp"
#include "certreq/verbs/new_token.hpp"
#include "certreq/verbs/new_wrapped.hpp"
#include "certreq/verbs/pem_output.hpp"
#include "certreq/verbs/stored_key.hpp"
#include "certreq/verbs/validity.hpp"
#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/attributes.hpp"
#include "certreq/x509/certificate.hpp"
#include "certreq/x509/csr.hpp"
#include "certreq/x509/extension.hpp"
#include "certreq/x509/extensions/authority_key_identifier.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::verbs {

namespace detail {

inline void mbed_failed(diagnostics& d, const mbed::error& e) { d.error({}, e.message()); }

// key_position: where a [NewRequest] key's value was written (unknown if absent),
// so errors found after lowering still point into the INF.
inline position key_position(const inf::document& doc, std::string_view key) {
    if (const inf::section* nr = doc.find("NewRequest"))
        if (const inf::entry* e = nr->find(key)) return e->value.start();
    return {};
}

// load_existing_key finds the key of UseExistingKeySet: by KeyContainer, or
// through the installed certificate that RenewalCert names.
inline std::optional<stored_key> load_existing_key(const model::request& r, const inf::document& doc,
                                                   const store::key_store* ks, std::string& container, const key_access& a,
                                                   diagnostics& d) {
    position at = key_position(doc, "UseExistingKeySet");
    if (!ks) {
        d.error(at, "UseExistingKeySet: no key store to read the key from");
        return std::nullopt;
    }
    container = r.key_container;
    if (container.empty() && !r.renewal_cert.empty()) {
        auto cert = store::resolve_certificate(*ks, r.renewal_cert);
        at = key_position(doc, "RenewalCert");
        if (!cert) {
            d.error(at, "RenewalCert: " + cert.err().message);
            return std::nullopt;
        }
        if (cert->key_container.empty()) {
            d.error(at, "RenewalCert: certificate " + cert->thumbprint + " has no private key in " + ks->root());
            return std::nullopt;
        }
        container = cert->key_container;
    }
    if (container.empty()) {
        d.error(at, "UseExistingKeySet = TRUE needs KeyContainer or RenewalCert");
        return std::nullopt;
    }
    if (!r.key_container.empty()) at = key_position(doc, "KeyContainer");
    auto key = open_stored_key(*ks, container, a);  // a software key, or a token's through its reference
    if (!key) {
        d.error(at, "KeyContainer \"" + container + "\": ", key.err());
        return std::nullopt;
    }
    return std::move(*key);
}

// fill_key_identifiers computes every SubjectKeyIdentifier left empty by the
// lowering: SHA-1 of the subjectPublicKey BIT STRING contents (RFC 5280 §4.2.1.2 (1)).
inline void fill_key_identifiers(model::request& r, byte_view public_key_bits) {
    for (auto& e : r.extensions)
        if (auto* ski = std::get_if<model::subject_key_identifier>(&e.value); ski && ski->id.empty()) {
            auto h = mbed::sha1(public_key_bits);
            ski->id.assign(h.begin(), h.end());
        }
}

// make_serial: 16 bytes, first nibble 1..7 (positive, as Windows makes them).
inline bool make_serial(const new_options& opt, byte_view spki, const model::request& r, bytes& serial, diagnostics& d) {
    serial.assign(16, 0);
    if (opt.deterministic_serial) {
        bytes seed(spki.begin(), spki.end());
        for (int shift = 56; shift >= 0; shift -= 8) seed.push_back(static_cast<std::uint8_t>(opt.now >> shift));
        for (auto& rdn : r.subject.rdns)
            for (auto& av : rdn) seed.insert(seed.end(), av.value.begin(), av.value.end());
        auto h = mbed::sha256(seed);
        std::copy_n(h.begin(), 16, serial.begin());
    } else {
        auto rng = mbed::system_rng();
        if (!rng) return mbed_failed(d, rng.err()), false;
        if (int rc = rng->fill({serial.data(), serial.size()}); rc != 0)
            return mbed_failed(d, mbed::failed("mbedtls_ctr_drbg_random", rc)), false;
    }
    serial[0] = static_cast<std::uint8_t>((serial[0] & 0x7F) | 0x10);
    if ((serial[0] >> 4) > 7) serial[0] &= 0x7F;
    return true;
}

// issuer is the certificate (and key) that signs a RequestType=Cert
// certificate given with -cert, instead of the new key itself.
struct issuer {
    bytes cert_der;
    byte_view name_der;  // the issuer certificate's subject, inside cert_der
    stored_key key;
};

// load_issuer finds the -cert certificate in the store with its private key.
inline std::optional<issuer> load_issuer(const std::string& id, const store::key_store* ks, const key_access& a,
                                         diagnostics& d) {
    if (!ks) return d.error({}, "-cert: no key store to find the certificate in"), std::nullopt;
    auto found = store::resolve_certificate(*ks, id);
    if (!found) return d.error({}, "-cert: " + found.err().message), std::nullopt;
    if (found->key_container.empty())
        return d.error({}, "-cert: certificate " + found->thumbprint + " has no private key in the store"), std::nullopt;
    auto key = open_stored_key(*ks, found->key_container, a);
    if (!key) return d.error({}, "-cert: ", key.err()), std::nullopt;
    issuer is{std::move(found->der), {}, std::move(*key)};
    auto cert = asn1::read_certificate(is.cert_der);
    auto subject = cert ? cert->subject() : std::nullopt;
    if (!subject) return d.error({}, "-cert: the installed certificate " + found->thumbprint + " does not decode"), std::nullopt;
    is.name_der = subject->whole;
    return is;
}

}  // namespace detail

CERTREQ_DECL bool lower_new(new_result& out, byte_view inf_bytes, std::string inf_name, const new_options& opt) {
    out.inf = inf::read(inf_bytes, std::move(inf_name));
    diagnostics& d = out.diags();
    if (d.has_errors()) return false;
    model::lower_options lo;
    lo.attrib = opt.attrib;
    lo.requester = requester_of(opt.host);
    auto lowered = model::lower(out.inf.doc, d, lo);
    if (!lowered.ok || d.has_errors()) return false;
    out.request = std::move(lowered.req);
    return true;
}

CERTREQ_DECL void make_new(new_result& out, const new_options& opt, const store::key_store* user_keys,
                           const store::key_store* machine_keys) {
    diagnostics& d = out.diags();
    model::request& r = out.request;
    if (opt.adjust) opt.adjust(r);
    if (opt.store_from_option && opt.machine_store && *opt.machine_store != r.machine_key_set) {
        position at = detail::key_position(out.inf.doc, "MachineKeySet");
        if (at.known() || r.machine_key_set) {
            d.error(at, *opt.machine_store
                            ? "-machine: MachineKeySet = FALSE asks for the user store (certreq.exe refuses the mix; drop one)"
                            : "-user: MachineKeySet = TRUE asks for the machine store (certreq.exe refuses the mix; use -machine)",
                    core::hr::invalid_parameter);
            return;
        }
    }
    out.machine = opt.machine_store.value_or(r.machine_key_set);
    const store::key_store* keys = out.machine ? machine_keys : user_keys;
    bool wrapped = r.type == model::request_type::pkcs7 || r.type == model::request_type::cmc;
    if (!opt.issuer_cert.empty() && r.type != model::request_type::cert && !wrapped) {
        d.error(detail::key_position(out.inf.doc, "RequestType"),
                "-cert with -new issues RequestType = Cert certificates; this INF asks for a request");
        return;
    }
    std::optional<scep_ca> scep_target;  // RequestType = SCEP: the CA the PKCS#10 is wrapped for (verbs/new_scep.hpp)
    const scep_ca* server = opt.scep_server ? &*opt.scep_server : nullptr;
    if (r.type == model::request_type::scep && !(scep_target = read_scep_ca(out.inf.doc, d.file(), d, server))) return;
    std::optional<wrap_plan> wrap;  // RequestType = PKCS7 / CMC: signers and extra attributes (verbs/new_wrapped.hpp)
    if ((wrapped || r.private_key_archive) &&
        !(wrap = plan_wrapped(r, opt.issuer_cert, keys, out.inf.doc, d, opt.exchange_cert, opt.access)))
        return;
    // ProviderName (or a pkcs11: KeyContainer) may put the key on a token.
    std::optional<token_target> token;
    if (!opt.signer && !plan_token(r, out.inf.doc, keys, opt.access, token, d)) return;
    std::string container_name = token ? token->container : r.key_container;
    // A container name the store cannot hold is an error at its line.
    if (!token && !opt.signer && !r.key_container.empty())
        if (auto v = store::validate_container_name(r.key_container); !v) {
            d.error(detail::key_position(out.inf.doc, "KeyContainer"), "KeyContainer: " + v.err().message);
            return;
        }
    // A new key never replaces a container (Windows: NTE_EXISTS); checked
    // before the key is made, and again under the store's lock by save_new.
    if (!opt.signer && !r.use_existing_key_set && !container_name.empty() && keys && keys->has_key(container_name)) {
        d.error(detail::key_position(out.inf.doc, "KeyContainer"),
                "KeyContainer \"" + container_name + "\" already exists in " + keys->root() +
                    ": use UseExistingKeySet = TRUE to make a request with that key, or another KeyContainer name "
                    "(-f only overwrites output files)",
                core::hr::nte_exists);
        return;
    }
    // The random source: the caller's, or the process-wide generator.
    mbed::rng_ref rng{};
    if (opt.rng) {
        rng = *opt.rng;
    } else {
        auto sys = mbed::system_rng();
        if (!sys) return detail::mbed_failed(d, sys.err()), void();
        rng = *sys;
    }
    // The key: the caller's, one on a token, one from the store, or a new one.
    std::optional<stored_key> held;          // a token's key, or one from the store
    std::optional<mbed::private_key> fresh;  // a new software key
    const mbed::signer* key = nullptr;
    if (opt.signer) {
        key = opt.signer;
        out.caller_key = true;
    } else if (token) {
        auto tk = open_token_key(*token, r, out.inf.doc, opt.access, rng, d);
        if (!tk) return;
        out.key_container = token->container;
        out.token_reference = tk->reference()->serialize();
        if (r.use_existing_key_set) {
            held = std::move(*tk);
        } else {
            out.new_token_key = std::make_shared<const stored_key>(std::move(*tk));
            key = &out.new_token_key->signer();
        }
    } else if (r.use_existing_key_set) {
        held = detail::load_existing_key(r, out.inf.doc, keys, out.key_container, opt.access, d);
        if (!held) return;
    } else {
        auto k = mbed::private_key::generate(r.key, rng, opt.progress);
        if (!k) return d.error(detail::key_position(out.inf.doc, "KeyLength"), k.err().message()), void();
        fresh = std::move(*k);
        auto pem = fresh->pkcs8_pem();
        if (!pem) return detail::mbed_failed(d, pem.err()), void();
        out.key_pem = std::move(*pem);
        out.key_container = r.key_container.empty() ? store::default_container_name() : r.key_container;
    }
    if (!key) key = held ? &held->signer() : &*fresh;  // (the token's new key is set above)
    // The software key, where there is one (PrivateKeyArchive, SCEP, the blinding cache need it).
    const mbed::private_key* software = fresh ? &*fresh : held ? held->software() : nullptr;
    // A token key made in this run is removed again when the request fails.
    token_key_guard undo{out.new_token_key, out.ok};
    if (r.alternate_signature && key->algorithm() != model::key_algorithm::rsa) {
        d.warning(detail::key_position(out.inf.doc, "AlternateSignatureAlgorithm"),
                  "AlternateSignatureAlgorithm applies to RSA keys only; signing with ECDSA");
        r.alternate_signature = false;
    }

    auto spki = key->public_key_der();
    auto bits = key->subject_public_key_bits();
    if (!spki) return detail::mbed_failed(d, spki.err()), void();
    if (!bits) return detail::mbed_failed(d, bits.err()), void();
    out.public_key_sha1 = store::to_hex(mbed::sha1(*spki));
    detail::fill_key_identifiers(r, *bits);
    if (!x509::check_extensions(r.extensions, d)) return;
    if (!r.suppress_defaults) {
        r.defaults.machine = opt.host.machine;
        r.defaults.user = opt.host.user;
        r.defaults.os_version = opt.host.os_version;
        r.defaults.process = opt.host.process;
    }

    std::optional<detail::issuer> by;
    if (!opt.issuer_cert.empty() && r.type == model::request_type::cert) {
        by = detail::load_issuer(opt.issuer_cert, keys, opt.access, d);
        if (!by) return;
        // AuthorityKeyIdentifier: the issuer's key identifier (SHA-1 of its public key, as our SKI).
        auto issuer_bits = by->key.signer().subject_public_key_bits();
        if (!issuer_bits) return detail::mbed_failed(d, issuer_bits.err()), void();
        auto h = mbed::sha1(*issuer_bits);
        bool has_aki = false;
        for (auto& e : r.extensions) has_aki |= e.oid == oids::authority_key_identifier.dotted();
        if (auto aki = x509::authority_key_identifier(h); aki && !has_aki) {
            r.extensions.push_back({std::string(oids::authority_key_identifier.dotted()), false, model::raw_value{std::move(*aki)}, {}});
            model::order_as_certreq(r.extensions);  // AKI before SKI, as certreq writes it
        }
    }
    // An RSA key reused from the store signs with the blinding pair cached
    // beside it (store/blinded_signer.hpp). Only when the key makes exactly one
    // private-key operation in this run: the PKCS7/CMC and SCEP wrappers sign
    // with it again, and that second operation would blind with the pair the
    // next run takes.
    std::optional<store::blinded_signer> blinded;
    if (!by && !wrap && !scep_target && r.use_existing_key_set && keys && software &&
        software->algorithm() == model::key_algorithm::rsa)
        blinded.emplace(*software, *keys, out.key_container);
    const mbed::signer& signer = by ? by->key.signer() : blinded ? *blinded : *key;
    bytes alg = x509::signature_algorithm(signer.algorithm(), r.hash, r.alternate_signature);
    auto sign = [&](byte_view tbs) -> std::optional<bytes> {
        auto sig = mbed::sign(signer, r.hash, r.alternate_signature, tbs, rng);
        if (!sig) return detail::mbed_failed(d, sig.err()), std::nullopt;
        return std::move(*sig);
    };

    if (r.type == model::request_type::cert) {
        auto window = certificate_validity(r.valid, opt.now);
        if (window.not_after <= window.not_before) {
            d.error(detail::key_position(out.inf.doc, r.valid.not_after ? "NotAfter" : "ValidityPeriodUnits"),
                    "the certificate would expire before it is valid (NotAfter is not later than NotBefore)");
            return;
        }
        bytes serial;
        if (!detail::make_serial(opt, *spki, r, serial, d)) return;
        x509::tbs_fields f;
        f.serial = serial;
        f.signature_algorithm_der = alg;
        f.issuer = &r.subject;
        if (by) f.issuer_der = by->name_der;
        f.subject = &r.subject;
        f.not_before = window.not_before;
        f.not_after = window.not_after;
        f.spki_der = *spki;
        f.extensions = &r.extensions;
        auto tbs = x509::tbs_certificate(f);
        if (!tbs) return d.error({}, "the certificate could not be encoded"), void();
        auto sig = sign(*tbs);
        if (!sig) return;
        out.der = x509::certificate(*tbs, alg, *sig);
        out.is_certificate = true;
        out.thumbprint = store::to_hex(mbed::sha1(out.der));
        out.serial_hex = store::to_hex(serial);
        out.not_before = window.not_before;
        out.not_after = window.not_after;
    } else {
        auto attrs = x509::request_attributes::from_request(r);
        if (wrap) attrs.extra = wrap->extra_views;
        auto info = x509::certification_request_info(r.subject, *spki, attrs);
        if (!info) return d.error({}, "the request could not be encoded"), void();
        auto sig = sign(*info);
        if (!sig) return;
        out.der = x509::certification_request(*info, alg, *sig);
        if (wrap) {
            auto w = wrap_request(*wrap, out.der, *key, software, r, d);
            if (!w) return;
            out.der = std::move(*w);
        }
        if (scep_target) {
            // The CA encrypts its answer to the request's key: the key must
            // decrypt (a software RSA key, or a token's that may).
            position at = detail::key_position(out.inf.doc, "RequestType");
            if (out.caller_key)
                return d.error(at, "RequestType = SCEP needs a key certreq can decrypt the CA's answer with, not the caller's signer"),
                       void();
            if (token && !r.use_existing_key_set && !detail::token_key_decrypts(r))
                return d.error(at, "RequestType = SCEP needs a key that decrypts (the CA encrypts its answer to it): "
                                   "KeySpec = AT_SIGNATURE or a KeyUsageProperty without NCRYPT_ALLOW_DECRYPT_FLAG makes a "
                                   "signing-only key on the token"),
                       void();
            auto w = wrap_scep(*scep_target, out.der, *key, opt.now, d, at);
            if (!w) return;
            out.der = std::move(w->message);
            out.scep_state = std::move(w->state);
        }
    }
    out.ok = !d.has_errors();
}

CERTREQ_DECL new_result build_new(byte_view inf_bytes, std::string inf_name, const new_options& opt,
                                  const store::key_store* user_keys,
                                  const store::key_store* machine_keys) {
    new_result out;
    if (lower_new(out, inf_bytes, std::move(inf_name), opt)) make_new(out, opt, user_keys, machine_keys);
    return out;
}

CERTREQ_DECL new_result build_new(model::request request, std::string name, const new_options& opt,
                                  const store::key_store* user_keys,
                                  const store::key_store* machine_keys) {
    new_result out;
    out.inf.diags = diagnostics(std::move(name));
    out.request = std::move(request);
    make_new(out, opt, user_keys, machine_keys);
    return out;
}

CERTREQ_DECL std::string output_text(const new_result& n, bool binary, bool unicode) {
    return output_file_text(n.is_certificate ? label_certificate : label_new_request, n.der, binary, unicode);
}

CERTREQ_DECL os::status save_new_once(const new_result& n, store::key_store& ks, const std::string& out_path, bool binary,
                                      bool force, bool unicode) {
    if (n.caller_key)
        return core::failed("the request was made with the caller's key (new_options::signer): there is no key to store; "
                            "write output_text() where it belongs");
    // What the container holds: the new key's PEM, or the reference to a key on a token.
    mbed::secret_string key_text = mbed::make_secret_string(n.token_reference.empty() ? std::string_view(n.key_pem) : n.token_reference);
    if (!n.token_reference.empty() && n.request.use_existing_key_set && ks.has_key(n.key_container)) key_text.clear();
    auto lock = ks.lock();
    if (!lock) return lock.err();
    store::rollback tx;
    const model::request& r = n.request;
    if (n.is_certificate) {
        if (!key_text.empty())
            if (auto s = ks.save_key(n.key_container, key_text, false, &tx); !s) return s;
        store::installed_certificate info;
        info.thumbprint = n.thumbprint;
        info.serial = n.serial_hex;
        info.key_container = n.key_container;
        info.friendly_name = r.friendly_name;
        // Installed without a flush: the output file holds the certificate as
        // well and its key is durable (saved above, or there already).
        if (auto s = ks.install_certificate(n.der, info, &tx, false); !s) return s;
    } else {
        store::pending_request p;
        p.key_container = n.key_container;
        p.friendly_name = r.friendly_name;
        p.exportable = r.exportable;
        p.type = r.type;
        p.public_key_sha1 = n.public_key_sha1;
        // A new key and its request are one commit: one container file.
        auto id = ks.add_pending_request(p, n.der, &tx, key_text);
        if (!id) return id.err();
        if (n.scep_state) {
            scep::transaction_state st = *n.scep_state;
            st.key_container = n.key_container, st.pending_id = *id;
            if (auto s = scep::save_state(ks.root(), st, &tx); !s) return s;
        }
    }
    if (!out_path.empty())
        // A request that carries a challenge password is a secret; others honour the umask.
        // os::write_output: `-` is standard output, a symlink's target is replaced. Atomic but
        // not flushed: the store keeps the same request (or certificate) durably.
        if (auto s = os::write_output(out_path, as_bytes(output_text(n, binary, unicode)),
                                      r.challenge_password.empty() ? os::output_mode() : mode_t{0600}, force, false);
            !s)
            return s;
    tx.commit();
    return {};
}

CERTREQ_DECL os::status save_new(const new_result& n, store::key_store& ks, const std::string& out_path, bool binary,
                                 bool force, bool unicode) {
    auto s = save_new_once(n, ks, out_path, binary, force, unicode);
    if (!s && n.new_token_key) destroy_token_key(*n.new_token_key);
    return s;
}

}  // namespace certreq::verbs
