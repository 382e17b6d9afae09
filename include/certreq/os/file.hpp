// os/file.hpp: whole-file reads, file removal and directory helpers (POSIX).
#pragma once
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/os/error.hpp"
#include "certreq/os/path.hpp"

namespace certreq::os {

// default_read_limit bounds read_file: INF, request and certificate files are
// kilobytes; anything past this is a mistake (or /dev/zero).
inline constexpr std::size_t default_read_limit = std::size_t{64} << 20;

namespace detail {
// fd closes a descriptor at scope end.
struct fd {
    int v = -1;
    explicit fd(int f) noexcept : v(f) {}
    ~fd() {
        if (v >= 0) ::close(v);
    }
    fd(const fd&) = delete;
    fd& operator=(const fd&) = delete;
    int release() noexcept {
        int f = v;
        v = -1;
        return f;
    }
};
}  // namespace detail

// read_file_as returns the contents of `path` in a Container of bytes
// (std::vector<std::uint8_t> with any allocator), or an error when it cannot
// be read or holds more than `limit` bytes ("<path>: file too large ...").
// `-` is standard input. Anything else must be a regular file: a FIFO,
// device or socket is refused at once (opened non-blocking, so a FIFO with
// no writer cannot hang the run). The bytes are read straight into the
// container, never through a buffer of ours, so a caller reading a key
// chooses a container that wipes its memory (mbed::secret_bytes) and no
// copy of the key is left anywhere else.
template <class Container>
result<Container> read_file_as(const std::string& path, std::size_t limit = default_read_limit) {
    bool from_stdin = path == "-";
    detail::fd f(from_stdin ? ::fcntl(0, F_DUPFD_CLOEXEC, 0) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (f.v < 0) return sys_error("cannot open", from_stdin ? std::string("standard input") : path, errno);
    struct stat st {};
    if (::fstat(f.v, &st) != 0) return sys_error("cannot stat", path, errno);
    if (S_ISDIR(st.st_mode)) return sys_error("cannot read", path, EISDIR);
    if (!from_stdin && !S_ISREG(st.st_mode))
        return os::failure(EINVAL, path + ": not a regular file (a FIFO, device or socket); use - to read standard input");
    if (!from_stdin) ::fcntl(f.v, F_SETFL, ::fcntl(f.v, F_GETFL) & ~O_NONBLOCK);
    auto too_large = [&] {
        return os::failure(EFBIG, path + ": file too large (limit " + std::to_string(limit) + " bytes)");
    };
    if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > limit) return too_large();
    Container out;
    // One byte past the size: the read that sees the end needs room too.
    out.reserve(S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : std::size_t{16384});
    for (;;) {
        if (out.size() == out.capacity()) out.reserve(out.capacity() * 2);
        std::size_t have = out.size();
        std::size_t left = limit - have;  // have <= limit: one byte more tells a file past the limit
        std::size_t room = std::min(out.capacity() - have, left == static_cast<std::size_t>(-1) ? left : left + 1);
        out.resize(have + room);
        ssize_t n = ::read(f.v, out.data() + have, room);
        int e = errno;
        out.resize(have + (n > 0 ? static_cast<std::size_t>(n) : 0));
        if (n < 0) {
            if (e == EINTR) continue;
            return sys_error("cannot read", path, e);
        }
        if (n == 0) break;
        if (out.size() > limit) return too_large();
    }
    return out;
}

// read_file: read_file_as for files that hold no secret.
inline result<bytes> read_file(const std::string& path, std::size_t limit = default_read_limit) {
    return read_file_as<bytes>(path, limit);
}

// exists says whether anything (file, directory, dangling link) is at `path`.
inline bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

// is_directory says whether `path` is a directory (following links).
inline bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// remove_file unlinks `path`; a missing file is success when `missing_ok`.
inline status remove_file(const std::string& path, bool missing_ok = true) {
    if (::unlink(path.c_str()) == 0 || (missing_ok && errno == ENOENT)) return {};
    return sys_error("cannot remove", path, errno);
}

// remove_dir removes an empty directory; a missing one is success when `missing_ok`.
inline status remove_dir(const std::string& path, bool missing_ok = true) {
    if (::rmdir(path.c_str()) == 0 || (missing_ok && errno == ENOENT)) return {};
    return sys_error("cannot remove directory", path, errno);
}

// ensure_dir creates `path` and any missing parents with exactly `mode`
// (chmod after mkdir, so the umask does not matter). Directories that already
// exist are left as they are. Fails if a component is not a directory.
inline status ensure_dir(const std::string& path, mode_t mode = 0700) {
    if (path.empty()) return os::failure(ENOENT, "cannot create directory: empty path");
    std::size_t pos = 0;
    while (pos != std::string::npos) {
        pos = path.find('/', pos + 1);
        std::string part = path.substr(0, pos);
        if (part.empty() || part.back() == '/') continue;  // "//" runs
        if (::mkdir(part.c_str(), mode) == 0) {
            if (::chmod(part.c_str(), mode) != 0) return sys_error("cannot chmod", part, errno);
            continue;
        }
        int e = errno;
        if (e != EEXIST) return sys_error("cannot create directory", part, e);
        if (!is_directory(part)) return sys_error("cannot create directory", part, ENOTDIR);
    }
    return {};
}

// list_dir returns the names in `path` (without "." and ".."), sorted.
inline result<std::vector<std::string>> list_dir(const std::string& path) {
    DIR* d = ::opendir(path.c_str());
    if (!d) return sys_error("cannot open directory", path, errno);
    std::vector<std::string> names;
    errno = 0;
    while (dirent* e = ::readdir(d)) {
        std::string_view n = e->d_name;
        if (n != "." && n != "..") names.emplace_back(n);
    }
    int e = errno;
    ::closedir(d);
    if (e != 0) return sys_error("cannot read directory", path, e);
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace certreq::os
