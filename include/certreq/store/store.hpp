// store/store.hpp: key_store, the on-disk stand-in for the Windows user or
// machine store (spec §1.2): `-new` keeps the private key under its container
// name with the pending request; a self-signed certificate is installed with
// its key; `-accept` later finds the pending request whose public key matches
// the certificate's and installs the certificate with that key.
//
// Layout under the root (store/location.hpp picks the root):
//
//   <root>/                          0700
//     keys/<container>.key           PKCS#8 PEM private key, 0600
//     requests/<id>/                 one pending request, 0700
//       request.der                  the request exactly as issued, 0644
//       request.meta                 key_container, friendly_name, exportable,
//                                    request_type, created, public_key_sha1
//     my/<thumbprint>.cer            an installed certificate (DER), 0644
//     my/<thumbprint>.meta           thumbprint, serial, key_container,
//                                    friendly_name, installed
//
// Directories are created 0700 on first write; every file is written with
// os::write_file_atomic, so a crash never leaves a partial file. Metadata
// files use store/metadata.hpp's name=value format; times are ISO 8601 UTC.
// <id> is "<yyyymmddThhmmssZ>-<8 hex>", so ids sort by creation time.
// Hex values (thumbprint, serial, public_key_sha1) are lowercase, unseparated.
// public_key_sha1 is the SHA-1 of the SubjectPublicKeyInfo DER: the request's
// and the issued certificate's SPKI are byte-identical, so the hashes match.
//
// Every mutating call takes an optional rollback*: it logs what it changed,
// and the caller commits once all its steps worked (store/rollback.hpp). A
// call that fails half-way always undoes its own partial work itself.
//
// A verb that changes a store (-new, -accept, -enroll's steps, SCEP) holds
// the store's lock (lock(): flock on <root>/lock) from its first read of the
// entries it changes to its commit, so two processes never interleave: two
// -accept of one certificate install it once and lose nothing.
#pragma once
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/model/request.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/error.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/file_lock.hpp"
#include "certreq/os/path.hpp"
#include "certreq/store/container.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/location.hpp"
#include "certreq/store/metadata.hpp"
#include "certreq/store/rollback.hpp"
#include "certreq/store/timestamp.hpp"

namespace certreq::store {

// pending_request describes a request made by -new and not yet accepted.
struct pending_request {
    std::string id;                 // set by add_pending_request
    std::string key_container;
    std::string friendly_name;
    bool exportable = false;
    model::request_type type = model::request_type::pkcs10;
    std::int64_t created = 0;       // Unix seconds, UTC; 0 = now
    std::string public_key_sha1;    // hex SHA-1 of the SubjectPublicKeyInfo DER
};

// installed_certificate describes a certificate in my/.
struct installed_certificate {
    std::string thumbprint;     // hex SHA-1 of the certificate DER
    std::string serial;         // hex of the serialNumber content octets ("" if unknown)
    std::string key_container;  // "" for a certificate without a private key
    std::string friendly_name;
    std::int64_t installed = 0;  // Unix seconds, UTC; 0 = now
    bytes der;                  // filled by find_certificate only
};

// listing is everything in a store. `problems` names entries that could not
// be read (they are skipped, not fatal).
struct listing {
    std::vector<std::string> keys;  // container names
    std::vector<pending_request> pending;
    std::vector<installed_certificate> certificates;
    std::vector<std::string> problems;
};

// request_type_name returns the INF spelling: PKCS10, PKCS7, CMC, Cert, SCEP.
inline std::string_view request_type_name(model::request_type t) noexcept {
    switch (t) {
        case model::request_type::pkcs10: return "PKCS10";
        case model::request_type::pkcs7: return "PKCS7";
        case model::request_type::cmc: return "CMC";
        case model::request_type::cert: return "Cert";
        case model::request_type::scep: return "SCEP";
    }
    return "PKCS10";
}

inline std::optional<model::request_type> parse_request_type(std::string_view s) {
    for (auto t : {model::request_type::pkcs10, model::request_type::pkcs7, model::request_type::cmc, model::request_type::cert,
                   model::request_type::scep}) {
        std::string_view n = request_type_name(t);
        if (n.size() == s.size() &&
            std::equal(n.begin(), n.end(), s.begin(), [](char a, char b) { return (a | 0x20) == (b | 0x20); }))
            return t;
    }
    return std::nullopt;
}

class key_store {
public:
    static constexpr mode_t dir_mode = 0700;
    static constexpr mode_t key_mode = 0600;
    static constexpr mode_t file_mode = 0644;

