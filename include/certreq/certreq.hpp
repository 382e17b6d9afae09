// certreq.hpp: the public API in one include. Smaller builds include only the
// layer they use (e.g. certreq/der/der.hpp needs nothing but the standard library).
//
//   inf::read            bytes -> INF document (+ diagnostics)
//   model::lower         document -> typed request
//   x509::...            request pieces -> DER (names, extensions, CSR, certificate)
//   mbed::private_key    key generation/loading; mbed::sign, mbed::verify
//   pem::...             input files (DER, PEM, bare base64) -> DER
//   verbs::build_new     the whole of `certreq -new`; verbs::dump, `certreq -dump`
#pragma once

#include "certreq/core/base64.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/read.hpp"
#include "certreq/mbed/key.hpp"
#include "certreq/mbed/sign.hpp"
#include "certreq/model/lower.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/store/store.hpp"
#include "certreq/verbs/dump.hpp"
#include "certreq/verbs/new.hpp"
#include "certreq/x509/x509.hpp"
