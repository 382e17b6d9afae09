#include "certreq/store/location.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

using namespace certreq;
using store_test::env_guard;

TEST_CASE("store::user_store_dir: CERTREQ_USER_STORE, then XDG_DATA_HOME, then HOME") {
    env_guard a("CERTREQ_USER_STORE", "/s/user");
    env_guard b("XDG_DATA_HOME", "/xdg");
    env_guard c("HOME", "/home/u");
    CHECK(*store::user_store_dir() == "/s/user");
    {
        env_guard empty("CERTREQ_USER_STORE", "");  // empty = unset
        CHECK(*store::user_store_dir() == "/xdg/certreq");
        env_guard no_xdg("XDG_DATA_HOME", nullptr);
        CHECK(*store::user_store_dir() == "/home/u/.local/share/certreq");
        env_guard no_home("HOME", nullptr);
        auto r = store::user_store_dir();
        REQUIRE(!r);
        CHECK(r.err().message == "cannot locate the user store: set CERTREQ_USER_STORE or HOME");
    }
    CHECK(*store::store_dir(store::scope::user) == "/s/user");
}

TEST_CASE("store::machine_store_dir: CERTREQ_MACHINE_STORE else /var/lib/certreq") {
    {
        env_guard m("CERTREQ_MACHINE_STORE", "/s/machine");
        CHECK(store::machine_store_dir() == "/s/machine");
        CHECK(*store::store_dir(store::scope::machine) == "/s/machine");
    }
    env_guard m("CERTREQ_MACHINE_STORE", nullptr);
    CHECK(store::machine_store_dir() == "/var/lib/certreq");
    CHECK(store::to_string(store::scope::machine) == "machine");
}