    // key_store uses `root` as is; nothing is created until the first write.
    explicit key_store(std::string root) : root_(std::move(root)) {}

    // open returns the store of `s` (see store/location.hpp).
    static os::result<key_store> open(scope s) {
        auto dir = store_dir(s);
        if (!dir) return dir.err();
        return key_store(*dir);
    }

    const std::string& root() const noexcept { return root_; }

    // lock waits for the store's exclusive lock (<root>/lock, creating the
    // root 0700). Hold it across read-decide-write; never take it twice in
    // one process (a second flock on a new descriptor waits for the first).
    os::result<os::file_lock> lock() const {
        if (auto s = os::ensure_dir(root_, dir_mode); !s) return s.err();
        return os::file_lock::acquire(root_ + "/lock");
    }
    std::string key_path(std::string_view container) const { return root_ + "/keys/" + std::string(container) + ".key"; }
    std::string pending_dir(std::string_view id) const { return root_ + "/requests/" + std::string(id); }
    std::string certificate_path(std::string_view thumbprint) const { return root_ + "/my/" + std::string(thumbprint) + ".cer"; }

    // ---- keys -------------------------------------------------------------

    // save_key writes `key_pem` as keys/<container>.key (0600). Without
    // `overwrite` an existing container is an error and stays untouched.
    os::status save_key(std::string_view container, std::string_view key_pem, bool overwrite = false, rollback* tx = nullptr) {
        if (auto v = validate_container_name(container); !v) return v;
        if (auto s = os::ensure_dir(root_ + "/keys", dir_mode); !s) return s;
        std::string path = key_path(container);
        return write_logged(path, as_bytes(key_pem), key_mode, overwrite, tx,
                            "key container '" + std::string(container) + "' already exists in " + root_ +
                                " (use UseExistingKeySet = TRUE to reuse it)");
    }

    // load_key returns the PEM text of `container`.
    os::result<std::string> load_key(std::string_view container) const {
        if (auto v = validate_container_name(container); !v) return v.err();
        std::string path = key_path(container);
        auto r = os::read_file(path, 1 << 20);
        if (!r) {
            if (r.err().code == ENOENT)
                return os::error{ENOENT, "key container '" + std::string(container) + "' not found in " + root_};
            return r.err();
        }
        return std::string(as_chars(*r));
    }

    // ---- the RSA blinding cache (mbed/rsa_blinding.hpp) ----------------------

    std::string blinding_path(std::string_view container) const { return root_ + "/keys/" + std::string(container) + ".blind"; }

    // update_blinding calls `next(stored)` (stored: the cached bytes, or
    // nullopt) while holding an flock on the key file, and caches what it
    // returns (0600, not fsync'ed: the cache is checked when read). Best
    // effort: a store that cannot keep it only costs the next run time.
    // (const: a cache beside the key, not the store's content.)
    template <class Next>
    void update_blinding(std::string_view container, Next&& next) const {
        if (!validate_container_name(container)) return;
        auto lock = os::file_lock::acquire(key_path(container), false);
        if (!lock) return;
        std::optional<bytes> stored;
        if (auto b = os::read_file(blinding_path(container), 1 << 16)) stored = std::move(*b);
        std::optional<bytes> out = next(stored);
        if (out) (void)os::write_file_atomic(blinding_path(container), *out, key_mode, true, false);
    }

    bool has_key(std::string_view container) const { return validate_container_name(container) && os::exists(key_path(container)); }

    // remove_key deletes keys/<container>.key (logged: undo puts it back).
    os::status remove_key(std::string_view container, rollback* tx = nullptr) {
        if (auto v = validate_container_name(container); !v) return v;
        return remove_logged(key_path(container), key_mode, tx);
    }

