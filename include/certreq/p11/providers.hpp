// p11/providers.hpp: which backend an INF's ProviderName selects.
//
//   software  the key store's own keys (mbedTLS; every provider by default)
//   pkcs11    a PKCS#11 module: a smart card through OpenSC, an HSM, a TPM
//             through tpm2-pkcs11, a secure element's vendor module
//
// Defaults: Microsoft's smart-card providers -> OpenSC (opensc-pkcs11.so),
// "Microsoft Platform Crypto Provider" -> tpm2-pkcs11 (p11-kit's module
// "tpm2_pkcs11"). An admin maps more (a vendor's KSP) or overrides these with
// lines `Provider Name = module` in the store's providers.conf and in
// $CERTREQ_PROVIDERS (';' or newlines between entries; the environment wins,
// then the file, then the defaults). `module` is `software`, a path, the name
// of a module registered with p11-kit (/etc/pkcs11/modules/NAME.module,
// /usr/share/p11-kit/modules/NAME.module), or a file name in p11-kit's module
// directory. Provider names match without regard to ASCII case.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "certreq/os/file.hpp"

#ifndef CERTREQ_P11_MODULE_DIR  // p11-kit's p11_module_path (meson passes it from p11-kit-1.pc)
#if defined(__x86_64__)
#define CERTREQ_P11_MODULE_DIR "/usr/lib/x86_64-linux-gnu/pkcs11"
#elif defined(__aarch64__)
#define CERTREQ_P11_MODULE_DIR "/usr/lib/aarch64-linux-gnu/pkcs11"
#else
#define CERTREQ_P11_MODULE_DIR "/usr/lib/pkcs11"
#endif
#endif

namespace certreq::p11 {

struct backend {
    bool software = true;
    std::string module;  // pkcs11: the module as mapped (path or name)
    std::string origin;  // where the mapping came from, for messages
};

namespace detail {

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"')) s.remove_suffix(1);
    return s;
}

inline bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// lookup finds `provider` in mapping text ("Name = module" entries).
inline std::optional<std::string> lookup(std::string_view text, std::string_view provider) {
    while (!text.empty()) {
        std::size_t end = text.find_first_of(";\n");
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        line = trim(line);
        if (line.empty() || line.front() == '#') continue;
        std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        if (iequal(trim(line.substr(0, eq)), provider)) return std::string(trim(line.substr(eq + 1)));
    }
    return std::nullopt;
}

}  // namespace detail

// default_mappings: provider -> module when nothing else says.
inline constexpr std::array<std::pair<std::string_view, std::string_view>, 3> default_mappings = {{
        {"Microsoft Smart Card Key Storage Provider", "opensc-pkcs11.so"},
        {"Microsoft Base Smart Card Crypto Provider", "opensc-pkcs11.so"},
        {"Microsoft Platform Crypto Provider", "tpm2_pkcs11"},
}};

// select_backend: the backend for `provider`; `store_conf` is the path of
// the store's providers.conf (may not exist), `env` $CERTREQ_PROVIDERS (or null).
inline backend select_backend(std::string_view provider, const std::string& store_conf, const char* env) {
    auto make = [](std::string module, std::string origin) {
        backend b;
        b.software = detail::iequal(module, "software");
        if (!b.software) b.module = std::move(module);
        b.origin = std::move(origin);
        return b;
    };
    if (env)
        if (auto m = detail::lookup(env, provider)) return make(std::move(*m), "$CERTREQ_PROVIDERS");
    if (!store_conf.empty())
        if (auto text = os::read_file(store_conf, 1 << 20))
            if (auto m = detail::lookup(as_chars(*text), provider)) return make(std::move(*m), store_conf);
    for (auto& [name, module] : default_mappings)
        if (detail::iequal(name, provider)) return make(std::string(module), "the default mapping");
    return {};
}

// module_path turns a mapped module into what dlopen gets: a path as it is;
// a p11-kit registered name through its .module file; a file name in
// p11-kit's module directory; else the bare name (the library search path).
inline std::string module_path(const std::string& module, bool registry = true) {
    if (module.find('/') != std::string::npos) return module;
    for (const char* dir : {"/etc/pkcs11/modules/", "/usr/share/p11-kit/modules/"}) {
        if (!registry) break;
        auto text = os::read_file(std::string(dir) + module + ".module", 1 << 16);
        if (!text) continue;
        std::string_view t = as_chars(*text);
        for (std::size_t at = 0; at < t.size();) {
            std::size_t end = t.find('\n', at);
            std::string_view line = t.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
            at = end == std::string_view::npos ? t.size() : end + 1;
            if (line.starts_with("module:")) return module_path(std::string(detail::trim(line.substr(7))), false);
        }
    }
    std::string in_dir = std::string(CERTREQ_P11_MODULE_DIR) + "/" + module;
    if (os::exists(in_dir)) return in_dir;
    return module;
}

}  // namespace certreq::p11
