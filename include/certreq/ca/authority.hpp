// ca/authority.hpp: a local certification authority in a directory
// (ca/layout.hpp), behind `-config -|DIR`: -submit, -retrieve and the admin
// verbs (`-ca init|list|issue|deny|revoke|crl`).
//
// Nothing is lost or duplicated:
//  - every change holds an exclusive flock on <dir>/lock, so request ids and
//    serial numbers are unique across processes;
//  - a new request is written complete into requests/.new-<id>-<rand>/ and
//    renamed to requests/<id>/ in one step (the commit point); a process
//    killed before that leaves only the temporary directory, which the next
//    writer removes; next_request_id is advanced afterwards, and an id whose
//    directory exists is never handed out again;
//  - every file is written atomically (temp + fsync + rename); a temporary
//    a killed writer left is removed by the next writer of that directory
//    (it holds the lock, so every temporary it finds is stale);
//  - serial numbers are 8 random bytes followed by the 4-byte request id, so
//    two requests can never share one; serials/<hex> is only an index (a
//    missing or stale entry falls back to a scan and is repaired).
#pragma once
#include <sys/random.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/asn1/extension_views.hpp"
#include "certreq/asn1/name_text.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/ca/csr.hpp"
#include "certreq/ca/issue.hpp"
#include "certreq/ca/layout.hpp"
#include "certreq/ca/policy.hpp"
#include "certreq/ca/record.hpp"
#include "certreq/ca/settings_file.hpp"
#include "certreq/cmc/unwrap.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/rng.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/model/period.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/error.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/file_lock.hpp"
#include "certreq/os/temp_name.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/token_reference.hpp"
#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/crl.hpp"
#include "certreq/oids/registry.hpp"

namespace certreq::ca {

// submitted_request is a request as the CA receives it: the PKCS#10 to
// issue from (unwrapped from PKCS#7/CMC by the caller), the original bytes,
// and how it arrived.
struct submitted_request {
    bytes pkcs10_der;
    bytes original_der;          // stored as request.der; empty = pkcs10_der
    std::string format = "PKCS10";
    std::string attrib;
    std::string rejection;       // non-empty: deny with this message (e.g. a bad outer signature)
    std::uint32_t body_part = 1;  // the CMC TaggedRequest's bodyPartID (the response refers to it)
    std::vector<bytes> added_extensions;  // Extension DERs of a CMC addExtensions control (-policy)
    std::vector<bytes> signer_certificates;  // PKCS#7/CMC: each SignerInfo's certificate (empty: the request key)
};

// outcome: the request's record after the operation, and its certificate
// (issued or revoked).
struct outcome {
    record rec;
    bytes cert_der;
};

// is_dcom_config: a -config value in Windows' Host\CAName form (it holds a
// backslash and names no directory): a CA reached over DCOM/RPC (MS-WCCE,
// MS-ICPR), which this build cannot talk to. Never taken as a directory name.
inline bool is_dcom_config(const std::string& dir) { return dir.find('\\') != std::string::npos && !os::is_directory(dir); }

// dcom_config_error says so, and which -config forms work here.
inline os::error dcom_config_error(const std::string& config) {
    return core::error("-config " + config + ": this is the Host\\CAName form of a Windows CA (AD CS), reached over DCOM/RPC, "
                     "which this build cannot reach. -config takes: - (the local CA, <machine store>/ca), "
                     "a directory holding a local CA (certreq -ca init -config DIR), the CA's enrollment web service "
                     "(https://host/CA_CES_Kerberos/service.svc/CES), its Web Enrollment pages (https://host/certsrv), "
                     "or an http(s):// SCEP server URL",
                     core::hr::rpc_unavailable);
}

class local_ca {
public:
    static constexpr mode_t dir_mode = 0700, key_mode = 0600, file_mode = 0644;
    static constexpr std::uint64_t max_request_id = 0xffffffffu;  // the id fills 4 bytes of the serial
    static constexpr std::size_t max_file_size = 1 << 20;         // ca.cer, ca.key, ca.conf as open() reads them

