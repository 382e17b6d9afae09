#include "certreq/store/store.hpp"

#include <doctest/doctest.h>

#include <regex>

#include "certreq/os/file.hpp"
#include "support.hpp"

using namespace certreq;
using store_test::entries;
using store_test::mode_of;

namespace {

const std::string key_a = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
const std::string key_b = "-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----\n";
const std::string sha_a = "a9993e364706816aba3e25717850c26c9cd0d89d";
const std::string sha_b = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
const std::string thumb = "0123456789abcdef0123456789abcdef01234567";

std::string text(const std::string& path) {
    auto r = os::read_file(path);
    return r ? std::string(as_chars(*r)) : "<" + r.err().message + ">";
}

store::key_store open_user() {
    auto s = store::key_store::open(store::scope::user);
    REQUIRE(s);
    return std::move(*s);
}

store::pending_request pending(std::string container, std::string sha, std::int64_t created) {
    store::pending_request p;
    p.key_container = std::move(container);
    p.friendly_name = "Web server";
    p.exportable = true;
    p.type = model::request_type::cmc;
    p.created = created;
    p.public_key_sha1 = std::move(sha);
    return p;
}

}  // namespace

TEST_CASE("key_store: keys are saved 0600 in 0700 directories, never clobbered without overwrite") {
    store_test::temp_store t;
    auto st = open_user();
    CHECK(st.root() == t.root);
    CHECK(!os::exists(t.root));  // nothing until the first write
    REQUIRE(st.save_key("web", key_a));
    CHECK(mode_of(t.root) == 0700);
    CHECK(mode_of(t / "keys") == 0700);
    CHECK(mode_of(t / "keys/web.key") == 0600);
    CHECK(text(t / "keys/web.key") == key_a);
    CHECK(st.has_key("web"));
    CHECK(!st.has_key("other"));
    CHECK(!st.has_key("../web"));

    auto s = st.save_key("web", key_b);
    REQUIRE(!s);
    CHECK(s.err().message == "key container 'web' already exists in " + t.root + " (use UseExistingKeySet = TRUE to reuse it)");
    CHECK(std::string_view(*st.load_key("web")) == key_a);
    REQUIRE(st.save_key("web", key_b, true));
    CHECK(std::string_view(*st.load_key("web")) == key_b);

    auto missing = st.load_key("nope");
    REQUIRE(!missing);
    CHECK(missing.err().message == "key container 'nope' not found in " + t.root);
    s = st.save_key("a/b", key_a);
    REQUIRE(!s);
    CHECK(s.err().message == "invalid key container name 'a/b': contains '/'");
    CHECK(entries(t.root) == 2);  // keys/, keys/web.key
}

