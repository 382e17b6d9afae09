#include "certreq/os/file.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <vector>

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
    CHECK(r.err().os_errno == EFBIG);
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
    CHECK(r.err().os_errno == EINVAL);
    CHECK(r.err().message == "/dev/zero: not a regular file (a FIFO, device or socket); use - to read standard input");
    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    r = os::read_file(dir / "fifo");
    REQUIRE(!r);
    CHECK(r.err().os_errno == EINVAL);
    r = os::read_file(dir / "empty");
    CHECK(!r);
    REQUIRE(os::write_file_atomic(dir / "empty", {}, 0600, false));
    r = os::read_file(dir / "empty");
    REQUIRE(r);
    CHECK(r->empty());
}

namespace {
// tracking_allocator counts the bytes it gives back: read_file_as must read
// through the caller's container only (no buffer of its own for key bytes).
template <class T>
struct tracking_allocator {
    using value_type = T;
    static inline std::size_t allocated = 0;
    tracking_allocator() = default;
    template <class U>
    tracking_allocator(const tracking_allocator<U>&) noexcept {}
    T* allocate(std::size_t n) {
        allocated += n * sizeof(T);
        return std::allocator<T>{}.allocate(n);
    }
    void deallocate(T* p, std::size_t n) noexcept { std::allocator<T>{}.deallocate(p, n); }
    template <class U>
    bool operator==(const tracking_allocator<U>&) const noexcept { return true; }
};
using tracked_bytes = std::vector<std::uint8_t, tracking_allocator<std::uint8_t>>;
}  // namespace

TEST_CASE("os::read_file_as: the caller's container, from a file and from a pipe on standard input") {
    os_test::scratch_dir dir;
    bytes big(100000);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7 + i / 251);
    REQUIRE(os::write_file_atomic(dir / "big", big, 0600, false));
    tracking_allocator<std::uint8_t>::allocated = 0;
    auto r = os::read_file_as<tracked_bytes>(dir / "big");
    REQUIRE(r);
    CHECK(same_bytes(*r, big));
    CHECK(tracking_allocator<std::uint8_t>::allocated == big.size() + 1);  // one block: the size, plus a byte to see the end
    auto over = os::read_file_as<tracked_bytes>(dir / "big", big.size() - 1);
    REQUIRE(!over);
    CHECK(over.err().os_errno == EFBIG);

    // Standard input of unknown size grows the container as it reads.
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::size_t n = 40000;  // fits the pipe's buffer: written before the read starts
    REQUIRE(::write(fds[1], big.data(), n) == static_cast<ssize_t>(n));
    ::close(fds[1]);
    int saved = ::dup(0);
    REQUIRE(::dup2(fds[0], 0) == 0);
    ::close(fds[0]);
    auto in = os::read_file_as<tracked_bytes>("-");
    ::dup2(saved, 0);
    ::close(saved);
    REQUIRE(in);
    CHECK(same_bytes(*in, byte_view(big).first(n)));
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
    CHECK(bad.err().os_errno == ENOENT);
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
