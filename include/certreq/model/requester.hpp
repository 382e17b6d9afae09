// model/requester.hpp: who asks, as far as SubjectNameFlags need it
// (model/subject_flags.hpp). Its own header so that model/lower.hpp's
// declarations stay light.
#pragma once
#include <string>

namespace certreq::model {

// requester_identity: what the flags fill the subject and SAN with
// (verbs/host_identity.hpp fills it).
struct requester_identity {
    std::string fqdn;            // this machine's DNS name
    std::string user;            // the user's name (CN of a user request)
    std::string upn;             // user@domain
    std::string email;           // rfc822 address
    std::string directory_path;  // the directory DN, written leaf first (CN=x,CN=Users,DC=corp,DC=com)
    std::string directory_guid;  // the directory object's GUID
};

}  // namespace certreq::model
