// verbs/host_identity.hpp: what Windows puts in the client-info and OS-version
// attributes (spec §7.2), read from this machine. Embedders and reproducible
// builds override any of it with the CERTREQ_CLIENT_* environment variables,
// or drop the attributes with SuppressDefaults = TRUE.
#pragma once
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace certreq::verbs {

struct host_identity {
    std::string machine;     // host name (FQDN when the resolver-free hostname has one)
    std::string user;        // "DOMAIN\user" on Windows; here "host\user"
    std::string os_version;  // Windows form "major.minor.build.platform"
};

inline std::string env_or(const char* name, std::string fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

// current_host_identity reads the host name and user; the OS version keeps
// the Windows 10 form ("10.0.19045.2") that CAs and policy modules parse.
inline host_identity current_host_identity() {
    host_identity id;
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0 || !host[0]) std::snprintf(host, sizeof host, "localhost");
    std::string user = env_or("USER", env_or("LOGNAME", "user"));
    std::string short_host(host);
    if (auto dot = short_host.find('.'); dot != std::string::npos) short_host.resize(dot);
    id.machine = env_or("CERTREQ_CLIENT_MACHINE", host);
    id.user = env_or("CERTREQ_CLIENT_USER", short_host + "\\" + user);
    id.os_version = env_or("CERTREQ_CLIENT_OS_VERSION", "10.0.19045.2");
    return id;
}

}  // namespace certreq::verbs
