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
    CHECK(*st.load_key("web") == key_a);
    REQUIRE(st.save_key("web", key_b, true));
    CHECK(*st.load_key("web") == key_b);

    auto missing = st.load_key("nope");
    REQUIRE(!missing);
    CHECK(missing.err().message == "key container 'nope' not found in " + t.root);
    s = st.save_key("a/b", key_a);
    REQUIRE(!s);
    CHECK(s.err().message == "invalid key container name 'a/b': contains '/'");
    CHECK(entries(t.root) == 2);  // keys/, keys/web.key
}

TEST_CASE("key_store: pending requests, metadata file and lookup by public key") {
    store_test::temp_store t;
    auto st = open_user();
    const bytes req = {0x30, 0x03, 0x02, 0x01, 0x00};
    auto id = st.add_pending_request(pending("web", sha_a, 1795966170), req);
    REQUIRE(id);
    CHECK(std::regex_match(*id, std::regex("20261129T152930Z-[0-9a-f]{8}")));
    std::string dir = t / ("requests/" + *id);
    CHECK(mode_of(dir) == 0700);
    CHECK(mode_of(dir + "/request.der") == 0644);
    CHECK(*os::read_file(dir + "/request.der") == req);
    CHECK(text(dir + "/request.meta") ==
          "# certreq store metadata v1\n"
          "key_container=web\n"
          "friendly_name=Web server\n"
          "exportable=true\n"
          "request_type=CMC\n"
          "created=2026-11-29T15:29:30Z\n"
          "public_key_sha1=" + sha_a + "\n");
    CHECK(*st.load_pending_request(*id) == req);

    // A later request with the same key, one with another key.
    auto id2 = st.add_pending_request(pending("web-renewed", "A9 99 3E 36 47 06 81 6A BA 3E 25 71 78 50 C2 6C 9C D0 D8 9D", 1795966171), req);
    REQUIRE(id2);
    REQUIRE(st.add_pending_request(pending("other", sha_b, 1795966172), req));

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
    REQUIRE(all->size() == 3);
    CHECK((*all)[0].key_container == "web");
    CHECK((*all)[2].key_container == "other");

    REQUIRE(st.remove_pending(*id));
    CHECK(!os::exists(dir));
    auto gone = st.remove_pending(*id);
    REQUIRE(!gone);
    CHECK(gone.err().message == "pending request '" + *id + "' not found in " + t.root);
    CHECK(!st.remove_pending("../keys"));
    CHECK(!st.load_pending_request("../x"));

    auto wrong = st.add_pending_request(pending("", sha_a, 1), req);
    REQUIRE(!wrong);
    CHECK(wrong.err().message == "invalid key container name: empty");
}

TEST_CASE("key_store: an uncommitted rollback undoes key + pending request; commit keeps them") {
    store_test::temp_store t;
    auto st = open_user();
    const bytes req = {0x30, 0x00};
    {
        store::rollback tx;
        REQUIRE(st.save_key("web", key_a, false, &tx));
        REQUIRE(st.add_pending_request(pending("web", sha_a, 5), req, &tx));
        CHECK(!tx.empty());
        // a later step "fails": tx goes out of scope uncommitted
    }
    CHECK(!st.has_key("web"));
    CHECK(st.list_pending()->empty());
    CHECK(entries(t / "requests") == 0);
    {
        store::rollback tx;
        REQUIRE(st.save_key("web", key_a, false, &tx));
        REQUIRE(st.add_pending_request(pending("web", sha_a, 5), req, &tx));
        tx.commit();
    }
    CHECK(st.has_key("web"));
    CHECK(st.list_pending()->size() == 1);

    // Overwrite and removal are undone by restoring the old content and mode.
    auto id = (*st.list_pending())[0].id;
    {
        store::rollback tx;
        REQUIRE(st.save_key("web", key_b, true, &tx));
        REQUIRE(st.remove_pending(id, &tx));
        REQUIRE(st.remove_key("web", &tx));
        CHECK(!st.has_key("web"));
        REQUIRE(tx.undo());
    }
    CHECK(*st.load_key("web") == key_a);
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

TEST_CASE("key_store: certificates by thumbprint and serial") {
    store_test::temp_store t;
    auto st = open_user();
    const bytes cert = {0x30, 0x82, 0x00, 0x00};
    store::installed_certificate info;
    info.thumbprint = "01 23 45 67 89 AB CD EF 01 23 45 67 89 AB CD EF 01 23 45 67";
    info.serial = "00:F8:7D:3C";
    info.key_container = "web";
    info.friendly_name = "Web";
    info.installed = 1795966170;
    REQUIRE(st.install_certificate(cert, info));
    CHECK(mode_of(t / ("my/" + thumb + ".cer")) == 0644);
    CHECK(text(t / ("my/" + thumb + ".meta")) ==
          "# certreq store metadata v1\n"
          "thumbprint=" + thumb + "\n"
          "serial=00f87d3c\n"
          "key_container=web\n"
          "friendly_name=Web\n"
          "installed=2026-11-29T15:29:30Z\n");

    for (std::string id : {thumb, std::string("0123456789ABCDEF0123456789ABCDEF01234567"), std::string("f87d3c"), std::string("00 f8 7d 3c")}) {
        CAPTURE(id);
        auto f = st.find_certificate(id);
        REQUIRE(f);
        REQUIRE(f->has_value());
        CHECK((*f)->thumbprint == thumb);
        CHECK((*f)->serial == "00f87d3c");
        CHECK((*f)->key_container == "web");
        CHECK((*f)->installed == 1795966170);
        CHECK((*f)->der == cert);
    }
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

    // requests/ is a file: nothing can be stored.
    REQUIRE(os::write_file_atomic(t / "requests", as_bytes("x"), 0600, false));
    auto id = st.add_pending_request(pending("web", sha_a, 1), bytes{0x30, 0x00});
    REQUIRE(!id);
    CHECK(id.err().message == "cannot create directory " + t / "requests" + ": Not a directory");
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
    auto broken = st.add_pending_request(pending("b", sha_b, 11), bytes{0x30, 0x00});
    REQUIRE(broken);
    REQUIRE(os::write_file_atomic(t / ("requests/" + *broken + "/request.meta"), as_bytes("key_container=b\ngarbage\n"), 0644, true));
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
    CHECK(l->problems[0] == t / ("requests/" + *broken + "/request.meta") + ": line 2: expected name=value");
}