    const layout& paths() const noexcept { return paths_; }
    const settings& config() const noexcept { return settings_; }
    const authority& signer() const noexcept { return *ca_; }
    const bytes& certificate() const noexcept { return ca_->cert_der; }

    // exists says whether `dir` holds a CA.
    static bool exists(const std::string& dir) { return os::exists(layout{dir}.certificate()); }

    // key_source: a CA key that is not a software key (an HSM, through the
    // verbs: verbs/ca_token.hpp), so this layer needs no PKCS#11.
    //   make: a new key for the settings: its signer and what ca.key holds
    //         (a token reference, store/token_reference.hpp); unset: software.
    //   open: the signer for a ca.key that is a token reference.
    struct made_key {
        std::shared_ptr<const mbed::signer> key;
        std::string key_file;
    };
    struct key_source {
        std::function<os::result<made_key>(const settings&)> make;
        std::function<os::result<std::shared_ptr<const mbed::signer>>(const store::token_reference&)> open;
    };

    // init creates a CA in `dir` (which must not hold one): a new key, the
    // self-signed certificate, the settings, and a copy of the policy INF.
    static os::result<local_ca> init(const std::string& dir, const settings& s, std::string_view policy_text,
                                     std::int64_t now, const mbed::keygen_progress& progress = {},
                                     const key_source& source = {}) {
        if (is_dcom_config(dir)) return dcom_config_error(dir);
        layout l{dir};
        if (exists(dir)) return os::failure(EEXIST, dir + ": a CA already exists here");
        if (auto st = os::ensure_dir(dir, dir_mode); !st) return st.err();
        auto lock = os::file_lock::acquire(l.lock());
        if (!lock) return lock.err();
        if (exists(dir)) return os::failure(EEXIST, dir + ": a CA already exists here");
        std::shared_ptr<const mbed::signer> key;
        mbed::secret_string key_file = mbed::make_secret_string({});
        if (source.make) {
            auto made = source.make(s);
            if (!made) return os::failure(made.err().os_errno, "CA key: " + made.err().message);
            key = std::move(made->key);
            key_file = mbed::make_secret_string(made->key_file);
        } else {
            auto rng = mbed::system_rng();
            if (!rng) return core::failed(rng.err().message());
            auto soft = mbed::private_key::generate(s.key, *rng, progress);
            if (!soft) return core::failed("CA key: " + soft.err().message());
            auto pem = soft->pkcs8_pem();
            if (!pem) return core::failed(pem.err().message());
            key_file = std::move(*pem);
            key = std::make_shared<const mbed::private_key>(std::move(*soft));
        }
        bytes serial = random_serial(0);
        auto cert = self_signed_ca(s, *key, serial, now);
        if (!cert) return core::failed("CA certificate: " + cert.err().message);
        std::string conf = write_settings(s);
        for (auto [what, size] : {std::pair<const char*, std::size_t>{"CA certificate", cert->size()}, {"CA settings", conf.size()}})
            if (size > max_file_size)  // open() could never read it back
                return os::failure(EFBIG, std::string(what) + ": " + std::to_string(size) + " bytes, more than the " +
                                            std::to_string(max_file_size) + " a CA reads back; nothing written");
        // The certificate is written last: it is what makes the directory a CA
        // (the commit point). A key, settings or policy copy without it are
        // what an interrupted init left (we hold the lock and no CA exists):
        // replaced, so init can always be redone.
        if (auto st = os::write_file_atomic(l.key(), as_bytes(key_file), key_mode, true); !st) return st.err();
        if (auto st = os::write_file_atomic(l.conf(), as_bytes(conf), file_mode, true); !st) return st.err();
        if (!policy_text.empty())
            if (auto st = os::write_file_atomic(l.policy_copy(), as_bytes(policy_text), file_mode, true); !st) return st.err();
        if (auto st = os::write_file_atomic(l.certificate(), *cert, file_mode, false); !st) return st.err();
        return open(dir, source);
    }

