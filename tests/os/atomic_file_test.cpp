#include "certreq/os/atomic_file.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certreq/os/file.hpp"
#include "support.hpp"

using namespace certreq;
using os_test::entries;
using os_test::mode_of;
using os_test::read_text;
using os_test::umask_guard;

namespace {

}  // namespace

TEST_CASE("write_file_atomic: creates with exactly the requested mode, whatever the umask") {
    os_test::scratch_dir dir;
    {
        umask_guard u(0077);  // would turn 0644 into 0600
        REQUIRE(os::write_file_atomic(dir / "pub.req", as_bytes("request\n"), 0644, false));
    }
    {
        umask_guard u(0);  // would leave 0600 alone, but also test a wide one
        REQUIRE(os::write_file_atomic(dir / "key.pem", as_bytes("key\n"), 0600, false));
    }
    {
        umask_guard u(0777);  // would create 0000
        REQUIRE(os::write_file_atomic(dir / "odd", as_bytes(""), 0640, false));
    }
    CHECK(mode_of(dir / "pub.req") == 0644);
    CHECK(mode_of(dir / "key.pem") == 0600);
    CHECK(mode_of(dir / "odd") == 0640);
    CHECK(read_text(dir / "pub.req") == "request\n");
    CHECK(read_text(dir / "key.pem") == "key\n");
    CHECK(read_text(dir / "odd") == "");
    CHECK(entries(dir.path) == 3);  // no temporaries left
}

TEST_CASE("write_file_atomic: overwrite replaces content and mode") {
    os_test::scratch_dir dir;
    REQUIRE(os::write_file_atomic(dir / "f", as_bytes("old"), 0644, false));
    REQUIRE(os::write_file_atomic(dir / "f", as_bytes("new content"), 0600, true));
    CHECK(read_text(dir / "f") == "new content");
    CHECK(mode_of(dir / "f") == 0600);
    CHECK(entries(dir.path) == 1);
}

TEST_CASE("write_file_atomic: no-overwrite refuses and keeps the old content") {
    os_test::scratch_dir dir;
    REQUIRE(os::write_file_atomic(dir / "f", as_bytes("old"), 0644, false));
    auto s = os::write_file_atomic(dir / "f", as_bytes("new"), 0600, false);
    REQUIRE(!s);
    CHECK(s.err().os_errno == EEXIST);
    CHECK(s.err().message == dir / "f" + ": file exists (use -f to overwrite)");
    CHECK(read_text(dir / "f") == "old");
    CHECK(mode_of(dir / "f") == 0644);
    CHECK(entries(dir.path) == 1);

    // A dangling symlink counts as existing: never write through it.
    REQUIRE(::symlink((dir / "nowhere").c_str(), (dir / "link").c_str()) == 0);
    s = os::write_file_atomic(dir / "link", as_bytes("x"), 0600, false);
    REQUIRE(!s);
    CHECK(s.err().message == dir / "link" + ": file exists (use -f to overwrite)");
    CHECK(!os::exists(dir / "nowhere"));
}

TEST_CASE("write_file_atomic: the no-replace step itself refuses (race simulation)") {
    os_test::scratch_dir dir;
    REQUIRE(os::write_file_atomic(dir / "tmp", as_bytes("temp"), 0600, true));
    REQUIRE(os::write_file_atomic(dir / "target", as_bytes("winner"), 0600, true));
    CHECK(os::detail::rename_noreplace(dir / "tmp", dir / "target") == EEXIST);
    CHECK(read_text(dir / "target") == "winner");
    CHECK(os::detail::rename_noreplace(dir / "tmp", dir / "fresh") == 0);
    CHECK(read_text(dir / "fresh") == "temp");
    CHECK(!os::exists(dir / "tmp"));
}

TEST_CASE("write_file_atomic: failures leave no temporary file") {
    os_test::scratch_dir dir;
    // Missing directory: fails before anything is created.
    auto s = os::write_file_atomic(dir / "missing/f", as_bytes("x"), 0600, false);
    REQUIRE(!s);
    CHECK(s.err().os_errno == ENOENT);
    CHECK(s.err().message == "cannot create " + dir / "missing/f" + ": No such file or directory");

    // The final rename fails (target is a non-empty directory) after the
    // temporary was written: it must be removed again.
    REQUIRE(os::ensure_dir(dir / "sub/inner"));
    s = os::write_file_atomic(dir / "sub", as_bytes("x"), 0600, true);
    REQUIRE(!s);
    CHECK(s.err().os_errno == EISDIR);
    CHECK(entries(dir.path) == 1);  // only "sub"

    s = os::write_file_atomic(dir.path + "/", as_bytes("x"), 0600, true);
    REQUIRE(!s);
    CHECK(s.err().message == dir.path + "/: not a file name");

    // A read-only directory (root ignores permission bits, so only as a user).
    if (::geteuid() != 0) {
        REQUIRE(os::ensure_dir(dir / "ro"));
        REQUIRE(::chmod((dir / "ro").c_str(), 0500) == 0);
        s = os::write_file_atomic(dir / "ro/f", as_bytes("x"), 0600, false);
        REQUIRE(!s);
        CHECK(s.err().os_errno == EACCES);
        CHECK(s.err().message == "cannot create " + dir / "ro/f" + ": Permission denied");
        CHECK(entries(dir / "ro") == 0);
        ::chmod((dir / "ro").c_str(), 0700);
    }
}

TEST_CASE("write_file_atomic: a relative path writes in the current directory's terms") {
    os_test::scratch_dir dir;
    char old[4096];
    REQUIRE(::getcwd(old, sizeof old));
    REQUIRE(::chdir(dir.path.c_str()) == 0);
    auto s = os::write_file_atomic("plain.txt", as_bytes("here"), 0644, false);
    REQUIRE(::chdir(old) == 0);
    REQUIRE(s);
    CHECK(read_text(dir / "plain.txt") == "here");
}
