// os/output_target.hpp: what an output argument names, checked before
// anything is written.
//
//   "-"                          standard output (written once, at the end; not atomic)
//   a regular file, or nothing   that path (replaced only with overwrite, i.e. -f)
//   a symlink to a regular file  the link's final target; the link stays a link
//   anything else                an error, with or without -f: a directory, a
//                                FIFO, a device (also /dev/null; /dev/stdout
//                                unless standard output is a regular file: `-`
//                                is the way to standard output), a socket, or
//                                a dangling symlink (never create a file where
//                                a link points)
// The target's directory must exist; the file is always written beside its
// target (same directory) and renamed onto it.
#pragma once
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "certreq/os/error.hpp"
#include "certreq/os/path.hpp"

namespace certreq::os {

// max_output_link_hops: as the kernel's MAXSYMLINKS.
inline constexpr int max_output_link_hops = 40;

struct output_target {
    std::string given;       // the argument as written ("-": standard output)
    std::string path;        // the file replaced: `given`, or a symlink's final target
    bool to_stdout = false;
    // Identity of the file, for telling two arguments that name one file
    // apart: its directory (device, inode) and its name there.
    dev_t dir_dev = 0;
    ino_t dir_ino = 0;
    std::string name;

    bool same_file(const output_target& o) const {
        if (to_stdout || o.to_stdout) return to_stdout == o.to_stdout;
        return dir_dev == o.dir_dev && dir_ino == o.dir_ino && name == o.name;
    }
};

namespace detail {

inline std::string kind_of(mode_t m) {
    if (S_ISDIR(m)) return "a directory";
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
    if (S_ISSOCK(m)) return "a socket";
    return "not a regular file";
}

// not_regular: the refusal of an output that is not a regular file.
inline error not_regular(const std::string& given, const std::string& target, mode_t m) {
    std::string msg = given;
    if (target != given) msg.append(": a symbolic link to ").append(target).append(", which is ");
    else msg.append(": ");
    msg.append(kind_of(m)).append("; an output must be a regular file (use - for standard output)");
    return failure(S_ISDIR(m) ? EISDIR : EINVAL, std::move(msg));
}

// read_link returns what the symlink `link` holds, as written.
inline result<std::string> read_link(const std::string& link, const std::string& given) {
    std::string to(4096, '\0');
    ssize_t n = ::readlink(link.c_str(), to.data(), to.size());
    if (n < 0) return sys_error("cannot read link", given, errno);
    if (static_cast<std::size_t>(n) >= to.size()) return sys_error("cannot read link", given, ENAMETOOLONG);
    to.resize(static_cast<std::size_t>(n));
    return to;
}

// follow_link returns the path the symlink `link` points to (a relative
// target is relative to the link's directory).
inline result<std::string> follow_link(const std::string& link, const std::string& given) {
    auto to = read_link(link, given);
    if (!to || (!to->empty() && to->front() == '/') || link.find('/') == std::string::npos) return to;
    return join(parent_dir(link), *to);
}

}  // namespace detail

// resolve_output checks one output argument (see the top of this file);
// `overwrite` (-f) allows replacing an existing regular file.
inline result<output_target> resolve_output(const std::string& given, bool overwrite) {
    output_target t;
    t.given = given;
    if (given == "-") {
        struct stat st {};
        if (::fstat(STDOUT_FILENO, &st) != 0) return sys_error("cannot write", "standard output", errno);
        t.to_stdout = true;
        return t;
    }
    std::string n = file_name(given);
    if (n.empty() || n == "." || n == "..") return os::failure(EISDIR, given + ": not a file name");
    t.path = given;
    struct stat st {};
    if (::lstat(given.c_str(), &st) != 0) {
        if (errno != ENOENT) return sys_error("cannot create", given, errno);
    } else if (S_ISLNK(st.st_mode)) {
        // What the kernel reaches decides (this also covers /proc's links, as
        // /dev/stdout -> /proc/self/fd/1 -> "pipe:[...]", which no path names).
        struct stat to {};
        bool reached = ::stat(given.c_str(), &to) == 0;
        if (!reached && errno != ENOENT) return sys_error("cannot create", given, errno);
        auto first = detail::read_link(given, given);
        if (!first) return first.err();
        if (reached && !S_ISREG(to.st_mode)) return detail::not_regular(given, *first, to.st_mode);
        // Follow the chain by hand: the target's own directory is where the
        // temporary goes and where the rename happens.
        bool landed = false;
        for (int hops = 0; hops <= max_output_link_hops && !landed; ++hops) {
            struct stat hop {};
            if (::lstat(t.path.c_str(), &hop) != 0) {
                if (errno != ENOENT) return sys_error("cannot create", given, errno);
                std::string msg = given;
                msg.append(": a symbolic link to ").append(t.path);
                msg.append(", which does not exist (an output link must point to a regular file)");
                return os::failure(ENOENT, std::move(msg));
            }
            if (!S_ISLNK(hop.st_mode)) {
                if (!reached || hop.st_dev != to.st_dev || hop.st_ino != to.st_ino)
                    return os::failure(EINVAL, given + ": a symbolic link whose target cannot be named"
                                                 " (an output link must point to a regular file)");
                landed = true;
                continue;
            }
            auto next = detail::follow_link(t.path, given);
            if (!next) return next.err();
            t.path = std::move(*next);
        }
        if (!landed) return sys_error("cannot create", given, ELOOP);
        if (!overwrite) return os::failure(EEXIST, given + ": file exists (use -f to overwrite)");
    } else if (!S_ISREG(st.st_mode)) {
        return detail::not_regular(given, given, st.st_mode);
    } else if (!overwrite) {
        return os::failure(EEXIST, given + ": file exists (use -f to overwrite)");
    }
    t.name = file_name(t.path);
    if (t.name.empty() || t.name == "." || t.name == "..") return os::failure(EISDIR, given + ": not a file name");
    struct stat dir {};
    std::string d = parent_dir(t.path);
    if (::stat(d.c_str(), &dir) != 0) return sys_error("cannot create", given, errno);
    if (!S_ISDIR(dir.st_mode)) return sys_error("cannot create", given, ENOTDIR);
    t.dir_dev = dir.st_dev;
    t.dir_ino = dir.st_ino;
    return t;
}

}  // namespace certreq::os
