// os/temp_name.hpp: the names of temporary files and the removal of the ones
// a killed writer left behind.
//
// A file is written as ".<name>.tmp-<pid>-<12 hex>" in its own directory (so
// the final rename is atomic), then renamed onto <name>. A `kill -9` between
// the two leaves the temporary. The writer's PID in the name lets a later
// writer of the same file tell a leftover from a live write: a temporary is
// stale when its owner is our user and its PID no longer runs (kill(pid, 0)
// gives ESRCH), or when it is older than a day (the PID may have been reused).
// Temporaries named before the PID was added (".<name>.tmp-<12 hex>") are
// stale by age only.
#pragma once
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "certreq/core/hex.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/path.hpp"

namespace certreq::os {

// temp_name_room: what a temporary adds to a name at most: "." + ".tmp-" +
// a 10-digit PID + "-" + 12 hex = 29 bytes. Longer names are cut to
// NAME_MAX (255) - 29 bytes, so every temporary fits and the prefix of a
// name's temporaries does not depend on the PID.
inline constexpr std::size_t temp_name_room = 29;

// stale_temp_age: past this age a temporary is stale whatever its PID says.
inline constexpr std::time_t stale_temp_age = 24 * 60 * 60;

namespace detail {

// random_suffix returns 12 hex digits for a temporary file name.
inline std::string random_suffix() {
    std::uint8_t r[6] = {};
    if (::getrandom(r, sizeof r, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof r)) {
        // Uniqueness, not secrecy, is needed: O_EXCL catches collisions.
        auto v = static_cast<std::uint64_t>(::getpid()) * 0x9E3779B97F4A7C15ull ^ reinterpret_cast<std::uintptr_t>(&r);
        for (auto& b : r) b = static_cast<std::uint8_t>(v), v >>= 8;
    }
    return core::to_hex(byte_view(r, sizeof r));
}

inline bool all_of(std::string_view s, std::string_view allowed) {
    return !s.empty() && s.find_first_not_of(allowed) == std::string_view::npos;
}

// temp_pid reads <pid> from the part after ".tmp-": "<pid>-<12 hex>" gives
// the PID, the older "<12 hex>" gives 0, anything else -1 (not a temporary).
inline long temp_pid(std::string_view tail) {
    constexpr std::string_view hex = "0123456789abcdef";
    if (tail.size() == 12 && all_of(tail, hex)) return 0;
    std::size_t dash = tail.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash > 10) return -1;
    std::string_view pid = tail.substr(0, dash), rand = tail.substr(dash + 1);
    if (!all_of(pid, "0123456789") || rand.size() != 12 || !all_of(rand, hex)) return -1;
    long v = 0;
    for (char c : pid) v = v * 10 + (c - '0');
    return v;
}

// pid_gone says whether no process has `pid` (EPERM: one runs, as another user).
inline bool pid_gone(long pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

}  // namespace detail

// temp_prefix: ".<name>.tmp-", the part every temporary of `name` starts with.
inline std::string temp_prefix(std::string_view name) {
    // Appended piece by piece: `"." + std::string&&` trips GCC 12's false -Wrestrict at -O3.
    std::string p(1, '.');
    return p.append(name.substr(0, 255 - temp_name_room)).append(".tmp-");
}

// temp_name: a new temporary name for `name` (a file name, not a path).
inline std::string temp_name(std::string_view name) {
    return temp_prefix(name).append(std::to_string(::getpid())).append(1, '-').append(detail::random_suffix());
}

// is_stale_temp says whether `path` (a file whose name is temp_prefix(x) +
// `tail`) is a temporary that no live writer will rename: ours (same user),
// a regular file, and its PID gone or older than stale_temp_age.
inline bool is_stale_temp(const std::string& path, std::string_view tail, std::time_t now) {
    long pid = detail::temp_pid(tail);
    if (pid < 0) return false;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) return false;
    return now - st.st_mtime > stale_temp_age || detail::pid_gone(pid);
}

// remove_stale_temps deletes the stale temporaries of `name` in `dir`
// (best effort: a temporary that cannot be removed stays).
inline void remove_stale_temps(const std::string& dir, std::string_view name) {
    auto names = list_dir(dir);
    if (!names) return;
    std::string prefix = temp_prefix(name);
    std::time_t now = std::time(nullptr);
    for (auto& n : *names) {
        if (n.compare(0, prefix.size(), prefix) != 0) continue;
        std::string path = join(dir, n);
        if (is_stale_temp(path, std::string_view(n).substr(prefix.size()), now)) (void)remove_file(path);
    }
}

// remove_all_temps deletes every temporary (".<name>.tmp-..." regular file)
// in `dir`, live or not: for a caller that holds the lock every writer of
// `dir` takes, so that no write is under way.
inline void remove_all_temps(const std::string& dir) {
    auto names = list_dir(dir);
    if (!names) return;
    for (auto& n : *names) {
        std::size_t at = n.rfind(".tmp-");
        if (n.front() != '.' || at == std::string::npos || at == 0 || detail::temp_pid(std::string_view(n).substr(at + 5)) < 0)
            continue;
        std::string path = join(dir, n);
        struct stat st {};
        if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) (void)remove_file(path);
    }
}

}  // namespace certreq::os
