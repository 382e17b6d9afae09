// os/atomic_file.hpp: write_file_atomic, the way certreq writes the files it
// owns (key store, local CA): readers see the old file or the complete new
// one, never a partial file, and no temporary is left behind on failure.
// Files named on the command line go through os/output_files.hpp, which adds
// `-` for standard output, symlinks to regular files, refusal of anything
// else, and all-or-nothing sets.
//
// Recipe: create ".<name>.tmp-<pid>-<random>" (os/temp_name.hpp) in the
// TARGET directory (same file system, so the final rename is atomic) with
// O_EXCL and the final mode, write everything, fsync, then
//   overwrite:    rename(tmp, path)
//   no overwrite: renameat2(RENAME_NOREPLACE), or link(tmp, path) + unlink(tmp)
//                 where the file system lacks it; both fail with EEXIST rather
//                 than clobber a file that appeared after the first check.
// Finally the directory is fsynced so the new name survives a crash.
#pragma once
#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc >= 2.28, _GNU_SOURCE)
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <string>

#include "certreq/core/bytes.hpp"
#include "certreq/os/error.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/path.hpp"
#include "certreq/os/temp_name.hpp"

namespace certreq::os {

namespace detail {

// write_all writes every byte of `data` to `fd`, retrying short writes.
inline int write_all(int fd, byte_view data) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += static_cast<std::size_t>(n);
    }
    return 0;
}

// rename_noreplace moves `from` to `to` unless `to` exists; returns 0 or errno.
inline int rename_noreplace(const std::string& from, const std::string& to) {
#if defined(RENAME_NOREPLACE)
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return errno;
#endif
    // File systems without RENAME_NOREPLACE: link() also refuses to replace.
    if (::link(from.c_str(), to.c_str()) != 0) return errno;
    ::unlink(from.c_str());
    return 0;
}

inline void sync_dir(const std::string& dir) {
    int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0) return;
    ::fsync(d);  // best effort: some file systems refuse fsync on directories
    ::close(d);
}

}  // namespace detail

// output_mode: the mode of an output file that holds nothing secret: 0666
// narrowed by the process umask, as a shell redirection creates files
// (keys and secrets are written 0600 instead). umask(2) can only be read by
// setting it, so it is set back at once.
inline mode_t output_mode() noexcept {
    mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

// exists_message is the error text for a refused overwrite.
inline std::string exists_message(const std::string& path) { return path + ": file exists (use -f to overwrite)"; }

// write_file_atomic replaces (overwrite) or creates (!overwrite) `path` with
// `data`, permissions exactly `mode` whatever the umask. On failure nothing
// is left behind and an existing file is untouched.
// `durable` = false skips the fsyncs (still all-or-nothing; after a power
// loss the old content may come back): for caches that are checked on read.
inline status write_file_atomic(const std::string& path, byte_view data, mode_t mode, bool overwrite, bool durable = true) {
    std::string name = file_name(path);
    if (name.empty() || name == "." || name == "..") return os::failure(EISDIR, path + ": not a file name");
    if (!overwrite && exists(path)) return os::failure(EEXIST, exists_message(path));

    std::string dir = parent_dir(path);
    std::string tmp;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        // A name near NAME_MAX (255) is cut so the temporary fits too (the
        // random suffix keeps it unique).
        tmp = join(dir, temp_name(name));
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd < 0 && errno != EEXIST) return sys_error("cannot create", path, errno);
    }
    if (fd < 0) return sys_error("cannot create", path, EEXIST);

    auto fail = [&](const char* what, int code) -> status {
        ::close(fd);
        ::unlink(tmp.c_str());
        return sys_error(what, path, code);
    };
    if (::fchmod(fd, mode) != 0) return fail("cannot chmod", errno);  // the umask narrowed open()'s mode
    if (int e = detail::write_all(fd, data); e != 0) return fail("cannot write", e);
    if (durable && ::fsync(fd) != 0) return fail("cannot sync", errno);
    if (::close(fd) != 0) {
        int e = errno;
        ::unlink(tmp.c_str());
        return sys_error("cannot write", path, e);
    }

    int e = overwrite ? (::rename(tmp.c_str(), path.c_str()) == 0 ? 0 : errno) : detail::rename_noreplace(tmp, path);
    if (e != 0) {
        ::unlink(tmp.c_str());
        if (e == EEXIST && !overwrite) return os::failure(EEXIST, exists_message(path));
        return sys_error("cannot create", path, e);
    }
    if (durable) detail::sync_dir(dir);
    return {};
}

}  // namespace certreq::os
