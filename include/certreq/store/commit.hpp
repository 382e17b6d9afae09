// store/commit.hpp: how the key store puts one file in place. A change of the
// store is one file (store/container_file.hpp), so one commit is:
//
//   write <root>/.tmp-<pid>-<random> (O_EXCL, final mode), fsync it,
//   rename it to its place (no-replace unless asked), fsync that directory.
//
// Two flushes, whatever the change. Temporaries live in the root, not beside
// their target, so the sweep of what a killed process left is one small
// readdir: whoever holds the store's lock (every writer does) removes every
// `.tmp-*` there, since no other writer can be running.
#pragma once
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/error.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/path.hpp"

namespace certreq::store {

inline constexpr std::string_view temporary_prefix = ".tmp-";

// commit_file writes `data` to `path` (inside `root`) with exactly `mode`.
// Without `overwrite` an existing `path` is EEXIST and stays untouched.
// `sync_dir` false leaves the directory flush to the caller (several files
// in one directory, one flush); `durable` false flushes nothing (a copy the
// store can do without). On failure nothing is left behind.
inline os::status commit_file(const std::string& root, const std::string& path, byte_view data, mode_t mode, bool overwrite,
                              bool sync_dir = true, bool durable = true) {
    std::string tmp;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        std::string name(temporary_prefix);
        name.append(std::to_string(::getpid())).append(1, '-').append(os::detail::random_suffix());
        tmp = os::join(root, name);
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd < 0 && errno != EEXIST) return os::sys_error("cannot create", path, errno);
    }
    if (fd < 0) return os::sys_error("cannot create", path, EEXIST);
    auto fail = [&](const char* what, int code) -> os::status {
        if (fd >= 0) ::close(fd);
        ::unlink(tmp.c_str());
        return os::sys_error(what, path, code);
    };
    if (::fchmod(fd, mode) != 0) return fail("cannot chmod", errno);  // the umask narrowed open()'s mode
    if (int e = os::detail::write_all(fd, data); e != 0) return fail("cannot write", e);
    if (durable && ::fsync(fd) != 0) return fail("cannot sync", errno);
    int closed = ::close(fd);
    fd = -1;
    if (closed != 0) return fail("cannot write", errno);
    int e = overwrite ? (::rename(tmp.c_str(), path.c_str()) == 0 ? 0 : errno) : os::detail::rename_noreplace(tmp, path);
    if (e != 0) {
        ::unlink(tmp.c_str());
        if (e == EEXIST && !overwrite) return os::failure(EEXIST, os::exists_message(path));
        return os::sys_error("cannot create", path, e);
    }
    if (sync_dir && durable) os::detail::sync_dir(os::parent_dir(path));
    return {};
}

// sweep_temporaries removes the `.tmp-*` files a killed writer left in
// `root`. Only call it holding the store's lock. Returns how many it removed.
inline int sweep_temporaries(const std::string& root) {
    auto names = os::list_dir(root);
    if (!names) return 0;
    int removed = 0;
    for (auto& n : *names)
        if (n.starts_with(temporary_prefix) && ::unlink(os::join(root, n).c_str()) == 0) ++removed;
    return removed;
}

}  // namespace certreq::store
