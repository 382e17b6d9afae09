// tests/store/support.hpp: a temporary store root, exported as
// CERTREQ_USER_STORE for the test's lifetime.
#pragma once
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace store_test {

// env_guard sets (or unsets) a variable and restores it at scope end.
struct env_guard {
    std::string name;
    std::optional<std::string> old;
    env_guard(std::string n, const char* value) : name(std::move(n)) {
        if (const char* o = std::getenv(name.c_str())) old = o;
        if (value) ::setenv(name.c_str(), value, 1);
        else ::unsetenv(name.c_str());
    }
    ~env_guard() {
        if (old) ::setenv(name.c_str(), old->c_str(), 1);
        else ::unsetenv(name.c_str());
    }
};

// temp_store is a scratch directory; `root` (inside it, not yet created) is
// exported as CERTREQ_USER_STORE.
struct temp_store {
    std::string dir;
    std::string root;
    std::optional<env_guard> env;
    temp_store() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "certreq-store-XXXXXX").string();
        dir = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
        root = dir + "/store";
        env.emplace("CERTREQ_USER_STORE", root.c_str());
    }
    ~temp_store() {
        std::error_code ec;
        if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    }
    std::string operator/(std::string_view name) const { return root + "/" + std::string(name); }
};

inline unsigned mode_of(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0xFFFFu;
}

inline std::size_t entries(const std::string& dir) {
    std::size_t n = 0;
    std::error_code ec;
    for ([[maybe_unused]] auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) ++n;
    return n;
}

}  // namespace store_test
