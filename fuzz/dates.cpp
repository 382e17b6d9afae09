// fuzz/dates.cpp: arbitrary text through the NotBefore/NotAfter date parser
// and the ValidityPeriod unit parser (model/dates.hpp), then the validity
// window (verbs/validity.hpp) and its DER Time (der/time.hpp). Byte 0 picks
// the unit count and whether the text is a date or a unit.
// Checks: a value comes back exactly when no error was reported, diagnostics
// point inside the text, a date is in 1601-9999 and its Time reads back as the
// same civil date and time.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/values.hpp"
#include "certreq/der/time.hpp"
#include "certreq/der/writer.hpp"
#include "certreq/model/dates.hpp"
#include "certreq/verbs/validity.hpp"
#include "text_input.hpp"

namespace {
// civil_text: `YYYY-MM-DD HH:MM:SS UTC`, as asn1::time_text prints a Time.
std::string civil_text(std::int64_t t) {
    auto c = certreq::der::to_civil(t);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02u:%02u:%02u UTC", static_cast<long long>(c.year), c.month, c.day,
                  c.hour, c.minute, c.second);
    return buf;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using certreq::fuzz::expect;
    if (size < 1 || size > certreq::fuzz::max_input) return 0;
    auto text = certreq::fuzz::text_of(data + 1, size - 1);
    certreq::diagnostics d;
    certreq::model::validity v;
    v.period_units = data[0] & 0x7f;
    if (data[0] & 0x80) {
        auto u = certreq::model::parse_validity_unit(text, d);
        certreq::fuzz::check_diagnostics(d, text, u.has_value());
        if (!u) return 0;
        v.period = *u;
        v.period_given = true;
        v.not_before = 0;
    } else {
        auto t = certreq::model::parse_date(text, "NotBefore", d);
        certreq::fuzz::check_diagnostics(d, text, t.has_value());
        if (!t) return 0;
        expect(*t >= certreq::core::days_from_civil(1601, 1, 1) * 86400 &&
                   *t < certreq::core::days_from_civil(10000, 1, 1) * 86400,
               "dates are in 1601-9999");
        v.not_before = *t;
    }
    auto w = certreq::verbs::certificate_validity(v, 1700000000);
    expect(w.not_after >= w.not_before, "NotAfter not before NotBefore");
    for (std::int64_t t : {w.not_before, w.not_after}) {
        if (t < certreq::der::min_time || t > certreq::der::max_time) continue;
        auto der = certreq::der::encode(certreq::der::time(t));
        expect(der.has_value(), "a Time encodes");
        auto tlv = certreq::asn1::parse_one(*der);
        expect(tlv.has_value(), "the Time is one DER element");
        expect(certreq::asn1::time_text(*tlv) == civil_text(t), "the Time reads back as the same instant");
    }
    return 0;
}
