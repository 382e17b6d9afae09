// store/store.hpp: key_store, the on-disk stand-in for the Windows user or
// machine store (spec §1.2): `-new` keeps the private key under its container
// name with the pending request; a self-signed certificate is installed with
// its key; `-accept` later finds the pending request whose public key matches
// the certificate's and installs the certificate with that key.
//
// Layout under the root (store/location.hpp picks the root):
//
//   <root>/                          0700, owned by you (store/permissions.hpp)
//     lock                           the store's lock (flock)
//     keys/<container>.key           one key container, 0600: the private key
//                                    and the request made with it when it was
//                                    made, until accepted (store/container_file.hpp)
//     keys/<container>.requests      0600: requests made later with that key
//                                    (UseExistingKeySet), until accepted
//     my/<thumbprint>.cer            an installed certificate (DER), 0644
//     my/<thumbprint>.meta           thumbprint, serial, key_container,
//                                    friendly_name, installed
//
// Directories are created 0700 on first write. Every change is committed
// with store/commit.hpp (temporary in the root, fsync, rename, fsync of the
// directory), so a crash never leaves a partial file, and a `-new` or an
// `-accept`'s removal of a pending request is one file: one commit, two
// flushes. The exceptions are what a `-new` adds beside a key that is
// already durable: the request of a `-new` with an existing key
// (keys/<container>.requests, the key file not rewritten) and a `-new`'s
// self-signed certificate are committed without a flush. A power cut can
// lose only such a record, never a key (as Windows' stores in lazily flushed
// registry hives can), and saving those flushes is what keeps such a `-new`
// near a program that writes nothing durably (bench/RESULTS.md). Metadata
// uses store/metadata.hpp's name=value format; times are ISO 8601 UTC. A pending request's id is "<yyyymmddThhmmssZ>-<8 hex>", so
// ids sort by creation time. Hex values (thumbprint, serial,
// public_key_sha1) are lowercase, unseparated. public_key_sha1 is the SHA-1
// of the SubjectPublicKeyInfo DER: the request's and the issued
// certificate's SPKI are byte-identical, so the hashes match.
//
// Stores written before the container format kept pending requests in
// requests/<id>/{request.der,request.meta}; lock() moves them into their
// containers (each one commit, then the old directory goes).
//
// Every mutating call takes an optional rollback*: it logs what it changed,
// and the caller commits once all its steps worked (store/rollback.hpp). A
// call that fails half-way always undoes its own partial work itself,
// including directories it created (a full disk leaves no empty ones).
//
// A verb that changes a store (-new, -accept, -enroll's steps, SCEP) holds
// the store's lock (lock(): flock on <root>/lock) from its first read of the
// entries it changes to its commit, so two processes never interleave: two
// -accept of one certificate install it once and lose nothing. Holding it,
// lock() removes the temporaries a killed writer left in the root.
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

#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/mbed/hash.hpp"
#include "certreq/mbed/secret.hpp"
#include "certreq/model/request.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/error.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/file_lock.hpp"
#include "certreq/os/path.hpp"
#include "certreq/store/commit.hpp"
#include "certreq/store/container.hpp"
#include "certreq/store/container_file.hpp"
#include "certreq/store/hex.hpp"
#include "certreq/store/location.hpp"
#include "certreq/store/metadata.hpp"
#include "certreq/store/pending.hpp"
#include "certreq/store/permissions.hpp"
#include "certreq/store/rollback.hpp"
#include "certreq/store/timestamp.hpp"

namespace certreq::store {

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
    // root 0700) after checking that nobody else can change the store.
    // Hold it across read-decide-write; never take it twice in one process
    // (a second flock on a new descriptor waits for the first). Holding it,
    // it removes what killed writers left and moves pending requests of the
    // old layout into their containers.
    os::result<os::file_lock> lock() const {
        if (auto s = check_store_dirs(root_, {"keys", "my", "requests", "scep"}); !s) return s.err();
        if (auto s = ensure_root(); !s) return s.err();
        auto l = os::file_lock::acquire(root_ + "/lock");
        if (!l) return l.err();
        sweep_temporaries(root_);
        if (auto s = const_cast<key_store*>(this)->migrate_old_requests(); !s) return s.err();
        return l;
    }
    std::string key_path(std::string_view container) const { return root_ + "/keys/" + std::string(container) + ".key"; }
    std::string requests_path(std::string_view container) const { return root_ + "/keys/" + std::string(container) + ".requests"; }
    std::string certificate_path(std::string_view thumbprint) const { return root_ + "/my/" + std::string(thumbprint) + ".cer"; }

