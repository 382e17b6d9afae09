// verbs/submit.hpp: the library side of `certreq -submit` and `-retrieve`
// against a local CA (spec §1.2, §1.5): read the request file (base64 or
// DER), hand it to the CA, and say what certreq says about the outcome.
//
// Exit codes: as certreq.exe, a request the CA processed exits 0 whether it
// was issued, left pending or denied (the disposition is in the text; scripts
// throw on a non-zero exit before they read it, spec §10.1). A failure exits
// 1 with the HRESULT. disposition_exit_code gives our older distinct codes,
// which the driver uses only when CERTREQ_DISPOSITION_EXIT_CODES=1:
//   0  issued (or, for -retrieve, revoked: the certificate is still returned)
//   3  pending ("Certificate request is pending: Taken Under Submission")
//   4  denied  ("Certificate not issued (Denied) ...")
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/ca/authority.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/verbs/request_input.hpp"

namespace certreq::verbs {

inline constexpr int exit_pending = 3;
inline constexpr int exit_denied = 4;

// submit_file gives the request in `file` (any encoding) to `ca`.
inline core::result<ca::outcome> submit_file(ca::local_ca& ca, byte_view file, std::string attrib,
                                                           std::int64_t now) {
    auto in = read_request_input(file);
    if (!in) return core::bad_data(in.err().message);
    ca::submitted_request req = std::move(*in);
    req.attrib = std::move(attrib);
    auto out = ca.submit(req, now);
    // code 0: the CA could not read the request (bad data); else a system call failed.
    if (!out) return core::error(out.err().message, out.err().os_errno ? out.err().hresult : core::hr::invalid_data);
    return std::move(*out);
}

// disposition_lines: what certreq prints for an outcome (RequestId twice, then the disposition).
inline std::string disposition_lines(const ca::record& r) {
    std::string id = std::to_string(r.id);
    std::string out = "RequestId: " + id + "\nRequestId: \"" + id + "\"\n";
    switch (r.state) {
        case ca::status::issued: {
            out += "Certificate retrieved(Issued) Issued";
            std::string_view extra = r.message;
            if (extra.rfind("Issued", 0) == 0) extra.remove_prefix(6);
            while (!extra.empty() && extra.front() == ' ') extra.remove_prefix(1);
            if (!extra.empty()) out += "  " + std::string(extra);
            break;
        }
        case ca::status::revoked: out += "Certificate retrieved(Revoked) Revoked"; break;
        case ca::status::pending: out += "Certificate request is pending: Taken Under Submission"; break;
        case ca::status::denied: out += "Certificate not issued (Denied) " + r.message; break;
    }
    return out + "\n";
}

// disposition_exit_code maps a disposition to the distinct (opt-in) exit codes above.
inline int disposition_exit_code(const ca::record& r) {
    switch (r.state) {
        case ca::status::issued:
        case ca::status::revoked: return 0;
        case ca::status::pending: return exit_pending;
        case ca::status::denied: return exit_denied;
    }
    return 1;
}

}  // namespace certreq::verbs
