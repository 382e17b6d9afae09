// os/output_files.hpp: a verb's output files, written all or nothing.
//
//   auto outs = os::output_files::plan({"a.cer", "chain.p7b"}, force);
//   if (!outs) ...               // nothing was done yet: refuse the command
//   ... the work (e.g. the local CA records the request) ...
//   outs->commit({cert, chain}, os::output_mode());
//
// plan checks every argument (os/output_target.hpp: `-`, regular files and
// symlinks to them only, -f to replace), refuses two arguments that name one
// file, removes stale temporaries a killed writer left beside each target
// (os/temp_name.hpp), and creates each file's temporary, so an unwritable
// directory fails here, before the work. commit writes every temporary, then
// renames them onto their targets one by one; when a rename fails, the ones
// before it are undone (a created file is removed, a replaced file is put
// back), so either every output is written or none is. Standard output comes
// last, once the files are in place (it cannot be taken back; a failed write
// to it, also a reader gone (EPIPE, no SIGPIPE), undoes the files). A replaced file is swapped out atomically
// (renameat2 RENAME_EXCHANGE), or, where the file system cannot, copied aside
// first; readers never see a partial file.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>  // renameat2, RENAME_EXCHANGE (glibc >= 2.28, _GNU_SOURCE)
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/os/atomic_file.hpp"
#include "certreq/os/error.hpp"
#include "certreq/os/file.hpp"
#include "certreq/os/output_target.hpp"
#include "certreq/os/path.hpp"
#include "certreq/os/temp_name.hpp"

namespace certreq::os {

namespace detail {

// without_rename_exchange: tests set it to take the path of file systems
// that lack RENAME_EXCHANGE.
inline bool without_rename_exchange = false;

// exchange swaps two names atomically; returns 0 or errno (EINVAL where the file system cannot).
inline int exchange(const std::string& a, const std::string& b) {
    if (without_rename_exchange) return EINVAL;
#if defined(RENAME_EXCHANGE)
    return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0 ? 0 : errno;
#else
    (void)a, (void)b;
    return EINVAL;
#endif
}

// copy_aside copies `from` (content and mode) into a new temporary `to`; returns 0 or errno.
inline int copy_aside(const std::string& from, const std::string& to) {
    struct stat st {};
    if (::lstat(from.c_str(), &st) != 0) return errno;
    auto content = read_file(from, static_cast<std::size_t>(-1));
    if (!content) return content.err().os_errno ? content.err().os_errno : EIO;
    int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return errno;
    int e = ::fchmod(fd, st.st_mode & 07777) != 0 ? errno : write_all(fd, *content);
    if (e == 0 && ::fsync(fd) != 0) e = errno;
    if (::close(fd) != 0 && e == 0) e = errno;
    if (e != 0) ::unlink(to.c_str());
    return e;
}

// write_stdout writes `data` to standard output; returns 0 or errno. A reader
// that went away gives EPIPE instead of killing the process with SIGPIPE
// (blocked for this thread during the write, the one raised is consumed), so
// the caller can still undo its files.
inline int write_stdout(byte_view data) {
    sigset_t pipe, old;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    sigset_t pending;
    bool was_pending = ::sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipe, &old);
    int e = write_all(STDOUT_FILENO, data);
    if (e == EPIPE && !was_pending) {
        timespec zero{};
        while (::sigtimedwait(&pipe, nullptr, &zero) < 0 && errno == EINTR) {
        }
    }
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return e;
}

}  // namespace detail

class output_files {
public:
    output_files(const output_files&) = delete;
    output_files& operator=(const output_files&) = delete;
    output_files(output_files&& o) noexcept : files_(std::move(o.files_)), overwrite_(o.overwrite_), durable_(o.durable_) {
        o.files_.clear();
    }
    output_files& operator=(output_files&&) = delete;
    ~output_files() { discard(); }

    // plan checks `args` and reserves their temporaries (see above).
    // `overwrite` is -f; `durable` = false skips the fsyncs (tests).
    static result<output_files> plan(const std::vector<std::string>& args, bool overwrite, bool durable = true) {
        return make(args, overwrite, durable, true);
    }

    // check runs plan()'s checks only: the early refusal before work whose
    // outputs a later plan() writes (that one removes the stale temporaries).
    static status check(const std::vector<std::string>& args, bool overwrite) {
        auto p = make(args, overwrite, false, false);
        if (!p) return p.err();
        return {};
    }