    // ---- pending requests ---------------------------------------------------

    // add_pending_request stores `request_der` with `info` under a new id
    // and returns the id.
    os::result<std::string> add_pending_request(pending_request info, byte_view request_der, rollback* tx = nullptr) {
        if (auto v = validate_container_name(info.key_container); !v) return v.err();
        info.public_key_sha1 = normalize_hex(info.public_key_sha1);
        if (info.public_key_sha1.size() != 40) return os::error{0, "public key SHA-1 must be 40 hex digits"};
        if (info.created == 0) info.created = static_cast<std::int64_t>(::time(nullptr));
        if (auto s = os::ensure_dir(root_ + "/requests", dir_mode); !s) return s.err();

        rollback local;
        std::string dir;
        for (int attempt = 0;; ++attempt) {
            info.id = new_id(info.created);
            dir = pending_dir(info.id);
            if (::mkdir(dir.c_str(), dir_mode) == 0) break;
            if (errno != EEXIST || attempt == 20) return os::sys_error("cannot create directory", dir, errno);
        }
        if (::chmod(dir.c_str(), dir_mode) != 0) {
            int e = errno;
            os::remove_dir(dir);
            return os::sys_error("cannot chmod", dir, e);
        }
        local.created_dir(dir);
        if (auto s = write_logged(dir + "/request.der", request_der, file_mode, false, &local, {}); !s) return s.err();
        metadata m;
        m.set("key_container", info.key_container);
        m.set("friendly_name", info.friendly_name);
        m.set("exportable", info.exportable ? "true" : "false");
        m.set("request_type", request_type_name(info.type));
        m.set("created", format_time(info.created));
        m.set("public_key_sha1", info.public_key_sha1);
        if (auto s = write_logged(dir + "/request.meta", as_bytes(m.serialize()), file_mode, false, &local, {}); !s) return s.err();
        hand_over(std::move(local), tx);
        return info.id;
    }

    // list_pending returns every readable pending request, oldest first;
    // unreadable ones are described in *problems (if given).
    os::result<std::vector<pending_request>> list_pending(std::vector<std::string>* problems = nullptr) const {
        std::vector<pending_request> out;
        std::string base = root_ + "/requests";
        if (!os::is_directory(base)) return out;
        auto names = os::list_dir(base);
        if (!names) return names.err();
        for (auto& id : *names) {
            if (id.empty() || id.front() == '.') continue;
            auto p = read_pending(id);
            if (p) out.push_back(std::move(*p));
            else if (problems) problems->push_back(p.err().message);
        }
        return out;
    }

    // find_pending_by_public_key returns the newest pending request whose
    // public_key_sha1 equals `spki_sha1_hex` (any case, separators allowed).
    os::result<std::optional<pending_request>> find_pending_by_public_key(std::string_view spki_sha1_hex) const {
        std::string want = normalize_hex(spki_sha1_hex);
        if (want.size() != 40) return os::error{0, "public key SHA-1 must be 40 hex digits"};
        auto all = list_pending();
        if (!all) return all.err();
        std::optional<pending_request> best;
        for (auto& p : *all)  // ids sort by time, so the last match is the newest
            if (p.public_key_sha1 == want) best = p;
        return best;
    }

    // load_pending_request returns the request DER stored under `id`.
    os::result<bytes> load_pending_request(std::string_view id) const {
        if (auto v = validate_id(id); !v) return v.err();
        return os::read_file(pending_dir(id) + "/request.der");
    }

    // remove_pending deletes requests/<id>/ (logged: undo restores it).
    os::status remove_pending(std::string_view id, rollback* tx = nullptr) {
        if (auto v = validate_id(id); !v) return v;
        std::string dir = pending_dir(id);
        if (!os::is_directory(dir)) return os::error{ENOENT, "pending request '" + std::string(id) + "' not found in " + root_};
        rollback local;
        for (const char* f : {"/request.der", "/request.meta"})
            if (auto s = remove_logged(dir + f, file_mode, &local); !s) return s;
        if (auto s = os::remove_dir(dir); !s) return s;
        local.removed_dir(dir, dir_mode);
        hand_over(std::move(local), tx);
        return {};
    }

