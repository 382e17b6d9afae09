// p11/module.hpp: a PKCS#11 module loaded with dlopen and initialized once
// per process; loading the same path twice gives the same module. Modules are
// never finalized or closed: a token signer may be used to the last moment,
// and C_Finalize from a static destructor can run after the module's own
// statics are gone (SoftHSM). Tokens commit each object when it is made. A
// statically linked process tries a module's start-up in a child first
// (p11/probe.hpp) and reports a later crash in its code as an error naming it
// (p11/crash_guard.hpp).
#pragma once
#include <dlfcn.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "certreq/p11/api.hpp"
#include "certreq/p11/crash_guard.hpp"
#include "certreq/p11/probe.hpp"

namespace certreq::p11 {

class module {
public:
    module(const module&) = delete;
    module& operator=(const module&) = delete;
    ~module() = default;

    // load returns the module at `path` (dlopen's rules: a path with a '/' is
    // opened as it is), initialized with OS locking.
    static result<std::shared_ptr<module>> load(const std::string& path) {
        static std::mutex m;
        static auto* loaded = new std::map<std::string, std::shared_ptr<module>>;  // never destroyed (above)
        std::lock_guard g(m);
        if (auto it = loaded->find(path); it != loaded->end()) return it->second;
        ::dlerror();
        void* h = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            const char* why = ::dlerror();
            return refused("PKCS#11 module " + path + " cannot be loaded: " + (why ? why : "dlopen failed"));
        }
        auto get = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(h, "C_GetFunctionList"));
        if (!get) return refused("PKCS#11 module " + path + " has no C_GetFunctionList: not a PKCS#11 module");
        CK_FUNCTION_LIST_PTR f = nullptr;
        if (CK_RV rv = get(&f); rv != CKR_OK || !f) return failed("PKCS#11 module " + path + ": C_GetFunctionList", rv);
        if (auto st = probe(path, f); !st) return st.err();
        guard_crashes(path);
        std::shared_ptr<module> mod(new module(path, f));
        CK_C_INITIALIZE_ARGS args{};
        args.flags = CKF_OS_LOCKING_OK;
        CK_RV rv = f->C_Initialize(&args);
        if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
            return failed("PKCS#11 module " + path + ": C_Initialize", rv);
        loaded->emplace(path, mod);
        return mod;
    }

    CK_FUNCTION_LIST_PTR api() const noexcept { return f_; }
    const std::string& path() const noexcept { return path_; }

private:
    module(std::string path, CK_FUNCTION_LIST_PTR f) : path_(std::move(path)), f_(f) {}

    std::string path_;
    CK_FUNCTION_LIST_PTR f_;
};

}  // namespace certreq::p11
