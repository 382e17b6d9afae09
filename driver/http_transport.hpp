// driver/http_transport.hpp: the SCEP client's transport: runs certreq-http
// (driver/transport/, the only libcurl user) for each request.
#pragma once
#include <string>

#include "certreq/verbs/scep_client.hpp"

namespace certreq::driver {

// http_program: $CERTREQ_HTTP, else certreq-http next to this executable
// (/proc/self/exe), else "certreq-http" on $PATH.
std::string http_program();

// http_transport runs one request through certreq-http; transport failures
// (no program, refused, timeout, redirect, too large) come back as `failed`.
verbs::scep_client::http_reply http_transport(const verbs::scep_client::http_request& rq);

}  // namespace certreq::driver