TEST_CASE("key_store: a pending request lives in its key container file; lookup by public key") {
    store_test::temp_store t;
    auto st = open_user();
    const bytes req = {0x30, 0x03, 0x02, 0x01, 0x00};
    // A new key and its request: one file, nothing else in the store.
    auto id = st.add_pending_request(pending("web", sha_a, 1795966170), req, nullptr, key_a);
    REQUIRE(id);
    CHECK(std::regex_match(*id, std::regex("20261129T152930Z-[0-9a-f]{8}")));
    CHECK(mode_of(t / "keys/web.key") == 0600);
    CHECK(entries(t.root) == 2);  // keys/, keys/web.key
    CHECK(text(t / "keys/web.key") == key_a +
          "\n# certreq pending request\n"
          "id=" + *id + "\n"
          "friendly_name=Web server\n"
          "exportable=true\n"
          "request_type=CMC\n"
          "created=2026-11-29T15:29:30Z\n"
          "public_key_sha1=" + sha_a + "\n"
          "-----BEGIN CMS-----\nMAMCAQA=\n-----END CMS-----\n");
    CHECK(*st.load_pending_request(*id) == req);
    CHECK(std::string_view(*st.load_key("web")) == key_a);  // the key part only

    // A new key for an existing container is refused and changes nothing.
    auto again = st.add_pending_request(pending("web", sha_a, 1795966170), req, nullptr, key_b);
    REQUIRE(!again);
    CHECK(again.err().message == "key container 'web' already exists in " + t.root + " (use UseExistingKeySet = TRUE to reuse it)");
    // Without a key the container must exist.
    auto orphan = st.add_pending_request(pending("nokey", sha_a, 1795966170), req);
    REQUIRE(!orphan);
    CHECK(orphan.err().message == "key container 'nokey' not found in " + t.root);

    // A later request with the same key (UseExistingKeySet), one with another key.
    REQUIRE(st.save_key("web-renewed", key_b));
    auto id2 = st.add_pending_request(pending("web-renewed", "A9 99 3E 36 47 06 81 6A BA 3E 25 71 78 50 C2 6C 9C D0 D8 9D", 1795966171), req);
    REQUIRE(id2);
    auto pkcs10 = pending("web-renewed", sha_b, 1795966172);
    pkcs10.type = model::request_type::pkcs10;
    auto id3 = st.add_pending_request(pkcs10, req);
    REQUIRE(id3);
    // Those go beside the key, which is not rewritten for them.
    CHECK(text(t / "keys/web-renewed.key") == key_b);
    CHECK(mode_of(t / "keys/web-renewed.requests") == 0600);
    CHECK(text(t / "keys/web-renewed.requests").find("-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQA=\n") != std::string::npos);
    CHECK(std::string_view(*st.load_key("web-renewed")) == key_b);

    auto found = st.find_pending_by_public_key("A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D");
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->id == *id2);  // the newest match
    CHECK((*found)->key_container == "web-renewed");
    CHECK((*found)->public_key_sha1 == sha_a);
    CHECK((*found)->friendly_name == "Web server");
    CHECK((*found)->exportable);
    CHECK((*found)->type == model::request_type::cmc);
    CHECK((*found)->created == 1795966171);

    auto none = st.find_pending_by_public_key("0000000000000000000000000000000000000000");
    REQUIRE(none);
    CHECK(!none->has_value());
    auto bad = st.find_pending_by_public_key("xyz");
    REQUIRE(!bad);
    CHECK(bad.err().message == "public key SHA-1 must be 40 hex digits");

    auto all = st.list_pending();
    REQUIRE(all);
    REQUIRE(all->size() == 3);  // oldest first
    CHECK((*all)[0].key_container == "web");
    CHECK((*all)[2].id == *id3);
    CHECK((*all)[2].type == model::request_type::pkcs10);

    // Removing a request rewrites the file that holds it: the key and the others stay.
    REQUIRE(st.remove_pending(*id2));
    CHECK(text(t / "keys/web-renewed.key") == key_b);
    REQUIRE(st.list_pending()->size() == 2);
    CHECK(!st.load_pending_request(*id2));
    REQUIRE(st.remove_pending(*id3));  // the last one beside the key: the file goes
    CHECK(!os::exists(t / "keys/web-renewed.requests"));
    REQUIRE(st.list_pending()->size() == 1);
    auto gone = st.remove_pending(*id2);
    REQUIRE(!gone);
    CHECK(gone.err().message == "pending request '" + *id2 + "' not found in " + t.root);
    REQUIRE(st.remove_pending(*id));
    CHECK(text(t / "keys/web.key") == key_a);  // back to the plain key file
    CHECK(!st.remove_pending("../keys"));
    CHECK(!st.load_pending_request("../x"));

    auto wrong = st.add_pending_request(pending("", sha_a, 1), req);
    REQUIRE(!wrong);
    CHECK(wrong.err().message == "invalid key container name: empty");
}

