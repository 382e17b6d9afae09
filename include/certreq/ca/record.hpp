// ca/record.hpp: the state of one request in a local CA, kept as
// requests/<id>/record in store/metadata.hpp's name=value format.
//
//   status       pending | issued | denied | revoked
//   submitted    ISO 8601 UTC
//   updated      ISO 8601 UTC (last status change)
//   serial       hex, issued and revoked only
//   subject      the request's subject, readable (for -ca list)
//   message      the disposition message (why denied, what was dropped)
//   attrib       the -attrib string given with -submit
//   format       PKCS10 | PKCS7 | CMC (what was submitted)
//   body_part    the CMC request's bodyPartID, when not 1
//   revoked_at   ISO 8601 UTC, revoked only
//   reason       CRLReason number, revoked only
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "certreq/os/error.hpp"
#include "certreq/store/metadata.hpp"
#include "certreq/store/timestamp.hpp"

namespace certreq::ca {

enum class status { pending, issued, denied, revoked };

inline constexpr std::string_view to_string(status s) noexcept {
    switch (s) {
        case status::pending: return "pending";
        case status::issued: return "issued";
        case status::denied: return "denied";
        case status::revoked: return "revoked";
    }
    return "pending";
}

inline std::optional<status> parse_status(std::string_view s) noexcept {
    for (auto v : {status::pending, status::issued, status::denied, status::revoked})
        if (to_string(v) == s) return v;
    return std::nullopt;
}

struct record {
    std::uint64_t id = 0;
    status state = status::pending;
    std::int64_t submitted = 0, updated = 0;
    std::string serial;  // lowercase hex
    std::string subject;
    std::string message;
    std::string attrib;
    std::string format = "PKCS10";
    std::uint32_t body_part = 1;  // CMC bodyPartID of the request
    std::int64_t revoked_at = 0;
    std::uint8_t reason = 0;

    std::string serialize() const {
        store::metadata m;
        m.set("status", to_string(state));
        m.set("submitted", store::format_time(submitted));
        m.set("updated", store::format_time(updated));
        if (!serial.empty()) m.set("serial", serial);
        m.set("subject", subject);
        m.set("message", message);
        if (!attrib.empty()) m.set("attrib", attrib);
        m.set("format", format);
        if (body_part != 1) m.set("body_part", std::to_string(body_part));
        if (state == status::revoked) {
            m.set("revoked_at", store::format_time(revoked_at));
            m.set("reason", std::to_string(reason));
        }
        return m.serialize();
    }

    static os::result<record> parse(std::uint64_t id, std::string_view text) {
        auto m = store::metadata::parse(text);
        if (!m) return m.err();
        auto bad = [&](std::string what) { return core::failed("request " + std::to_string(id) + ": " + what); };
        record r;
        r.id = id;
        auto st = parse_status(m->get_or("status"));
        if (!st) return bad("unknown status '" + m->get_or("status") + "'");
        r.state = *st;
        auto sub = store::parse_time(m->get_or("submitted"));
        if (!sub) return bad("missing or bad submitted time");
        r.submitted = *sub;
        r.updated = store::parse_time(m->get_or("updated")).value_or(r.submitted);
        r.serial = m->get_or("serial");
        r.subject = m->get_or("subject");
        r.message = m->get_or("message");
        r.attrib = m->get_or("attrib");
        r.format = m->get_or("format", "PKCS10");
        std::string bp = m->get_or("body_part", "1");
        if (bp.empty() || bp.size() > 9 || bp.find_first_not_of("0123456789") != std::string::npos) return bad("bad body_part");
        r.body_part = std::uint32_t(std::stoul(bp));
        if ((r.state == status::issued || r.state == status::revoked) && r.serial.empty()) return bad("issued without a serial");
        if (r.state == status::revoked) {
            r.revoked_at = store::parse_time(m->get_or("revoked_at")).value_or(r.updated);
            std::string reason = m->get_or("reason", "0");
            r.reason = reason.size() <= 2 && !reason.empty() && reason.find_first_not_of("0123456789") == std::string::npos
                               ? std::uint8_t(std::stoi(reason))
                               : 0;
        }
        return r;
    }
};

}  // namespace certreq::ca
