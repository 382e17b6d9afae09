// driver/http_transport.hpp: the SCEP and AD CS clients' transport: runs
// certreq-http (driver/transport/, the only libcurl user) for each request.
#pragma once
#include <string>

#include "certreq/verbs/http.hpp"

namespace certreq::driver {

// http_program: $CERTREQ_HTTP, else certreq-http next to this executable
// (/proc/self/exe), else "certreq-http" on $PATH.
std::string http_program();

// http_transport runs one request through certreq-http; transport failures
// (no program, refused, timeout, redirect, too large) come back as `failed`.
verbs::http::http_reply http_transport(const verbs::http::http_request& rq);

}  // namespace certreq::driver