    // ---- keys -------------------------------------------------------------

    // save_key writes `key_pem` as the container keys/<container>.key (0600)
    // with no pending request. Without `overwrite` an existing container is
    // an error and stays untouched; with it, the old key and its pending
    // requests are replaced.
    os::status save_key(std::string_view container, std::string_view key_pem, bool overwrite = false, rollback* tx = nullptr) {
        if (auto v = validate_container_name(container); !v) return v;
        container_file c;
        c.key_pem = mbed::make_secret_string(key_pem);
        rollback local;
        if (overwrite && os::exists(requests_path(container)))  // requests made with the replaced key
            if (auto s = remove_logged(requests_path(container), key_mode, &local); !s) return s;
        if (auto s = write_container(container, c, overwrite, &local); !s) return s;
        hand_over(std::move(local), tx);
        return {};
    }

    // load_key returns the PEM text of `container`'s key.
    os::result<mbed::secret_string> load_key(std::string_view container) const {
        if (auto v = validate_container_name(container); !v) return v.err();
        if (auto s = check_store_dirs(root_, {"keys"}); !s) return s.err();
        auto c = read_container(container, false);
        if (!c) return c.err();
        return std::move(c->key_pem);
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

    // remove_key deletes the container keys/<container>.key, with its
    // pending requests (logged: undo puts it back).
    os::status remove_key(std::string_view container, rollback* tx = nullptr) {
        if (auto v = validate_container_name(container); !v) return v;
        rollback local;
        if (os::exists(requests_path(container)))
            if (auto s = remove_logged(requests_path(container), key_mode, &local); !s) return s;
        if (auto s = remove_logged(key_path(container), key_mode, &local); !s) return s;
        hand_over(std::move(local), tx);
        return {};
    }

    // ---- pending requests ---------------------------------------------------

    // add_pending_request records `request_der` with `info` and returns its
    // new id, in one commit: with `new_key_pem` it creates the container
    // info.key_container holding that key and the request (an existing
    // container is an error), flushed; without, the container must exist and
    // the request is added to its keys/<container>.requests, atomically but
    // not flushed: the key file is not touched, so a crash can lose only this
    // record, never the key (as Windows' request store, a registry hive
    // flushed lazily; the request is also in -new's output).
    os::result<std::string> add_pending_request(pending_request info, byte_view request_der, rollback* tx = nullptr,
                                                std::string_view new_key_pem = {}) {
        if (auto v = validate_container_name(info.key_container); !v) return v.err();
        info.public_key_sha1 = normalize_hex(info.public_key_sha1);
        if (info.public_key_sha1.size() != 40) return core::failed("public key SHA-1 must be 40 hex digits");
        if (info.created == 0) info.created = static_cast<std::int64_t>(::time(nullptr));
        info.id = new_id(info.created);
        container_file c;
        if (!new_key_pem.empty()) {
            c.key_pem = mbed::make_secret_string(new_key_pem);
            c.pending.push_back({info, bytes(request_der.begin(), request_der.end()), false});
            if (auto s = write_container(info.key_container, c, false, tx); !s) return s.err();
            return info.id;
        }
        auto old = read_container(info.key_container);
        if (!old) return old.err();
        c = std::move(*old);
        c.pending.push_back({info, bytes(request_der.begin(), request_der.end()), true});
        if (auto s = write_beside(info.key_container, c, tx); !s) return s.err();
        return info.id;
    }

    // list_pending returns every readable pending request, oldest first;
    // unreadable containers are described in *problems (if given).
    os::result<std::vector<pending_request>> list_pending(std::vector<std::string>* problems = nullptr) const {
        std::vector<pending_request> out;
        auto all = read_all_containers(problems);
        if (!all) return all.err();
        for (auto& [name, c] : *all)
            for (auto& p : c.pending) out.push_back(p.info);
        std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.id < b.id; });
        return out;
    }

    // find_pending_by_public_key returns the newest pending request whose
    // public_key_sha1 equals `spki_sha1_hex` (any case, separators allowed).
    os::result<std::optional<pending_request>> find_pending_by_public_key(std::string_view spki_sha1_hex) const {
        std::string want = normalize_hex(spki_sha1_hex);
        if (want.size() != 40) return core::failed("public key SHA-1 must be 40 hex digits");
        auto all = list_pending();
        if (!all) return all.err();
        std::optional<pending_request> best;
        for (auto& p : *all)  // ids sort by time, so the last match is the newest
            if (p.public_key_sha1 == want) best = p;
        return best;
    }

    // load_pending_request returns the request DER stored under `id`.
    os::result<bytes> load_pending_request(std::string_view id) const {
        auto found = find_by_id(id);
        if (!found) return found.err();
        for (auto& p : found->second.pending)
            if (p.info.id == id) return std::move(p.der);
        return not_found(id);
    }

    // remove_pending drops the pending request `id` from its container
    // (one commit; logged: undo puts it back).
    os::status remove_pending(std::string_view id, rollback* tx = nullptr) {
        auto found = find_by_id(id);
        if (!found) return found.err();
        auto& [name, c] = *found;
        auto it = std::find_if(c.pending.begin(), c.pending.end(), [&](const pending_entry& p) { return p.info.id == id; });
        if (it == c.pending.end()) return not_found(id);
        bool beside = it->beside;
        c.pending.erase(it);
        if (beside) return write_beside(name, c, tx);
        return write_container(name, c, true, tx);
    }

    // ---- certificates -------------------------------------------------------

    // install_certificate writes my/<thumbprint>.cer and its metadata. The
    // same certificate installed again replaces the earlier entry. Not
    // `durable`: committed atomically without a flush (a -new's self-signed
    // certificate: its output file holds it too and its key is durable).
    os::status install_certificate(byte_view cert_der, installed_certificate info, rollback* tx = nullptr,
                                   bool durable = true) {
        info.thumbprint = normalize_hex(info.thumbprint);
        if (info.thumbprint.size() != 40) return core::failed("certificate thumbprint must be 40 hex digits");
        info.serial = normalize_hex(info.serial);
        if (!info.key_container.empty())
            if (auto v = validate_container_name(info.key_container); !v) return v;
        if (info.installed == 0) info.installed = static_cast<std::int64_t>(::time(nullptr));
        metadata m;
        m.set("thumbprint", info.thumbprint);
        m.set("serial", info.serial);
        m.set("key_container", info.key_container);
        m.set("friendly_name", info.friendly_name);
        m.set("installed", format_time(info.installed));
        m.set("certificate", base64::encode(cert_der));
        rollback local;
        if (auto s = ensure_subdir("my", local); !s) return s;
        std::string path = certificate_path(info.thumbprint);
        // The .meta (with the certificate in it) is the commit; the .cer is
        // the DER for people and tools, written atomically but not flushed:
        // load_certificate_der() falls back to the .meta's copy.
        if (auto s = write_logged(path, cert_der, file_mode, true, &local, false, false); !s) return s;
        if (auto s = write_logged(meta_path(path), as_bytes(m.serialize()), file_mode, true, &local, durable, durable); !s)
            return s;
        hand_over(std::move(local), tx);
        return {};
    }

    // find_certificate looks `id` up as a thumbprint, then as a serial
    // number (hex, any case, spaces or ':' allowed). nullopt if absent.
    os::result<std::optional<installed_certificate>> find_certificate(std::string_view id) const {
        std::string want = normalize_hex(id);
        if (want.empty()) return core::failed("certificate id '" + std::string(id) + "' is not a hex thumbprint or serial number");
        std::optional<installed_certificate> found;
        if (want.size() == 40 && os::exists(meta_path(certificate_path(want)))) {
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
        auto der = load_certificate_der(found->thumbprint);
        if (!der) return der.err();
        found->der = std::move(*der);
        return found;
    }

    // load_certificate_der returns the DER of installed certificate
    // `thumbprint`: my/<thumbprint>.cer when its SHA-1 is the thumbprint,
    // else the copy in the .meta (a crash can empty the unflushed .cer).
    os::result<bytes> load_certificate_der(std::string_view thumbprint) const {
        std::string path = certificate_path(thumbprint);
        auto der = os::read_file(path);
        if (der && to_hex(mbed::sha1(*der)) == thumbprint) return der;
        auto text = os::read_file(meta_path(path), 1 << 20);
        if (!text) return der ? text.err() : der.err();
        auto m = metadata::parse(as_chars(*text));
        if (!m) return core::failed(meta_path(path) + ": " + m.err().message);
        auto copy = base64::decode(m->get_or("certificate"));
        if (copy && to_hex(mbed::sha1(*copy)) == thumbprint) return std::move(*copy);
        if (der && !der->empty()) return der;  // an entry whose name is not its SHA-1 (made by hand): as it is
        return core::failed(path + ": damaged, and " + meta_path(path) + " holds no copy of certificate " + std::string(thumbprint));
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
            if (n.size() != 45 || !n.ends_with(".meta")) continue;  // the .meta is the entry's commit
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

    os::error not_found(std::string_view id) const {
        return os::failure(ENOENT, "pending request '" + std::string(id) + "' not found in " + root_);
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

    // ensure_root creates the root (0700) and makes its name durable.
    os::status ensure_root() const {
        if (os::is_directory(root_)) return {};
        if (auto s = os::ensure_dir(root_, dir_mode); !s) return s;
        os::detail::sync_dir(os::parent_dir(root_));
        return {};
    }

    // ensure_subdir creates <root>/<name> when missing, logging it in `tx`
    // so that a change that fails (a full disk) leaves no empty directory.
    os::status ensure_subdir(std::string_view name, rollback& tx) const {
        if (auto s = ensure_root(); !s) return s;
        std::string dir = root_ + "/" + std::string(name);
        if (::mkdir(dir.c_str(), dir_mode) != 0) {
            if (errno == EEXIST && os::is_directory(dir)) return {};
            return os::sys_error("cannot create directory", dir, errno == EEXIST ? ENOTDIR : errno);
        }
        if (::chmod(dir.c_str(), dir_mode) != 0) {
            int e = errno;
            os::remove_dir(dir);
            return os::sys_error("cannot chmod", dir, e);
        }
        tx.created_dir(dir);
        os::detail::sync_dir(root_);
        return {};
    }

    // read_secret reads a file that holds a key into a wiped buffer.
    static os::result<mbed::secret_string> read_secret(const std::string& path) {
        auto r = os::read_file_as<mbed::secret_bytes>(path, 1 << 20);
        if (!r) return r.err();
        return mbed::make_secret_string(as_chars(*r));
    }

    // read_container reads keys/<container>.key and, `with_requests`, the
    // requests beside it.
    os::result<container_file> read_container(std::string_view container, bool with_requests = true) const {
        std::string path = key_path(container);
        auto text = read_secret(path);
        if (!text) {
            if (text.err().os_errno == ENOENT)
                return os::failure(ENOENT, "key container '" + std::string(container) + "' not found in " + root_);
            return text.err();
        }
        auto c = container_file::parse(*text, container, path);
        if (!c || !with_requests) return c;
        std::string beside = requests_path(container);
        auto later = read_secret(beside);
        if (!later) {
            if (later.err().os_errno == ENOENT) return c;
            return later.err();
        }
        auto b = container_file::parse(*later, container, beside, true);
        if (!b) return b.err();
        for (auto& p : b->pending) c->pending.push_back(std::move(p));
        return c;
    }

    // write_beside commits the entries of `c` kept beside its key as
    // keys/<container>.requests (0600: a request can carry a challenge
    // password), without a flush; with none left the file goes.
    os::status write_beside(std::string_view container, const container_file& c, rollback* tx) {
        std::string path = requests_path(container);
        if (!c.has_beside()) return os::exists(path) ? remove_logged(path, key_mode, tx) : os::status{};
        auto text = c.serialize_beside();
        return write_logged(path, as_bytes(text), key_mode, true, tx, false, false);
    }

    // write_container commits `c` as keys/<container>.key (logged in *tx).
    os::status write_container(std::string_view container, const container_file& c, bool overwrite, rollback* tx) {
        rollback local;
        if (auto s = ensure_subdir("keys", local); !s) return s;
        auto text = c.serialize();
        if (auto s = write_logged(key_path(container), as_bytes(text), key_mode, overwrite, &local); !s) {
            if (s.err().os_errno == EEXIST)
                return os::failure(EEXIST, "key container '" + std::string(container) + "' already exists in " + root_ +
                                             " (use UseExistingKeySet = TRUE to reuse it)");
            return s;
        }
        hand_over(std::move(local), tx);
        return {};
    }

    using named_container = std::pair<std::string, container_file>;

    // read_all_containers reads every keys/*.key; damaged ones go to *problems.
    os::result<std::vector<named_container>> read_all_containers(std::vector<std::string>* problems) const {
        std::vector<named_container> out;
        std::string base = root_ + "/keys";
        if (!os::is_directory(base)) return out;
        auto names = os::list_dir(base);
        if (!names) return names.err();
        for (auto& n : *names) {
            if (n.size() <= 4 || !n.ends_with(".key") || n.front() == '.') continue;
            std::string name = n.substr(0, n.size() - 4);
            auto c = read_container(name);
            if (c) out.emplace_back(std::move(name), std::move(*c));
            else if (problems) problems->push_back(c.err().message);
        }
        return out;
    }

    // find_by_id returns the container that holds pending request `id`.
    os::result<named_container> find_by_id(std::string_view id) const {
        if (id.empty() || id.size() > 64) return core::failed("invalid pending request id '" + std::string(id) + "'");
        auto all = read_all_containers(nullptr);
        if (!all) return all.err();
        for (auto& nc : *all)
            for (auto& p : nc.second.pending)
                if (p.info.id == id) return std::move(nc);
        return not_found(id);
    }

    // write_logged commits one file and logs the change in *tx.
    os::status write_logged(const std::string& path, byte_view data, mode_t mode, bool overwrite, rollback* tx, bool sync_dir = true,
                            bool durable = true) {
        std::optional<mbed::secret_string> old;
        mode_t old_mode = mode;
        if (overwrite && os::exists(path)) {
            auto r = read_secret(path);
            if (!r) return r.err();
            old = std::move(*r);
            struct stat st {};
            if (::stat(path.c_str(), &st) == 0) old_mode = st.st_mode & 07777;
        }
        if (auto s = commit_file(root_, path, data, mode, overwrite, sync_dir, durable); !s) return s;
        if (tx) {
            if (old) tx->changed_file(path, as_bytes(*old), old_mode);
            else tx->created_file(path);
        }
        return {};
    }

    // remove_logged deletes `path` after saving its content in *tx.
    os::status remove_logged(const std::string& path, mode_t mode, rollback* tx) {
        mbed::secret_string old;
        if (tx) {
            auto r = read_secret(path);
            if (!r) return r.err();
            old = std::move(*r);
            struct stat st {};
            if (::stat(path.c_str(), &st) == 0) mode = st.st_mode & 07777;
        }
        if (auto s = os::remove_file(path, false); !s) return s;
        os::detail::sync_dir(os::parent_dir(path));
        if (tx) tx->changed_file(path, as_bytes(old), mode);
        return {};
    }

    // migrate_old_requests moves each requests/<id>/ of the old layout into
    // its key container (one commit each; then the directory goes). A
    // request whose container is gone, or that cannot be read, stays where
    // it is. Interrupted, it is finished by the next lock().
    os::status migrate_old_requests() {
        std::string base = root_ + "/requests";
        if (!os::is_directory(base)) return {};
        auto ids = os::list_dir(base);
        if (!ids) return ids.err();
        for (auto& id : *ids) {
            if (id.empty() || id.front() == '.') continue;
            std::string dir = base + "/" + id;
            auto meta = os::read_file(dir + "/request.meta", 1 << 16);
            auto der = os::read_file(dir + "/request.der");
            if (!meta || !der) continue;
            auto m = metadata::parse(as_chars(*meta));
            if (!m) continue;
            std::string container = m->get_or("key_container");
            if (!validate_container_name(container) || !os::exists(key_path(container))) continue;
            auto c = read_container(container);
            if (!c) continue;
            bool present = std::any_of(c->pending.begin(), c->pending.end(), [&](auto& p) { return p.info.id == id; });
            if (!present) {
                pending_entry e;
                e.info.id = id;
                e.info.key_container = container;
                e.info.friendly_name = m->get_or("friendly_name");
                e.info.exportable = m->get_or("exportable") == "true";
                e.info.type = parse_request_type(m->get_or("request_type", "PKCS10")).value_or(model::request_type::pkcs10);
                e.info.created = parse_time(m->get_or("created")).value_or(0);
                e.info.public_key_sha1 = normalize_hex(m->get_or("public_key_sha1"));
                if (e.info.public_key_sha1.size() != 40) continue;
                e.der = std::move(*der);
                c->pending.push_back(std::move(e));
                if (auto s = write_container(container, *c, true, nullptr); !s) return s;
            }
            (void)os::remove_file(dir + "/request.der");
            (void)os::remove_file(dir + "/request.meta");
            (void)os::remove_dir(dir);
        }
        (void)os::remove_dir(base);  // only when empty
        return {};
    }

    os::result<installed_certificate> read_certificate(const std::string& thumbprint) const {
        std::string path = meta_path(certificate_path(thumbprint));
        auto text = os::read_file(path, 1 << 16);
        if (!text) return text.err();
        auto m = metadata::parse(as_chars(*text));
        if (!m) return core::failed(path + ": " + m.err().message);
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