TEST_CASE("key_store: requests made with an existing key live in <container>.requests") {
    store_test::temp_store t;
    auto st = open_user();
    const bytes req = {0x30, 0x03, 0x02, 0x01, 0x00};
    auto first = st.add_pending_request(pending("web", sha_a, 10), req, nullptr, key_a);
    REQUIRE(first);
    const std::string key_file = text(t / "keys/web.key");
    auto later = st.add_pending_request(pending("web", sha_a, 11), req);
    REQUIRE(later);
    CHECK(text(t / "keys/web.key") == key_file);  // untouched
    CHECK(text(t / "keys/web.requests") ==
          "\n# certreq pending request\n"
          "id=" + *later + "\n"
          "friendly_name=Web server\n"
          "exportable=true\n"
          "request_type=CMC\n"
          "created=1970-01-01T00:00:11Z\n"
          "public_key_sha1=" + sha_a + "\n"
          "-----BEGIN CMS-----\nMAMCAQA=\n-----END CMS-----\n");
    auto found = st.find_pending_by_public_key(sha_a);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->id == *later);  // the newest, from either file
    CHECK(*st.load_pending_request(*later) == req);

    // An uncommitted rollback takes a later request back out.
    {
        store::rollback tx;
        REQUIRE(st.add_pending_request(pending("web", sha_a, 12), req, &tx));
        CHECK(st.list_pending()->size() == 3);
    }
    CHECK(st.list_pending()->size() == 2);

    // What a power cut can leave of a file that was never flushed (zeros, or
    // nothing): no pending request there, and the key is intact.
    REQUIRE(os::write_file_atomic(t / "keys/web.requests", bytes(300, 0), 0600, true));
    REQUIRE(st.list_pending()->size() == 1);
    REQUIRE(os::write_file_atomic(t / "keys/web.requests", bytes{}, 0600, true));
    REQUIRE(st.list_pending()->size() == 1);
    CHECK(std::string_view(*st.load_key("web")) == key_a);

    // A damaged section is reported as the key file's are.
    REQUIRE(os::write_file_atomic(t / "keys/web.requests", as_bytes(std::string_view("\n# certreq pending request\nid\n")), 0600, true));
    auto damaged = st.list_pending();
    REQUIRE(damaged);
    std::vector<std::string> problems;
    REQUIRE(st.list_pending(&problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].starts_with(t / "keys/web.requests: pending request 1: "));
    CHECK(std::string_view(*st.load_key("web")) == key_a);  // the key stays usable

    // Replacing the key (overwrite) and removing the container take its requests along.
    REQUIRE(os::write_file_atomic(t / "keys/web.requests", bytes{}, 0600, true));
    REQUIRE(st.add_pending_request(pending("web", sha_a, 13), req));
    REQUIRE(os::exists(t / "keys/web.requests"));
    REQUIRE(st.save_key("web", key_b, true));
    CHECK(!os::exists(t / "keys/web.requests"));
    REQUIRE(st.add_pending_request(pending("web", sha_b, 14), req));
    REQUIRE(st.remove_key("web"));
    CHECK(!os::exists(t / "keys/web.requests"));
    CHECK(!os::exists(t / "keys/web.key"));
    CHECK(st.list_pending()->empty());
}

TEST_CASE("key_store: an uncommitted rollback undoes key + pending request; commit keeps them") {
    store_test::temp_store t;
    auto st = open_user();
    const bytes req = {0x30, 0x00};
    {
        store::rollback tx;
        REQUIRE(st.add_pending_request(pending("web", sha_a, 5), req, &tx, key_a));
        CHECK(!tx.empty());
        // a later step "fails": tx goes out of scope uncommitted
    }
    CHECK(!st.has_key("web"));
    CHECK(st.list_pending()->empty());
    CHECK(!os::exists(t / "keys"));  // the directory it made went too
    {
        store::rollback tx;
        REQUIRE(st.add_pending_request(pending("web", sha_a, 5), req, &tx, key_a));
        tx.commit();
    }
    CHECK(st.has_key("web"));
    CHECK(st.list_pending()->size() == 1);

    // Overwrite and removal are undone by restoring the old content and mode.
    auto id = (*st.list_pending())[0].id;
    auto before = text(st.key_path("web"));
    {
        store::rollback tx;
        REQUIRE(st.remove_pending(id, &tx));
        REQUIRE(st.save_key("web", key_b, true, &tx));
        REQUIRE(st.remove_key("web", &tx));
        CHECK(!st.has_key("web"));
        REQUIRE(tx.undo());
    }
    CHECK(text(st.key_path("web")) == before);
    CHECK(mode_of(st.key_path("web")) == 0600);
    auto back = st.list_pending();
    REQUIRE(back->size() == 1);
    CHECK((*back)[0].id == id);
    CHECK(*st.load_pending_request(id) == req);

    // A moved-from rollback does nothing; the moved-to one still undoes.
    {
        store::rollback outer;
        {
            store::rollback tx;
            REQUIRE(st.save_key("temp", key_a, false, &tx));
            outer = std::move(tx);
        }
        CHECK(st.has_key("temp"));
    }
    CHECK(!st.has_key("temp"));
}

