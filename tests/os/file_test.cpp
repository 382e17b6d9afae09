#include "certreq/os/file.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include "certreq/os/atomic_file.hpp"
#include "certreq/os/path.hpp"
#include "support.hpp"

using namespace certreq;
using os_test::mode_of;

TEST_CASE("os::read_file: content, size limit, errors") {
    os_test::scratch_dir dir;
    REQUIRE(os::write_file_atomic(dir / "f", as_bytes("0123456789"), 0600, false));
    auto r = os::read_file(dir / "f");
    REQUIRE(r);
    CHECK(as_chars(*r) == "0123456789");
    CHECK(os::read_file(dir / "f", 10));
    r = os::read_file(dir / "f", 9);
    REQUIRE(!r);
    CHECK(r.err().code == EFBIG);
    CHECK(r.err().message == dir / "f" + ": file too large (limit 9 bytes)");

    r = os::read_file(dir / "none");
    REQUIRE(!r);
    CHECK(r.err().message == "cannot open " + dir / "none" + ": No such file or directory");
    r = os::read_file(dir.path);
    REQUIRE(!r);
    CHECK(r.err().message == "cannot read " + dir.path + ": Is a directory");
    // Not a regular file (a device, FIFO or socket): refused at once, never read or waited on.
    r = os::read_file("/dev/zero", 100000);
    REQUIRE(!r);
    CHECK(r.err().code == EINVAL);
    CHECK(r.err().message == "/dev/zero: not a regular file (a FIFO, device or socket); use - to read standard input");
    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    r = os::read_file(dir / "fifo");
    REQUIRE(!r);
    CHECK(r.err().code == EINVAL);
    r = os::read_file(dir / "empty");
    CHECK(!r);
    REQUIRE(os::write_file_atomic(dir / "empty", {}, 0600, false));
    r = os::read_file(dir / "empty");
    REQUIRE(r);
    CHECK(r->empty());
}

TEST_CASE("os::ensure_dir: creates parents with the mode; existing dirs untouched") {
    os_test::scratch_dir dir;
    mode_t old_mask = ::umask(022);
    REQUIRE(os::ensure_dir(dir / "a/b/c"));
    ::umask(old_mask);
    CHECK(mode_of(dir / "a") == 0700);
    CHECK(mode_of(dir / "a/b") == 0700);
    CHECK(mode_of(dir / "a/b/c") == 0700);
    REQUIRE(os::ensure_dir(dir / "a/b/c/"));  // again, trailing slash
    REQUIRE(::chmod((dir / "a").c_str(), 0755) == 0);
    REQUIRE(os::ensure_dir(dir / "a/d", 0750));
    CHECK(mode_of(dir / "a") == 0755);
    CHECK(mode_of(dir / "a/d") == 0750);
    REQUIRE(os::ensure_dir(dir / "x//y"));
    CHECK(os::is_directory(dir / "x/y"));

    REQUIRE(os::write_file_atomic(dir / "file", as_bytes("x"), 0600, false));
    auto s = os::ensure_dir(dir / "file/sub");
    REQUIRE(!s);
    CHECK(s.err().message == "cannot create directory " + dir / "file" + ": Not a directory");
    s = os::ensure_dir("");
    REQUIRE(!s);
    CHECK(s.err().message == "cannot create directory: empty path");
}

TEST_CASE("os::remove_file, remove_dir, list_dir, exists") {
    os_test::scratch_dir dir;
    REQUIRE(os::write_file_atomic(dir / "b", as_bytes("x"), 0600, false));
    REQUIRE(os::write_file_atomic(dir / "a", as_bytes("x"), 0600, false));
    REQUIRE(os::ensure_dir(dir / "c"));
    auto l = os::list_dir(dir.path);
    REQUIRE(l);
    CHECK(*l == std::vector<std::string>{"a", "b", "c"});
    CHECK(os::exists(dir / "a"));
    REQUIRE(os::remove_file(dir / "a"));
    CHECK(!os::exists(dir / "a"));
    CHECK(os::remove_file(dir / "a"));  // missing is fine by default
    auto s = os::remove_file(dir / "a", false);
    REQUIRE(!s);
    CHECK(s.err().message == "cannot remove " + dir / "a" + ": No such file or directory");
    REQUIRE(os::remove_dir(dir / "c"));
    CHECK(!os::is_directory(dir / "c"));
    auto bad = os::list_dir(dir / "nope");
    REQUIRE(!bad);
    CHECK(bad.err().code == ENOENT);
}

TEST_CASE("os::parent_dir, file_name, join") {
    CHECK(os::parent_dir("a/b") == "a");
    CHECK(os::parent_dir("b") == ".");
    CHECK(os::parent_dir("/b") == "/");
    CHECK(os::parent_dir("a//b") == "a");
    CHECK(os::parent_dir("/x/y/z.req") == "/x/y");
    CHECK(os::file_name("/x/y/z.req") == "z.req");
    CHECK(os::file_name("z") == "z");
    CHECK(os::file_name("dir/") == "");
    CHECK(os::join("a", "b") == "a/b");
    CHECK(os::join("a/", "b") == "a/b");
}
