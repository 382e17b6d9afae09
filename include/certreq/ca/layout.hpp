// ca/layout.hpp: where a local CA keeps its files. `-config -` names the
// default CA in the machine store; `-config DIR` any directory.
//
//   <dir>/                       0700
//     ca.cer                     the CA certificate (DER), 0644
//     ca.key                     its private key (PKCS#8 PEM), 0600
//     ca.conf                    settings (store/metadata.hpp format)
//     capolicy.inf               the CAPolicy.inf it was made from, if any
//     lock                       flock: every change holds it
//     next_request_id            decimal; ids increase and are never reused
//     crl_number                 decimal, the last CRL's number
//     crl.der                    the last CRL published
//     requests/<id>/             one request: request.der, record, cert.der (issued)
//     requests/.new-<id>-<rand>/ a request being written (renamed into place when complete)
//     serials/<serial hex>       index: serial -> request id
//     templates/<Name>.inf       -enroll templates (INF files as for -new)
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "certreq/store/location.hpp"

namespace certreq::ca {

// default_dir is the CA that `-config -` names: <machine store>/ca.
inline std::string default_dir() { return store::machine_store_dir() + "/ca"; }

// dir_of resolves a -config value: "-" or empty = the default CA.
inline std::string dir_of(std::string_view config) {
    if (config.empty() || config == "-") return default_dir();
    return std::string(config);
}

struct layout {
    std::string root;

    std::string certificate() const { return root + "/ca.cer"; }
    std::string key() const { return root + "/ca.key"; }
    std::string conf() const { return root + "/ca.conf"; }
    std::string policy_copy() const { return root + "/capolicy.inf"; }
    std::string lock() const { return root + "/lock"; }
    std::string next_id() const { return root + "/next_request_id"; }
    std::string crl_number() const { return root + "/crl_number"; }
    std::string crl() const { return root + "/crl.der"; }
    std::string requests() const { return root + "/requests"; }
    std::string request_dir(std::uint64_t id) const { return requests() + "/" + std::to_string(id); }
    std::string serials() const { return root + "/serials"; }
    std::string serial_index(std::string_view hex) const { return serials() + "/" + std::string(hex); }
    std::string templates() const { return root + "/templates"; }
};

}  // namespace certreq::ca
