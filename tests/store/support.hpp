// tests/store/support.hpp: a temporary store root, exported as
// CERTREQ_USER_STORE for the test's lifetime.
#pragma once
#include <stdlib.h>
#include <signal.h>
#include <sys/resource.h>
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

// file_size_limit makes every write past `bytes` fail with EFBIG (as a full
// disk fails a write) for its lifetime: RLIMIT_FSIZE, SIGXFSZ ignored.
struct file_size_limit {
    rlimit old{};
    struct sigaction old_action {};
    explicit file_size_limit(rlim_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &old);
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        ::sigaction(SIGXFSZ, &ignore, &old_action);
        rlimit now = old;
        now.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &now);
    }
    ~file_size_limit() {
        ::setrlimit(RLIMIT_FSIZE, &old);
        ::sigaction(SIGXFSZ, &old_action, nullptr);
    }
    file_size_limit(const file_size_limit&) = delete;
    file_size_limit& operator=(const file_size_limit&) = delete;
};

}  // namespace store_test