    // open loads the CA in `dir`; `source` reaches a key in an HSM.
    static os::result<local_ca> open(const std::string& dir, const key_source& source = {}) {
        if (is_dcom_config(dir)) return dcom_config_error(dir);
        local_ca c;
        c.paths_ = layout{dir};
        if (!exists(dir))
            return os::failure(ENOENT, "no CA in " + dir + " (create one with: certreq -ca init -config " + dir + ")");
        auto cert = os::read_file(c.paths_.certificate(), max_file_size);
        if (!cert) return cert.err();
        auto pem = os::read_file_as<mbed::secret_bytes>(c.paths_.key(), max_file_size);  // wiped when it dies
        if (!pem) return pem.err();
        auto conf = os::read_file(c.paths_.conf(), max_file_size);
        if (!conf) return conf.err();
        auto s = read_settings(as_chars(*conf));
        if (!s) return core::failed(c.paths_.conf() + ": " + s.err().message);
        c.settings_ = std::move(*s);
        std::shared_ptr<const mbed::signer> signer;
        if (auto ref = store::token_reference::parse(as_chars(*pem))) {
            if (!source.open) return core::failed(c.paths_.key() + ": the CA key is on a token, and nothing here can reach it");
            auto k = source.open(*ref);
            if (!k) return os::failure(k.err().os_errno, c.paths_.key() + ": " + k.err().message);
            signer = std::move(*k);
        } else {
            auto key = mbed::private_key::load(*pem);
            if (!key) return core::failed(c.paths_.key() + ": " + key.err().message());
            signer = std::make_shared<const mbed::private_key>(std::move(*key));
        }
        c.ca_.emplace(authority{std::move(*cert), {}, {}, 0, std::nullopt, std::move(signer)});
        if (auto st = c.read_certificate_fields(); !st) return st.err();
        return c;
    }

    // submit records a request and issues it at once, leaves it pending
    // (RequestDisposition = Pending), or denies it (bad signature, policy).
    // A request that does not decode is an error and gets no id.
    os::result<outcome> submit(const submitted_request& req, std::int64_t now) {
        auto csr = parse_csr(req.pkcs10_der);
        if (!csr)
            return core::failed("the request does not decode: DER offset " + std::to_string(csr.err().offset) + ": " + csr.err().message);
        auto lock = os::file_lock::acquire(paths_.lock());
        if (!lock) return lock.err();
        remove_partial_writes();
        os::remove_all_temps(paths_.serials());
        auto id = next_id();
        if (!id) return id.err();
        std::string renewal_problem = check_renewal(*csr, req.signer_certificates, now);

        outcome out;
        record& r = out.rec;
        r.id = *id;
        r.submitted = r.updated = now;
        r.subject = subject_text(csr->subject_der);
        r.attrib = req.attrib;
        r.format = req.format;
        r.body_part = req.body_part;
        if (auto st = add_extensions(*csr, req.added_extensions); !st) return st.err();
        if (!req.rejection.empty()) {
            deny(r, req.rejection);
        } else if (!renewal_problem.empty()) {
            deny(r, renewal_problem);
        } else if (!csr->signature_valid) {
            deny(r, "The request's signature does not verify (" + csr->signature_problem + ") 0x80090006 (-2146893818 NTE_BAD_SIGNATURE)");
        } else if (settings_.pend_all) {
            r.message = "Taken Under Submission";
        } else if (auto st = issue(*csr, r, out.cert_der, now); !st) {
            return st.err();
        }
        if (auto st = write_new_request(r, req, out.cert_der); !st) return st.err();
        if (!r.serial.empty()) index_serial(r.serial, r.id);
        if (auto st = os::write_file_atomic(paths_.next_id(), as_bytes(std::to_string(r.id + 1) + "\n"), file_mode, true); !st)
            return st.err();
        return out;
    }

