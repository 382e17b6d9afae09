// store/permissions.hpp: a key store that another user can change is not
// used. As ssh does for ~/.ssh, every directory of a store must be owned by
// the user running certreq (or by root) and writable by nobody else; a store
// that is not is refused with what is wrong and how to fix it, before any
// key is read from it or written to it.
#pragma once
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>

#include "certreq/os/error.hpp"

namespace certreq::store {

// check_store_dir accepts a missing `path` (nothing to trust yet) and a
// directory owned by the effective user or root without group/world write.
inline os::status check_store_dir(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return {};
        return os::sys_error("cannot use key store directory", path, errno);
    }
    if (!S_ISDIR(st.st_mode)) return os::sys_error("cannot use key store directory", path, ENOTDIR);
    uid_t me = ::geteuid();
    if (st.st_uid != me && st.st_uid != 0)
        return os::failure(EPERM, path + ": owned by uid " + std::to_string(st.st_uid) + ", not by you (uid " + std::to_string(me) +
                                    "); refusing a key store another user controls");
    if ((st.st_mode & 022) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return os::failure(EPERM, path + ": group- or world-writable (mode " + mode +
                                    "); refusing a key store others can change (chmod go-w " + path + ")");
    }
    return {};
}

// check_store_dirs checks `root` and each of its `subdirs`.
inline os::status check_store_dirs(const std::string& root, std::initializer_list<std::string_view> subdirs) {
    if (auto s = check_store_dir(root); !s) return s;
    for (auto sub : subdirs) {
        std::string p = root;
        p.append("/").append(sub);
        if (auto s = check_store_dir(p); !s) return s;
    }
    return {};
}

}  // namespace certreq::store