TEST_CASE("key_store: a write that fails (file size limit, as a full disk) leaves no file and no new directory") {
    store_test::temp_store t;
    auto st = open_user();
    auto l = st.lock();  // the root and its lock exist before
    REQUIRE(l);
    store_test::file_size_limit zero(0);
    auto id = st.add_pending_request(pending("web", sha_a, 1), bytes{0x30, 0x00}, nullptr, key_a);
    REQUIRE(!id);
    CHECK(id.err().message == "cannot write " + t / "keys/web.key" + ": File too large");
    CHECK(!os::exists(t / "keys"));
    store::installed_certificate info;
    info.thumbprint = thumb;
    REQUIRE(!st.install_certificate(bytes{0x30, 0x00}, info));
    CHECK(!os::exists(t / "my"));
    CHECK(entries(t.root) == 1);  // the lock only: no temporary either
}

TEST_CASE("key_store: lock() removes the temporaries of a killed writer and refuses stores others can change") {
    store_test::temp_store t;
    auto st = open_user();
    REQUIRE(st.save_key("web", key_a));
    REQUIRE(os::write_file_atomic(t / ".tmp-99999-0123456789ab", as_bytes(key_b), 0600, false));
    {
        auto l = st.lock();
        REQUIRE(l);
    }
    CHECK(!os::exists(t / ".tmp-99999-0123456789ab"));
    CHECK(os::exists(t / "keys/web.key"));

    REQUIRE(::chmod((t / "keys").c_str(), 0770) == 0);
    auto l = st.lock();
    REQUIRE(!l);
    CHECK(l.err().message == t / "keys" + ": group- or world-writable (mode 0770); refusing a key store others can change (chmod go-w " +
                                 t / "keys" + ")");
    auto k = st.load_key("web");
    REQUIRE(!k);
    CHECK(k.err().message == l.err().message);
    REQUIRE(::chmod((t / "keys").c_str(), 0700) == 0);
    REQUIRE(::chmod(t.root.c_str(), 0702) == 0);
    CHECK(!st.lock());
    REQUIRE(::chmod(t.root.c_str(), 0700) == 0);
    if (::geteuid() == 0) {  // root can hand the store to someone else
        REQUIRE(::chown((t / "keys").c_str(), 4242, 4242) == 0);
        auto o = st.lock();
        REQUIRE(!o);
        CHECK(o.err().message == t / "keys" + ": owned by uid 4242, not by you (uid 0); refusing a key store another user controls");
    }
}

TEST_CASE("key_store: pending requests of the old layout (requests/<id>/) move into their containers") {
    store_test::temp_store t;
    auto st = open_user();
    REQUIRE(st.save_key("web", key_a));
    const std::string id = "20261129T152930Z-0a1b2c3d";
    std::string dir = t / ("requests/" + id);
    REQUIRE(os::ensure_dir(dir));
    REQUIRE(os::write_file_atomic(dir + "/request.der", bytes{0x30, 0x00}, 0644, false));
    REQUIRE(os::write_file_atomic(dir + "/request.meta",
                                  as_bytes("# certreq store metadata v1\nkey_container=web\nfriendly_name=Old\nexportable=false\n"
                                           "request_type=PKCS10\ncreated=2026-11-29T15:29:30Z\npublic_key_sha1=" + sha_a + "\n"),
                                  0644, false));
    // One whose container is gone stays where it is.
    std::string orphan = t / "requests/20261129T152931Z-00000000";
    REQUIRE(os::ensure_dir(orphan));
    REQUIRE(os::write_file_atomic(orphan + "/request.der", bytes{0x30, 0x00}, 0644, false));
    REQUIRE(os::write_file_atomic(orphan + "/request.meta", as_bytes("key_container=gone\npublic_key_sha1=" + sha_b + "\n"), 0644, false));
    {
        auto l = st.lock();
        REQUIRE(l);
    }
    CHECK(!os::exists(dir));
    CHECK(os::exists(orphan));
    auto found = st.find_pending_by_public_key(sha_a);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->id == id);
    CHECK((*found)->friendly_name == "Old");
    CHECK((*found)->key_container == "web");
    CHECK(*st.load_pending_request(id) == bytes{0x30, 0x00});
    CHECK(std::string_view(*st.load_key("web")) == key_a);
}