    // find looks a request up by id ("20", "0x14") or by certificate serial
    // number (hex without 0x): a decimal that names no request is tried as a serial.
    os::result<outcome> find(std::string_view which) const {
        std::string_view w = which;
        bool hex_id = w.size() > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X');
        if (hex_id || (!w.empty() && w.size() <= 10 && w.find_first_not_of("0123456789") == std::string_view::npos)) {
            auto id = parse_id(w);
            if (id && os::is_directory(paths_.request_dir(*id))) return load(*id);
            if (hex_id) return os::failure(ENOENT, "no request " + std::string(which) + " in " + paths_.root);
        }
        std::string serial = store::normalize_hex(w.size() % 2 ? "0" + std::string(w) : std::string(w));
        if (serial.empty()) return os::failure(ENOENT, "'" + std::string(which) + "' is neither a request id nor a serial number");
        auto id = id_of_serial(serial);
        if (!id) return os::failure(ENOENT, "no request or certificate " + std::string(which) + " in " + paths_.root);
        return load(*id);
    }

    // resolve_pending issues (`issue_it`) or denies a pending request.
    os::result<outcome> resolve_pending(std::uint64_t id, bool issue_it, std::int64_t now, std::string message = {}) {
        auto lock = os::file_lock::acquire(paths_.lock());
        if (!lock) return lock.err();
        os::remove_all_temps(paths_.request_dir(id));
        os::remove_all_temps(paths_.serials());
        auto cur = load(id);
        if (!cur) return cur.err();
        outcome out = std::move(*cur);
        record& r = out.rec;
        if (r.state != status::pending)
            return core::error("request " + std::to_string(id) + " is " + std::string(to_string(r.state)) + ", not pending",
                             core::hr::certsrv_bad_requeststatus);
        r.updated = now;
        if (!issue_it) {
            // With certreq.exe's HRESULT form, as a Windows CA reports an administrator's denial.
            deny(r, message.empty() ? "Denied by the CA administrator " + core::hresult_form(core::hr::certsrv_admin_denied)
                                    : message);
        } else {
            // pkcs10.der: the request unwrapped from PKCS#7/CMC; else request.der is the PKCS#10.
            // A PKCS#7/CMC request is unwrapped again (its PKCS#10 and any addExtensions).
            auto der = os::read_file(paths_.request_dir(id) + "/request.der");
            if (!der) return der.err();
            auto u = cmc::unwrap(*der);
            if (!u) return core::failed("request " + std::to_string(id) + ": stored request does not decode: " + u.err().message);
            auto csr = parse_csr(u->pkcs10);
            if (!csr) return core::failed("request " + std::to_string(id) + ": stored request does not decode: " + csr.err().message);
            if (auto st = add_extensions(*csr, u->added_extensions); !st) return st.err();
            if (std::string why = check_renewal(*csr, u->signer_certificates, now); !why.empty()) {
                deny(r, why);
                if (auto st = write_record(r); !st) return st.err();
                return out;
            }
            if (auto st = issue(*csr, r, out.cert_der, now); !st) return st.err();
            if (r.state == status::issued) {
                if (auto st = os::write_file_atomic(paths_.request_dir(id) + "/cert.der", out.cert_der, file_mode, true); !st)
                    return st.err();
                index_serial(r.serial, id);
            }
        }
        if (auto st = write_record(r); !st) return st.err();
        return out;
    }