    // ---- certificates -------------------------------------------------------

    // install_certificate writes my/<thumbprint>.cer and its metadata. The
    // same certificate installed again replaces the earlier entry.
    os::status install_certificate(byte_view cert_der, installed_certificate info, rollback* tx = nullptr) {
        info.thumbprint = normalize_hex(info.thumbprint);
        if (info.thumbprint.size() != 40) return os::error{0, "certificate thumbprint must be 40 hex digits"};
        info.serial = normalize_hex(info.serial);
        if (!info.key_container.empty())
            if (auto v = validate_container_name(info.key_container); !v) return v;
        if (info.installed == 0) info.installed = static_cast<std::int64_t>(::time(nullptr));
        if (auto s = os::ensure_dir(root_ + "/my", dir_mode); !s) return s;
        metadata m;
        m.set("thumbprint", info.thumbprint);
        m.set("serial", info.serial);
        m.set("key_container", info.key_container);
        m.set("friendly_name", info.friendly_name);
        m.set("installed", format_time(info.installed));
        rollback local;
        std::string path = certificate_path(info.thumbprint);
        if (auto s = write_logged(path, cert_der, file_mode, true, &local, {}); !s) return s;
        if (auto s = write_logged(meta_path(path), as_bytes(m.serialize()), file_mode, true, &local, {}); !s) return s;
        hand_over(std::move(local), tx);
        return {};
    }

    // find_certificate looks `id` up as a thumbprint, then as a serial
    // number (hex, any case, spaces or ':' allowed). nullopt if absent.
    os::result<std::optional<installed_certificate>> find_certificate(std::string_view id) const {
        std::string want = normalize_hex(id);
        if (want.empty()) return os::error{0, "certificate id '" + std::string(id) + "' is not a hex thumbprint or serial number"};
        std::optional<installed_certificate> found;
        if (want.size() == 40 && os::exists(certificate_path(want))) {
            auto c = read_certificate(want);
            if (!c) return c.err();
            found = std::move(*c);
        } else {
            auto all = list_certificates();
            if (!all) return all.err();
            for (auto& c : *all)
                if (same_serial(c.serial, want)) found = c;
            if (!found) return found;
        }
        auto der = os::read_file(certificate_path(found->thumbprint));
        if (!der) return der.err();
        found->der = std::move(*der);
        return found;
    }

    // list_certificates returns the metadata of every installed certificate
    // (without DER), sorted by thumbprint.
    os::result<std::vector<installed_certificate>> list_certificates(std::vector<std::string>* problems = nullptr) const {
        std::vector<installed_certificate> out;
        std::string base = root_ + "/my";
        if (!os::is_directory(base)) return out;
        auto names = os::list_dir(base);
        if (!names) return names.err();
        for (auto& n : *names) {
            if (n.size() != 44 || !n.ends_with(".cer")) continue;
            auto c = read_certificate(n.substr(0, 40));
            if (c) out.push_back(std::move(*c));
            else if (problems) problems->push_back(c.err().message);
        }
        return out;
    }

    // list returns the whole store (missing directories are empty lists).
    os::result<listing> list() const {
        listing l;
        std::string keys = root_ + "/keys";
        if (os::is_directory(keys)) {
            auto names = os::list_dir(keys);
            if (!names) return names.err();
            for (auto& n : *names)
                if (n.size() > 4 && n.ends_with(".key") && n.front() != '.') l.keys.push_back(n.substr(0, n.size() - 4));
        }
        auto p = list_pending(&l.problems);
        if (!p) return p.err();
        l.pending = std::move(*p);
        auto c = list_certificates(&l.problems);
        if (!c) return c.err();
        l.certificates = std::move(*c);
        return l;
    }

private:
    static std::string meta_path(const std::string& cer_path) { return cer_path.substr(0, cer_path.size() - 4) + ".meta"; }