    std::size_t size() const noexcept { return files_.size(); }
    const output_target& target(std::size_t i) const { return files_.at(i).target; }
    bool writes_stdout() const noexcept {
        for (auto& f : files_)
            if (f.target.to_stdout) return true;
        return false;
    }

    // commit writes contents[i] to output i (std::nullopt: leave output i
    // alone, as -submit does with CertChainFileOut for a pending request),
    // every file with `mode` (0666 & ~umask for ordinary outputs, see
    // os::output_mode). All or nothing; the set is spent afterwards.
    status commit(const std::vector<std::optional<byte_view>>& contents, mode_t mode) {
        if (contents.size() != files_.size()) return os::failure(EINVAL, "output_files::commit: one content per output expected");
        for (std::size_t i = 0; i < files_.size(); ++i)
            if (auto s = fill(files_[i], contents[i], mode); !s) return discard(), s;
        std::size_t done = 0;
        for (; done < files_.size(); ++done)
            if (auto s = install(files_[done]); !s) return undo(done), discard(), s;
        for (std::size_t i = 0; i < files_.size(); ++i) {
            if (!files_[i].target.to_stdout || !contents[i]) continue;
            std::fflush(stdout);  // anything stdio holds goes first
            if (int e = detail::write_stdout(*contents[i]); e != 0)
                return undo(done), discard(), sys_error("cannot write", "standard output", e);
        }
        finish();
        return {};
    }

private:
    // how a file was put in place, for undo and clean-up
    enum class placed { no, created, exchanged, copied };
    struct file {
        output_target target;
        std::string tmp;   // our temporary; after an exchange it holds the old file
        int fd = -1;
        std::string aside; // the copy of a replaced file (file systems without RENAME_EXCHANGE)
        placed how = placed::no;
        dev_t dev = 0;     // the installed file, so undo never removes someone else's
        ino_t ino = 0;
    };

    output_files(bool overwrite, bool durable) : overwrite_(overwrite), durable_(durable) {}

    static result<output_files> make(const std::vector<std::string>& args, bool overwrite, bool durable, bool sweep) {
        output_files out(overwrite, durable);
        for (const std::string& a : args) {
            auto t = resolve_output(a, overwrite);
            if (!t) return t.err();
            for (const file& f : out.files_)
                if (f.target.same_file(*t)) {
                    std::string msg = a;
                    msg.append(": names the same file as ").append(f.target.given);
                    msg.append(" (each output needs a file of its own)");
                    return os::failure(EINVAL, std::move(msg));
                }
            out.files_.push_back(file{std::move(*t), {}, -1, {}, {}});
        }
        for (file& f : out.files_)
            if (auto s = out.reserve(f, sweep); !s) return s.err();
        return out;
    }

