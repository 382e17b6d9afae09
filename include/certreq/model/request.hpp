// model/request.hpp: everything `certreq -new` needs, lowered from an INF
// file into plain typed data (in the spirit of Go's x509.CertificateRequest
// template). Nothing here knows about INF syntax, DER or mbedTLS.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreq/core/position.hpp"
#include "certreq/model/algorithms.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/model/name.hpp"

namespace certreq::model {

// key_params: how to make (or find) the key.
struct key_params {
    key_algorithm algorithm = key_algorithm::rsa;
    curve ec_curve = curve::none;
    std::uint32_t rsa_bits = 2048;
    bool ecdh = false;  // KeyAlgorithm=ECDH_*: same key, key-agreement usage
};

// A [RequestAttributes] entry: encoded as ENROLLMENT_NAME_VALUE_PAIR
// (1.3.6.1.4.1.311.13.2.1, two BMPStrings).
struct name_value {
    std::string name;
    std::string value;
    position pos{};
};

// The Windows-identity attributes of spec §7.2, emitted unless SuppressDefaults.
struct default_attributes {
    std::string os_version = "10.0.19045.2";  // 1.3.6.1.4.1.311.13.2.3
    std::uint32_t client_id = 9;              // 1.3.6.1.4.1.311.21.20 (ClientIdCertReq)
    std::string machine;                      //   machine FQDN
    std::string user;                         //   DOMAIN\user
    std::string process = "certreq.exe";      //   as certreq.exe names itself (policy modules check it)
    std::string provider_name = "Microsoft Strong Cryptographic Provider";  // 1.3.6.1.4.1.311.13.2.2 (lowering sets it)
};

// validity for RequestType=Cert: seconds since the Unix epoch (UTC).
struct validity {
    std::optional<std::int64_t> not_before;
    std::optional<std::int64_t> not_after;
    // ValidityPeriod/ValidityPeriodUnits, applied to NotBefore when NotAfter is absent.
    enum class unit { seconds, minutes, hours, days, weeks, months, years } period = unit::years;
    std::uint32_t period_units = 1;
    bool period_given = false;
};

struct request {
    request_type type = request_type::pkcs10;
    name subject;
    key_params key;
    hash_algorithm hash = hash_algorithm::sha256;
    bool alternate_signature = false;  // RSASSA-PSS
    std::uint32_t key_spec = 0;        // AT_NONE 0, AT_KEYEXCHANGE 1, AT_SIGNATURE 2
    std::vector<extension> extensions; // in the order they will be written
    std::vector<name_value> name_values;
    bool suppress_defaults = false;
    default_attributes defaults;
    validity valid;

    // Key store and key-source settings (no wire effect).
    std::string friendly_name;
    std::string key_container;
    bool machine_key_set = false;
    bool exportable = false;
    bool exportable_encrypted = false;                // a token key: CKA_EXTRACTABLE, as Exportable
    std::optional<std::uint32_t> key_usage_property;  // NCRYPT_ALLOW_*: a token key's CKA_SIGN/CKA_DECRYPT
    bool use_existing_key_set = false;
    std::string renewal_cert;     // a CertId: thumbprint, serial, subject CN or FriendlyName (store/cert_id.hpp)
    std::string requester_name;   // DOMAIN\user, CMC/PKCS7 enroll-on-behalf-of
    std::string challenge_password;  // SCEP
    bool private_key_archive = false;
    bool smime = false;
};

}  // namespace certreq::model