TEST_CASE("key_store: certificates by thumbprint and serial; the .meta keeps a copy of the DER") {
    store_test::temp_store t;
    auto st = open_user();
    const bytes cert = {0x30, 0x82, 0x00, 0x00};
    const std::string sha = "bfbd5a76349bbd9260a3b1975ed31433060fa4e8";  // SHA-1 of `cert`
    store::installed_certificate info;
    info.thumbprint = "BF BD 5A 76 34 9B BD 92 60 A3 B1 97 5E D3 14 33 06 0F A4 E8";
    info.serial = "00:F8:7D:3C";
    info.key_container = "web";
    info.friendly_name = "Web";
    info.installed = 1795966170;
    REQUIRE(st.install_certificate(cert, info));
    CHECK(mode_of(t / ("my/" + sha + ".cer")) == 0644);
    CHECK(*os::read_file(t / ("my/" + sha + ".cer")) == cert);
    CHECK(text(t / ("my/" + sha + ".meta")) ==
          "# certreq store metadata v1\n"
          "thumbprint=" + sha + "\n"
          "serial=00f87d3c\n"
          "key_container=web\n"
          "friendly_name=Web\n"
          "installed=2026-11-29T15:29:30Z\n"
          "certificate=MIIAAA==\n");

    for (std::string id : {sha, std::string("BFBD5A76349BBD9260A3B1975ED31433060FA4E8"), std::string("f87d3c"), std::string("00 f8 7d 3c")}) {
        CAPTURE(id);
        auto f = st.find_certificate(id);
        REQUIRE(f);
        REQUIRE(f->has_value());
        CHECK((*f)->thumbprint == sha);
        CHECK((*f)->serial == "00f87d3c");
        CHECK((*f)->key_container == "web");
        CHECK((*f)->installed == 1795966170);
        CHECK((*f)->der == cert);
    }
    // The .cer is not flushed: after a crash it may be empty or gone; the .meta's copy serves.
    REQUIRE(os::write_file_atomic(t / ("my/" + sha + ".cer"), bytes{}, 0644, true));
    CHECK(*st.load_certificate_der(sha) == cert);
    REQUIRE(os::remove_file(t / ("my/" + sha + ".cer")));
    CHECK(*st.load_certificate_der(sha) == cert);
    CHECK((*st.find_certificate("f87d3c"))->der == cert);
    REQUIRE(os::write_file_atomic(t / ("my/" + sha + ".meta"), as_bytes("thumbprint=" + sha + "\n"), 0644, true));
    auto lost = st.load_certificate_der(sha);
    REQUIRE(!lost);
    CHECK(lost.err().message == t / ("my/" + sha + ".cer") + ": damaged, and " + t / ("my/" + sha + ".meta") +
                                    " holds no copy of certificate " + sha);
    auto none = st.find_certificate("aa");
    REQUIRE(none);
    CHECK(!none->has_value());
    auto bad = st.find_certificate("not hex");
    REQUIRE(!bad);
    CHECK(bad.err().message == "certificate id 'not hex' is not a hex thumbprint or serial number");

    info.thumbprint = "12";
    auto s = st.install_certificate(cert, info);
    REQUIRE(!s);
    CHECK(s.err().message == "certificate thumbprint must be 40 hex digits");
}