    static os::status validate_id(std::string_view id) {
        if (id.empty() || id.size() > 64 || id.front() == '.' || id.find('/') != std::string_view::npos ||
            id.find("..") != std::string_view::npos)
            return os::error{0, "invalid pending request id '" + std::string(id) + "'"};
        return {};
    }

    static std::string new_id(std::int64_t created) {
        std::string t = format_time(created);  // 2026-11-24T15:29:30Z -> 20261124T152930Z
        t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '-' || c == ':'; }), t.end());
        std::uint8_t r[4] = {};
        if (::getrandom(r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) {
            auto v = static_cast<std::uint32_t>(::clock());
            for (auto& b : r) b = static_cast<std::uint8_t>(v), v >>= 8;
        }
        return t + "-" + to_hex(r);
    }

    static void hand_over(rollback&& local, rollback* tx) {
        if (tx) tx->append(std::move(local));
        else local.commit();
    }

    // write_logged writes atomically and logs the change in *tx.
    os::status write_logged(const std::string& path, byte_view data, mode_t mode, bool overwrite, rollback* tx,
                            const std::string& exists_text) {
        std::optional<bytes> old;
        mode_t old_mode = mode;
        if (overwrite && os::exists(path)) {
            auto r = os::read_file(path);
            if (!r) return r.err();
            old = std::move(*r);
            struct stat st {};
            if (::stat(path.c_str(), &st) == 0) old_mode = st.st_mode & 07777;
        }
        auto s = os::write_file_atomic(path, data, mode, overwrite);
        if (!s) {
            if (s.err().code == EEXIST && !exists_text.empty()) return os::error{EEXIST, exists_text};
            return s;
        }
        if (tx) {
            if (old) tx->changed_file(path, std::move(*old), old_mode);
            else tx->created_file(path);
        }
        return {};
    }

    // remove_logged deletes `path` after saving its content in *tx.
    os::status remove_logged(const std::string& path, mode_t mode, rollback* tx) {
        bytes old;
        if (tx) {
            auto r = os::read_file(path);
            if (!r) return r.err();
            old = std::move(*r);
            struct stat st {};
            if (::stat(path.c_str(), &st) == 0) mode = st.st_mode & 07777;
        }
        if (auto s = os::remove_file(path, false); !s) return s;
        if (tx) tx->changed_file(path, std::move(old), mode);
        return {};
    }

    os::result<pending_request> read_pending(const std::string& id) const {
        std::string path = pending_dir(id) + "/request.meta";
        auto text = os::read_file(path, 1 << 16);
        if (!text) return text.err();
        auto m = metadata::parse(as_chars(*text));
        if (!m) return os::error{0, path + ": " + m.err().message};
        auto bad = [&](const char* what) { return os::error{0, path + ": " + what}; };
        pending_request p;
        p.id = id;
        p.key_container = m->get_or("key_container");
        p.friendly_name = m->get_or("friendly_name");
        p.exportable = m->get_or("exportable") == "true";
        auto type = parse_request_type(m->get_or("request_type", "PKCS10"));
        if (!type) return bad("unknown request_type");
        p.type = *type;
        auto created = parse_time(m->get_or("created"));
        if (!created) return bad("missing or bad created time");
        p.created = *created;
        p.public_key_sha1 = normalize_hex(m->get_or("public_key_sha1"));
        if (p.key_container.empty()) return bad("missing key_container");
        if (p.public_key_sha1.size() != 40) return bad("missing or bad public_key_sha1");
        return p;
    }

    os::result<installed_certificate> read_certificate(const std::string& thumbprint) const {
        std::string path = meta_path(certificate_path(thumbprint));
        auto text = os::read_file(path, 1 << 16);
        if (!text) return text.err();
        auto m = metadata::parse(as_chars(*text));
        if (!m) return os::error{0, path + ": " + m.err().message};
        installed_certificate c;
        c.thumbprint = thumbprint;
        c.serial = normalize_hex(m->get_or("serial"));
        c.key_container = m->get_or("key_container");
        c.friendly_name = m->get_or("friendly_name");
        c.installed = parse_time(m->get_or("installed")).value_or(0);
        return c;
    }

    std::string root_;
};

}  // namespace certreq::store