    // reserve creates the temporary of `f` beside its target (`sweep`: after
    // removing the stale temporaries of that target).
    status reserve(file& f, bool sweep) {
        if (f.target.to_stdout) return {};
        std::string dir = parent_dir(f.target.path);
        if (sweep) remove_stale_temps(dir, f.target.name);
        for (int attempt = 0; attempt < 100 && f.fd < 0; ++attempt) {
            f.tmp = join(dir, temp_name(f.target.name));
            f.fd = ::open(f.tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
            if (f.fd < 0 && errno != EEXIST) return f.tmp.clear(), sys_error("cannot create", f.target.given, errno);
        }
        if (f.fd < 0) return f.tmp.clear(), sys_error("cannot create", f.target.given, EEXIST);
        return {};
    }

    status fill(file& f, const std::optional<byte_view>& data, mode_t mode) {
        if (f.target.to_stdout) return {};
        if (!data) {  // not written: give the temporary back
            ::close(f.fd), f.fd = -1;
            ::unlink(f.tmp.c_str()), f.tmp.clear();
            return {};
        }
        const std::string& name = f.target.given;
        if (::fchmod(f.fd, mode) != 0) return sys_error("cannot chmod", name, errno);
        if (int e = detail::write_all(f.fd, *data); e != 0) return sys_error("cannot write", name, e);
        if (durable_ && ::fsync(f.fd) != 0) return sys_error("cannot sync", name, errno);
        struct stat st {};
        if (::fstat(f.fd, &st) != 0) return sys_error("cannot stat", name, errno);
        f.dev = st.st_dev, f.ino = st.st_ino;
        int fd = std::exchange(f.fd, -1);
        if (::close(fd) != 0) return sys_error("cannot write", name, errno);
        return {};
    }

    // install puts one temporary in place (create, or replace a regular file).
    status install(file& f) {
        if (f.target.to_stdout || f.tmp.empty()) return {};
        const std::string& path = f.target.path;
        for (int attempt = 0; attempt < 3; ++attempt) {
            struct stat st {};
            if (::lstat(path.c_str(), &st) != 0) {
                if (errno != ENOENT) return sys_error("cannot create", f.target.given, errno);
                int e = detail::rename_noreplace(f.tmp, path);
                if (e == 0) return f.how = placed::created, f.tmp.clear(), status{};
                if (e == EEXIST) continue;  // appeared meanwhile: look again
                return sys_error("cannot create", f.target.given, e);
            }
            // Something appeared or changed since plan(): the checks again.
            if (!S_ISREG(st.st_mode)) return detail::not_regular(f.target.given, path, st.st_mode);
            if (!overwrite_) return os::failure(EEXIST, f.target.given + ": file exists (use -f to overwrite)");
            int e = detail::exchange(f.tmp, path);
            if (e == 0) return f.how = placed::exchanged, status{};
            if (e == ENOENT) continue;  // vanished meanwhile
            if (e != EINVAL && e != ENOSYS && e != ENOTSUP) return sys_error("cannot replace", f.target.given, e);
            return replace_by_copy(f);
        }
        return sys_error("cannot create", f.target.given, EAGAIN);
    }

    // replace_by_copy: where RENAME_EXCHANGE is missing, keep a copy of the
    // old file beside it (to put back on undo), then rename over it.
    status replace_by_copy(file& f) {
        std::string aside = join(parent_dir(f.target.path), temp_name(f.target.name));
        if (int e = detail::copy_aside(f.target.path, aside); e != 0)
            return sys_error("cannot keep a copy of", f.target.given, e);
        if (::rename(f.tmp.c_str(), f.target.path.c_str()) != 0) {
            int e = errno;
            ::unlink(aside.c_str());
            return sys_error("cannot replace", f.target.given, e);
        }
        f.aside = std::move(aside);
        f.tmp.clear();
        f.how = placed::copied;
        return {};
    }

    // undo takes back the first `n` installed files, newest first (best effort).
    void undo(std::size_t n) {
        while (n-- > 0) {
            file& f = files_[n];
            const std::string& path = f.target.path;
            switch (f.how) {
                case placed::no: break;
                case placed::created: {
                    struct stat st {};
                    if (::lstat(path.c_str(), &st) == 0 && st.st_dev == f.dev && st.st_ino == f.ino) ::unlink(path.c_str());
                    break;
                }
                case placed::exchanged:
                    // Swapped back, tmp holds ours again (discard removes it); else
                    // tmp holds the old file: keep it rather than lose it.
                    if (detail::exchange(f.tmp, path) != 0) f.tmp.clear();
                    break;
                case placed::copied:
                    (void)::rename(f.aside.c_str(), path.c_str());  // failing, the copy stays beside it
                    f.aside.clear();
                    break;
            }
            f.how = placed::no;
            if (durable_) detail::sync_dir(parent_dir(path));
        }
    }

    // finish removes what replaced files left (the old content) and makes the new names durable.
    void finish() {
        for (file& f : files_) {
            if (f.how == placed::exchanged) ::unlink(f.tmp.c_str());
            if (!f.aside.empty()) ::unlink(f.aside.c_str());
            f.tmp.clear(), f.aside.clear();
            if (durable_ && f.how != placed::no) detail::sync_dir(parent_dir(f.target.path));
            f.how = placed::no;
        }
        files_.clear();
    }

    // discard closes and removes every temporary not put in place.
    void discard() noexcept {
        for (file& f : files_) {
            if (f.fd >= 0) ::close(f.fd);
            if (!f.tmp.empty()) ::unlink(f.tmp.c_str());
            if (!f.aside.empty()) ::unlink(f.aside.c_str());
        }
        files_.clear();
    }

    std::vector<file> files_;
    bool overwrite_ = false;
    bool durable_ = true;
};

// write_output writes one output argument (`-`: standard output) with `mode`;
// `durable` false skips the flushes (a copy the key store holds durably).
inline status write_output(const std::string& arg, byte_view data, mode_t mode, bool overwrite, bool durable = true) {
    auto p = output_files::plan({arg}, overwrite, durable);
    if (!p) return p.err();
    return p->commit({std::optional<byte_view>(data)}, mode);
}

}  // namespace certreq::os