TEST_CASE("key_store: a step failing half-way undoes its own partial work") {
    store_test::temp_store t;
    auto st = open_user();
    // my/<thumb>.meta is a non-empty directory: the .cer is written, then
    // the metadata rename fails; the .cer must go again.
    REQUIRE(os::ensure_dir(t / ("my/" + thumb + ".meta/x")));
    store::installed_certificate info;
    info.thumbprint = thumb;
    auto s = st.install_certificate(bytes{0x30, 0x00}, info);
    REQUIRE(!s);
    CHECK(!os::exists(t / ("my/" + thumb + ".cer")));
    CHECK(entries(t / "my") == 2);  // the directory and its x only

    // keys/ is a file: nothing can be stored.
    REQUIRE(os::write_file_atomic(t / "keys", as_bytes("x"), 0600, false));
    auto id = st.add_pending_request(pending("web", sha_a, 1), bytes{0x30, 0x00}, nullptr, key_a);
    REQUIRE(!id);
    CHECK(id.err().message == "cannot create directory " + t / "keys" + ": Not a directory");
}

TEST_CASE("key_store::list: keys, pending, certificates; broken entries reported, not fatal") {
    store_test::temp_store t;
    auto st = open_user();
    auto empty = st.list();
    REQUIRE(empty);
    CHECK(empty->keys.empty());
    CHECK(empty->pending.empty());
    REQUIRE(st.save_key("b", key_a));
    REQUIRE(st.save_key("a", key_a));
    REQUIRE(st.add_pending_request(pending("a", sha_a, 10), bytes{0x30, 0x00}));
    REQUIRE(st.add_pending_request(pending("b", sha_b, 11), bytes{0x30, 0x00}));
    auto damaged = text(t / "keys/b.requests");
    damaged.replace(damaged.find("created="), 8, "garbage\ncreated=");
    REQUIRE(os::write_file_atomic(t / "keys/b.requests", as_bytes(damaged), 0600, true));
    store::installed_certificate info;
    info.thumbprint = thumb;
    REQUIRE(st.install_certificate(bytes{0x30, 0x00}, info));

    auto l = st.list();
    REQUIRE(l);
    CHECK(l->keys == std::vector<std::string>{"a", "b"});
    REQUIRE(l->pending.size() == 1);
    CHECK(l->pending[0].key_container == "a");
    REQUIRE(l->certificates.size() == 1);
    CHECK(l->certificates[0].thumbprint == thumb);
    CHECK(l->certificates[0].key_container == "");
    REQUIRE(l->problems.size() == 1);
    CHECK(l->problems[0] == t / "keys/b.requests" + ": pending request 1: line 5: expected name=value");
}

TEST_CASE("container_file: a damaged pending section is an error naming the file and the section") {
    const std::string head = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n\n# certreq pending request\n"
                             "id=20261129T152930Z-0a1b2c3d\nfriendly_name=\nexportable=false\nrequest_type=PKCS10\n"
                             "created=2026-11-29T15:29:30Z\npublic_key_sha1=a9993e364706816aba3e25717850c26c9cd0d89d\n";
    auto good = store::container_file::parse(head + "-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQA=\n-----END CERTIFICATE REQUEST-----\n",
                                             "web", "keys/web.key");
    REQUIRE(good);
    REQUIRE(good->pending.size() == 1);
    CHECK(good->pending[0].der == bytes{0x30, 0x03, 0x02, 0x01, 0x00});
    CHECK(good->pending[0].info.id == "20261129T152930Z-0a1b2c3d");
    CHECK(good->pending[0].info.key_container == "web");
    CHECK(std::string_view(good->key_pem) == "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

    auto msg = [&](const std::string& tail) {
        auto r = store::container_file::parse(head + tail, "web", "keys/web.key");
        return r ? std::string("parsed") : r.err().message;
    };
    CHECK(msg("") == "keys/web.key: pending request 1: no request");
    CHECK(msg("-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQA=\n") == "keys/web.key: pending request 1: unterminated request");
    // The END line must close the block it began (pem/block.hpp), as for any PEM input.
    CHECK(msg("-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQA=\n-----END CMS-----\n") ==
          "keys/web.key: pending request 1: unterminated request");
    CHECK(msg("-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n") ==
          "keys/web.key: pending request 1: the request is not base64");
}