    // revoke marks the certificate with `serial` revoked (CRLReason `reason`).
    os::result<outcome> revoke(std::string_view serial, std::uint8_t reason, std::int64_t now) {
        auto lock = os::file_lock::acquire(paths_.lock());
        if (!lock) return lock.err();
        std::string hex = store::normalize_hex(serial);
        auto id = hex.empty() ? std::nullopt : id_of_serial(hex);
        if (!id) return os::failure(ENOENT, "no certificate with serial number " + std::string(serial) + " in " + paths_.root);
        os::remove_all_temps(paths_.request_dir(*id));
        auto cur = load(*id);
        if (!cur) return cur.err();
        record& r = cur->rec;
        if (r.state == status::revoked) return core::failed("certificate " + r.serial + " is already revoked");
        r.state = status::revoked;
        r.revoked_at = r.updated = now;
        r.reason = reason;
        r.message = "Revoked";
        if (auto st = write_record(r); !st) return st.err();
        return std::move(*cur);
    }

    // list returns every request, by id; unreadable entries go to `problems`.
    os::result<std::vector<record>> list(std::vector<std::string>* problems = nullptr) const {
        std::vector<record> out;
        if (!os::is_directory(paths_.requests())) return out;
        auto names = os::list_dir(paths_.requests());
        if (!names) return names.err();
        for (auto& n : *names) {
            auto id = parse_id(n);
            if (!id || n.front() == '.') continue;
            auto r = load_record(*id);
            if (r) out.push_back(std::move(*r));
            else if (problems) problems->push_back(r.err().message);
        }
        std::sort(out.begin(), out.end(), [](const record& a, const record& b) { return a.id < b.id; });
        return out;
    }

    // publish_crl signs a CRL of every revoked certificate, stores it as
    // crl.der with the next CRL number, and returns it.
    os::result<bytes> publish_crl(std::int64_t now) {
        auto lock = os::file_lock::acquire(paths_.lock());
        if (!lock) return lock.err();
        os::remove_all_temps(paths_.root);
        auto all = list();
        if (!all) return all.err();
        std::vector<x509::revoked_entry> revoked;
        for (auto& r : *all)
            if (r.state == status::revoked) revoked.push_back({store::from_hex(r.serial), r.revoked_at, r.reason});
        std::uint64_t number = read_counter(paths_.crl_number()) + 1;
        bytes alg = x509::signature_algorithm(ca_->key->algorithm(), settings_.hash, settings_.pss);
        x509::crl_fields f;
        f.signature_algorithm_der = alg;
        f.issuer_der = ca_->subject_der;
        f.this_update = now;
        f.next_update = model::add_period(now, settings_.crl_period.unit, settings_.crl_period.units);
        f.revoked = &revoked;
        f.authority_key_id = ca_->key_id;
        f.crl_number = number;
        auto tbs = x509::tbs_cert_list(f);
        if (!tbs) return core::failed("the CRL could not be encoded");
        auto sig = mbed::sign(*ca_->key, settings_.hash, settings_.pss, *tbs);
        if (!sig) return core::failed(sig.err().message());
        bytes crl = x509::certificate_list(*tbs, alg, *sig);
        if (auto st = os::write_file_atomic(paths_.crl(), crl, file_mode, true); !st) return st.err();
        if (auto st = os::write_file_atomic(paths_.crl_number(), as_bytes(std::to_string(number) + "\n"), file_mode, true); !st)
            return st.err();
        return crl;
    }

    // latest_crl returns crl.der, publishing one if there is none yet.
    os::result<bytes> latest_crl(std::int64_t now) {
        if (os::exists(paths_.crl())) return os::read_file(paths_.crl());
        return publish_crl(now);
    }

    static std::optional<std::uint64_t> parse_id(std::string_view s) {
        int base = 10;
        if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2), base = 16;
        if (s.empty() || s.size() > 16) return std::nullopt;
        std::uint64_t v = 0;
        for (char c : s) {
            int d = c >= '0' && c <= '9' ? c - '0' : base == 16 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (d < 0) return std::nullopt;
            v = v * std::uint64_t(base) + std::uint64_t(d);
        }
        return v;
    }

private:
    local_ca() = default;

