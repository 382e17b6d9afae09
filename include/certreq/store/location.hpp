// store/location.hpp: where the on-disk stand-ins for the Windows user and
// machine certificate/key stores live.
//   user:    $CERTREQ_USER_STORE, else $XDG_DATA_HOME/certreq, else
//            $HOME/.local/share/certreq
//   machine: $CERTREQ_MACHINE_STORE, else /var/lib/certreq
// Empty variables count as unset (as the XDG base-directory spec says).
#pragma once
#include <cstdlib>
#include <string>
#include <string_view>

#include "certreq/os/error.hpp"

namespace certreq::store {

// scope: -user (the default) or -machine / MachineKeySet=true.
enum class scope { user, machine };

inline constexpr std::string_view to_string(scope s) noexcept { return s == scope::machine ? "machine" : "user"; }

namespace detail {
inline std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}
}  // namespace detail

// user_store_dir returns the user store's root, or an error when neither
// CERTREQ_USER_STORE, XDG_DATA_HOME nor HOME is set.
inline os::result<std::string> user_store_dir() {
    if (auto v = detail::env("CERTREQ_USER_STORE"); !v.empty()) return v;
    if (auto v = detail::env("XDG_DATA_HOME"); !v.empty()) return v + "/certreq";
    if (auto v = detail::env("HOME"); !v.empty()) return v + "/.local/share/certreq";
    return core::failed("cannot locate the user store: set CERTREQ_USER_STORE or HOME");
}

// machine_store_dir returns the machine store's root.
inline std::string machine_store_dir() {
    if (auto v = detail::env("CERTREQ_MACHINE_STORE"); !v.empty()) return v;
    return "/var/lib/certreq";
}

// store_dir returns the root for `s`.
inline os::result<std::string> store_dir(scope s) {
    if (s == scope::machine) return machine_store_dir();
    return user_store_dir();
}

}  // namespace certreq::store
