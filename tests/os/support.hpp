// tests/os/support.hpp: a scratch directory for the os tests.
#pragma once
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <string_view>

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

}  // namespace os_test
