// ca/settings_file.hpp: ca.conf, the settings a CA was created with, so that
// issuing never re-reads the CAPolicy.inf. store/metadata.hpp format:
//
//   hash=sha256            pss=false             clock_skew_minutes=10
//   issued_period=years    issued_units=1        pend_all=false
//   crl_period=weeks       crl_units=1
//   cdp.1=http://...       aia.1=http://...      (numbered, in order)
//
// The CA's name, key and path length live in ca.cer / ca.key, not here.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "certreq/ca/policy.hpp"
#include "certreq/os/error.hpp"
#include "certreq/store/metadata.hpp"

namespace certreq::ca {

namespace detail {

inline constexpr std::string_view unit_names[] = {"seconds", "minutes", "hours", "days", "weeks", "months", "years"};
inline constexpr std::string_view hash_names[] = {"sha1", "sha256", "sha384", "sha512"};

template <class Enum, std::size_t N>
inline bool enum_from(std::string_view text, const std::string_view (&names)[N], Enum& out) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == text) return out = Enum(i), true;
    return false;
}

inline bool number_from(std::string_view s, std::uint32_t& out) {
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string_view::npos) return false;
    out = std::uint32_t(std::stoul(std::string(s)));
    return true;
}

}  // namespace detail

inline std::string write_settings(const settings& s) {
    store::metadata m;
    m.set("hash", detail::hash_names[std::size_t(s.hash)]);
    m.set("pss", s.pss ? "true" : "false");
    m.set("clock_skew_minutes", std::to_string(s.clock_skew_minutes));
    m.set("pend_all", s.pend_all ? "true" : "false");
    m.set("issued_period", detail::unit_names[std::size_t(s.issued_lifetime.unit)]);
    m.set("issued_units", std::to_string(s.issued_lifetime.units));
    m.set("crl_period", detail::unit_names[std::size_t(s.crl_period.unit)]);
    m.set("crl_units", std::to_string(s.crl_period.units));
    for (std::size_t i = 0; i < s.cdp_urls.size(); ++i) m.set("cdp." + std::to_string(i + 1), s.cdp_urls[i]);
    for (std::size_t i = 0; i < s.aia_urls.size(); ++i) m.set("aia." + std::to_string(i + 1), s.aia_urls[i]);
    return m.serialize();
}

// read_settings parses ca.conf; every field must be present and valid.
inline os::result<settings> read_settings(std::string_view text) {
    auto m = store::metadata::parse(text);
    if (!m) return m.err();
    settings s;
    auto bad = [](std::string field) { return core::failed("bad or missing " + field); };
    if (!detail::enum_from(m->get_or("hash"), detail::hash_names, s.hash)) return bad("hash");
    s.pss = m->get_or("pss") == "true";
    s.pend_all = m->get_or("pend_all") == "true";
    if (!detail::number_from(m->get_or("clock_skew_minutes"), s.clock_skew_minutes)) return bad("clock_skew_minutes");
    if (!detail::enum_from(m->get_or("issued_period"), detail::unit_names, s.issued_lifetime.unit)) return bad("issued_period");
    if (!detail::number_from(m->get_or("issued_units"), s.issued_lifetime.units)) return bad("issued_units");
    if (!detail::enum_from(m->get_or("crl_period"), detail::unit_names, s.crl_period.unit)) return bad("crl_period");
    if (!detail::number_from(m->get_or("crl_units"), s.crl_period.units)) return bad("crl_units");
    for (std::size_t i = 1;; ++i) {
        auto v = m->get("cdp." + std::to_string(i));
        if (!v) break;
        s.cdp_urls.push_back(*v);
    }
    for (std::size_t i = 1;; ++i) {
        auto v = m->get("aia." + std::to_string(i));
        if (!v) break;
        s.aia_urls.push_back(*v);
    }
    return s;
}

}  // namespace certreq::ca
