// tests/verbs/scratch.hpp: a temporary directory that holds the user and
// machine stores (CERTREQ_USER_STORE, CERTREQ_MACHINE_STORE) for one test,
// removed with its contents at scope end.
#pragma once
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <string_view>

struct scratch_stores {
    std::string path;
    scratch_stores() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "certreq-verbs-XXXXXX").string();
        path = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
        ::setenv("CERTREQ_USER_STORE", (*this / "user-store").c_str(), 1);
        ::setenv("CERTREQ_MACHINE_STORE", (*this / "machine-store").c_str(), 1);
        ::unsetenv("SOURCE_DATE_EPOCH");
    }
    ~scratch_stores() {
        ::unsetenv("CERTREQ_USER_STORE");
        ::unsetenv("CERTREQ_MACHINE_STORE");
        std::error_code ec;
        if (!path.empty()) std::filesystem::remove_all(path, ec);
    }
    scratch_stores(const scratch_stores&) = delete;
    scratch_stores& operator=(const scratch_stores&) = delete;
    std::string operator/(std::string_view name) const { return path + "/" + std::string(name); }
};
