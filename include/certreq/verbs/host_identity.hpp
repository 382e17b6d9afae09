// verbs/host_identity.hpp: what Windows puts in the client-info and OS-version
// attributes (spec §7.2), read from this machine, and what SubjectNameFlags
// fill the subject and SAN with (Windows reads those from Active Directory).
// Embedders and reproducible builds override any of it with the
// CERTREQ_CLIENT_* environment variables, or drop the attributes with
// SuppressDefaults = TRUE; the directory values come from CERTREQ_SUBJECT_*:
//
//   CERTREQ_CLIENT_MACHINE     machine name / FQDN   (default: gethostname)
//   CERTREQ_CLIENT_USER        DOMAIN\user           (default: host\$USER)
//   CERTREQ_CLIENT_OS_VERSION  10.0.19045.2
//   CERTREQ_CLIENT_PROCESS     certreq.exe
//   CERTREQ_SUBJECT_UPN, CERTREQ_SUBJECT_EMAIL, CERTREQ_SUBJECT_DN (leaf first),
//   CERTREQ_SUBJECT_GUID       for CT_FLAG_..._UPN, _EMAIL, _DIRECTORY_PATH, _DIRECTORY_GUID
#pragma once
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "certreq/model/requester.hpp"

namespace certreq::verbs {

struct host_identity {
    std::string machine;     // host name (FQDN when the resolver-free hostname has one)
    std::string user;        // "DOMAIN\user" on Windows; here "host\user"
    std::string os_version;  // Windows form "major.minor.build.platform"
    std::string process = "certreq.exe";
    std::string user_name;   // the bare user name (CN of CT_FLAG_SUBJECT_REQUIRE_COMMON_NAME)
    std::string upn, email, directory_path, directory_guid;  // from CERTREQ_SUBJECT_*
};

// requester_of: what SubjectNameFlags fill names with, of this host and user.
inline model::requester_identity requester_of(const host_identity& h) {
    return {h.machine, h.user_name, h.upn, h.email, h.directory_path, h.directory_guid};
}

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
    id.process = env_or("CERTREQ_CLIENT_PROCESS", "certreq.exe");
    id.user_name = user;
    id.upn = env_or("CERTREQ_SUBJECT_UPN", "");
    id.email = env_or("CERTREQ_SUBJECT_EMAIL", "");
    id.directory_path = env_or("CERTREQ_SUBJECT_DN", "");
    id.directory_guid = env_or("CERTREQ_SUBJECT_GUID", "");
    return id;
}

}  // namespace certreq::verbs
