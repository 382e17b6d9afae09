// tests/os/support.hpp: a scratch directory for the os tests.
#pragma once
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "certreq/os/file.hpp"

namespace os_test {

// scratch_dir is a temporary directory removed with its contents at scope end.
struct scratch_dir {
    std::string path;
    scratch_dir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "certreq-os-XXXXXX").string();
        path = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
    }
    ~scratch_dir() {
        std::error_code ec;
        if (path.empty()) return;
        std::filesystem::permissions(path, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(path, ec);
    }
    std::string operator/(std::string_view name) const { return path + "/" + std::string(name); }
};

inline unsigned mode_of(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0xFFFFu;
}

// entries counts the names in a directory (temporary files included).
inline std::size_t entries(const std::string& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir)) ++n;
    return n;
}

// read_text returns a file's text, or "<the error>".
inline std::string read_text(const std::string& p) {
    auto r = certreq::os::read_file(p);
    return r ? std::string(certreq::as_chars(*r)) : "<" + r.err().message + ">";
}

// umask_guard sets a umask for one test and restores the old one.
struct umask_guard {
    mode_t old;
    explicit umask_guard(mode_t m) : old(::umask(m)) {}
    ~umask_guard() { ::umask(old); }
};

}  // namespace os_test