    // subject_text: a Name DER as readable text (for listings).
    static std::string subject_text(byte_view name_der) {
        auto t = asn1::parse_one(name_der);
        return t ? asn1::name_text(*t) : std::string("<bad name>");
    }

    static bytes random_serial(std::uint64_t id) {
        bytes s(12, 0);
        if (::getrandom(s.data(), 8, 0) != 8)
            for (int i = 0; i < 8; ++i) s[std::size_t(i)] = std::uint8_t(::clock() >> (i * 3));
        s[0] = std::uint8_t((s[0] & 0x7f) | 0x40);  // positive, always 12 bytes
        for (int i = 0; i < 4; ++i) s[std::size_t(8 + i)] = std::uint8_t(id >> (24 - 8 * i));
        return s;
    }

    os::status read_certificate_fields() {
        authority& ca = *ca_;
        auto c = asn1::read_certificate(ca.cert_der);
        if (!c) return core::failed(paths_.certificate() + ": " + c.err().text());
        auto subject = c->subject();
        auto spki = c->spki();
        auto not_after = c->not_after();
        if (!subject || !spki || !not_after) return core::failed(paths_.certificate() + ": incomplete certificate");
        ca.subject_der.assign(subject->whole.begin(), subject->whole.end());
        ca.not_after = asn1::unix_time(*not_after).value_or(0);
        auto id = detail::key_identifier(bytes(spki->whole.begin(), spki->whole.end()));
        if (!id) return core::failed(paths_.certificate() + ": the public key does not decode");
        ca.key_id = std::move(*id);
        auto ski = c->extension(oids::subject_key_identifier.dotted());
        if (ski && ski->is_universal(asn1::utag::octet_string)) ca.key_id.assign(ski->content.begin(), ski->content.end());
        if (auto v = c->extension_octets(oids::basic_constraints.dotted()))
            if (auto bc = asn1::read_basic_constraints(v->content))
                if (auto pl = bc->path_length; pl && *pl >= 0) ca.path_length = std::uint32_t(*pl);
        return {};
    }

    // add_extensions applies a CMC addExtensions control (e.g. -policy's
    // extensions): each replaces the request's extension of the same OID.
    static os::status add_extensions(parsed_csr& csr, const std::vector<bytes>& extensions) {
        for (auto& der : extensions) {
            std::vector<requested_extension> one;
            bytes wrapped = der::to_bytes(der::sequence(der::raw(der)));  // Extensions ::= SEQUENCE OF Extension
            auto st = detail::read_extensions(wrapped, 0, one);
            if (!st || one.size() != 1)
                return core::failed("the CMC addExtensions control holds a malformed extension: " +
                                        (st ? std::string("not one Extension") : st.err().message));
            auto same = std::find_if(csr.extensions.begin(), csr.extensions.end(),
                                     [&](const requested_extension& e) { return e.oid == one[0].oid; });
            if (same != csr.extensions.end()) *same = std::move(one[0]);
            else csr.extensions.push_back(std::move(one[0]));
        }
        return {};
    }

