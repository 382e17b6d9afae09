// model/algorithms.hpp: the request's key and signature algorithm choices
// (KeyAlgorithm, KeyLength, HashAlgorithm, RequestType), apart from the
// request itself so an AlgorithmIdentifier writer (x509/algorithm.hpp)
// does not parse every extension kind.
#pragma once

namespace certreq::model {

enum class request_type { pkcs10, pkcs7, cmc, cert, scep };

enum class key_algorithm { rsa, ec };
enum class curve { none, p256, p384, p521 };

enum class hash_algorithm { sha1, sha256, sha384, sha512 };

}  // namespace certreq::model
