// os/file_lock.hpp: an exclusive advisory lock on a file (flock), held for
// the lifetime of the object. The kernel drops it when the process dies, so
// a killed process never leaves a stale lock behind.
#pragma once
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <utility>

#include "certreq/os/error.hpp"

namespace certreq::os {

class file_lock {
public:
    file_lock() = default;
    file_lock(const file_lock&) = delete;
    file_lock& operator=(const file_lock&) = delete;
    file_lock(file_lock&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    file_lock& operator=(file_lock&& o) noexcept {
        if (this != &o) release(), fd_ = std::exchange(o.fd_, -1);
        return *this;
    }
    ~file_lock() { release(); }

    // acquire opens (creating, 0600) `path` and waits for the exclusive lock;
    // with `create` false the file must exist and is opened read-only.
    static result<file_lock> acquire(const std::string& path, bool create = true) {
        int fd = create ? ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return sys_error("cannot open lock file", path, errno);
        while (::flock(fd, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            int e = errno;
            ::close(fd);
            return sys_error("cannot lock", path, e);
        }
        file_lock l;
        l.fd_ = fd;
        return l;
    }

    void release() noexcept {
        if (fd_ >= 0) ::close(fd_), fd_ = -1;  // closing the descriptor drops the lock
    }

private:
    int fd_ = -1;
};

}  // namespace certreq::os