    // check_renewal: a request carrying the renewal-certificate attribute and
    // signed with that certificate's key (a PKCS#7 renewal, spec §9.1) renews
    // a certificate of this CA. The certificate must be one this CA issued
    // (byte for byte its record), not revoked, and valid now ("only valid
    // (unexpired) certificates can be renewed"); then a request with an empty
    // subject gets the old certificate's subject. Returns why it is denied ("":
    // fine). A request the old certificate did not sign (a CMC renewal signed
    // by the new key alone) proves nothing about the old key: the attribute is
    // then only information and the request is issued as written.
    std::string check_renewal(parsed_csr& csr, const std::vector<bytes>& signer_certificates, std::int64_t now) const {
        if (csr.renewal_cert.empty()) return {};
        bool signed_by_old = std::any_of(signer_certificates.begin(), signer_certificates.end(),
                                         [&](const bytes& c) { return same_bytes(c, csr.renewal_cert); });
        if (!signed_by_old) return {};
        auto old = asn1::read_certificate(csr.renewal_cert);
        auto serial = old ? old->serial() : std::nullopt;
        auto subject = old ? old->subject() : std::nullopt;
        auto nb = old ? old->not_before() : std::nullopt;
        auto na = old ? old->not_after() : std::nullopt;
        if (!serial || !subject || !nb || !na) return "Denied by Policy Module: the certificate to renew does not decode";
        std::string hex = store::to_hex(*serial);
        auto id = id_of_serial(hex);
        auto rec = id ? load(*id) : os::result<outcome>(os::failure(ENOENT, ""));
        if (!rec || !same_bytes(rec->cert_der, csr.renewal_cert))
            return "Denied by Policy Module: the certificate to renew (serial " + hex + ") was not issued by this CA";
        if (rec->rec.state == status::revoked)
            return "Denied by Policy Module: the certificate to renew (serial " + hex + ") has been revoked";
        std::int64_t from = asn1::unix_time(*nb).value_or(0), until = asn1::unix_time(*na).value_or(0);
        if (now < from || now > until)
            return "Denied by Policy Module: the certificate to renew (serial " + hex + ") is not valid now (" +
                   asn1::time_text(*nb) + " to " + asn1::time_text(*na) + "): only valid (unexpired) certificates can be renewed";
        static constexpr std::uint8_t empty_name[] = {0x30, 0x00};
        if (same_bytes(csr.subject_der, empty_name)) csr.subject_der.assign(subject->whole.begin(), subject->whole.end());
        return {};
    }

    static void deny(record& r, std::string message) {
        r.state = status::denied;
        r.message = std::move(message);
    }

    os::status issue(const parsed_csr& csr, record& r, bytes& cert_der, std::int64_t now) {
        bytes serial = random_serial(r.id);
        auto cert = issue_for_request(csr, *ca_, settings_, serial, now);
        if (!cert) {
            deny(r, "Denied by Policy Module: " + cert.err().message);
            return {};
        }
        r.state = status::issued;
        r.serial = store::to_hex(serial);
        r.message = "Issued";
        if (!cert->dropped.empty()) {
            r.message += " (extensions not copied by the CA policy:";
            for (auto& o : cert->dropped) r.message += " " + o;
            r.message += ")";
        }
        cert_der = std::move(cert->der);
        return {};
    }

    // remove_partial_writes deletes what a killed process left: requests/.new-*
    // and the temporaries of the CA's own files (every writer holds the lock,
    // so while we hold it no write is under way and every temporary is stale).
    void remove_partial_writes() const {
        os::remove_all_temps(paths_.root);
        auto names = os::list_dir(paths_.requests());
        if (!names) return;
        for (auto& n : *names) {
            if (n.rfind(".new-", 0) != 0) continue;
            std::string dir = paths_.requests() + "/" + n;
            if (auto files = os::list_dir(dir))
                for (auto& f : *files) os::remove_file(dir + "/" + f);
            os::remove_dir(dir);
        }
    }

    static std::uint64_t read_counter(const std::string& path) {
        auto text = os::read_file(path, 64);
        if (!text) return 0;
        std::string s(as_chars(*text));
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
        return parse_id(s).value_or(0);
    }

    os::result<std::uint64_t> next_id() const {
        std::uint64_t id = std::max<std::uint64_t>(read_counter(paths_.next_id()), 1);
        while (os::exists(paths_.request_dir(id))) ++id;  // a writer died after its commit point
        if (id > max_request_id) return core::failed("the CA has used every request id");
        return id;
    }

    os::status write_new_request(const record& r, const submitted_request& req, byte_view cert_der) const {
        if (auto st = os::ensure_dir(paths_.requests(), dir_mode); !st) return st;
        std::string tmp = paths_.requests() + "/.new-" + std::to_string(r.id) + "-" + os::detail::random_suffix();
        if (::mkdir(tmp.c_str(), dir_mode) != 0) return os::sys_error("cannot create directory", tmp, errno);
        auto fail = [&](os::error e) -> os::status {
            for (const char* f : {"/request.der", "/record", "/cert.der"}) os::remove_file(tmp + f);
            os::remove_dir(tmp);
            return e;
        };
        byte_view request_der = req.original_der.empty() ? byte_view(req.pkcs10_der) : byte_view(req.original_der);
        if (auto st = os::write_file_atomic(tmp + "/request.der", request_der, file_mode, false); !st) return fail(st.err());
        if (!cert_der.empty())
            if (auto st = os::write_file_atomic(tmp + "/cert.der", cert_der, file_mode, false); !st) return fail(st.err());
        if (auto st = os::write_file_atomic(tmp + "/record", as_bytes(r.serialize()), file_mode, false); !st) return fail(st.err());
        std::string dir = paths_.request_dir(r.id);
        if (::rename(tmp.c_str(), dir.c_str()) != 0) return fail(os::sys_error("cannot rename into place", dir, errno));
        os::detail::sync_dir(paths_.requests());
        return {};
    }

    os::status write_record(const record& r) const {
        return os::write_file_atomic(paths_.request_dir(r.id) + "/record", as_bytes(r.serialize()), file_mode, true);
    }

    os::result<record> load_record(std::uint64_t id) const {
        auto text = os::read_file(paths_.request_dir(id) + "/record", 1 << 16);
        if (!text) return text.err();
        return record::parse(id, as_chars(*text));
    }

    os::result<outcome> load(std::uint64_t id) const {
        auto r = load_record(id);
        if (!r) return r.err();
        outcome o;
        o.rec = std::move(*r);
        if (o.rec.state == status::issued || o.rec.state == status::revoked) {
            std::string path = paths_.request_dir(id) + "/cert.der";
            auto c = os::read_file(path);
            if (!c) return c.err();
            // Never hand out a damaged file: it must be a certificate with the recorded serial.
            auto cert = asn1::read_certificate(*c);
            auto serial = cert ? cert->serial() : std::nullopt;
            auto trim = [](std::string h) {  // lower case, without leading zero octets
                for (auto& c : h) c = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
                return h.erase(0, std::min(h.find_first_not_of('0') & ~std::size_t{1}, h.size()));
            };
            if (!serial || trim(asn1::hex(*serial)) != trim(o.rec.serial))
                return os::failure(EIO, path + ": damaged: " +
                                          (cert ? "not the certificate of request " + std::to_string(id) + " (serial differs)"
                                                : "not a certificate (" + cert.err().text() + ")"));
            o.cert_der = std::move(*c);
        }
        return o;
    }

    // index_serial records serial -> id; best effort (lookups fall back to a scan).
    void index_serial(const std::string& serial, std::uint64_t id) const {
        if (!os::ensure_dir(paths_.serials(), dir_mode)) return;
        (void)os::write_file_atomic(paths_.serial_index(serial), as_bytes(std::to_string(id) + "\n"), file_mode, true);
    }

    std::optional<std::uint64_t> id_of_serial(const std::string& hex) const {
        if (auto id = read_counter(paths_.serial_index(hex)); id != 0) {
            auto r = load_record(id);
            if (r && store::same_serial(r->serial, hex)) return id;
        }
        auto all = list();  // no index entry (or a stale one): scan, and repair the index
        if (!all) return std::nullopt;
        for (auto& r : *all)
            if (!r.serial.empty() && store::same_serial(r.serial, hex)) {
                index_serial(r.serial, r.id);
                return r.id;
            }
        return std::nullopt;
    }

    layout paths_;
    settings settings_;
    std::optional<authority> ca_;  // always set once open() succeeds
};

}  // namespace certreq::ca
