// model/attrib_option.hpp: certreq's `-attrib "Name:Value\nName2:Value2"`
// (parts split at newlines and at a literal `\n`; several -attrib options are
// joined with `\n` by the driver). A part whose name is ChallengePassword is a
// secret: its value is registered with the diagnostics before anything can
// quote it, also when it is mistyped `ChallengePassword=value`, which is an
// error (a name/value pair needs ':').
#pragma once
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/ascii.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/model/request.hpp"
#include "certreq/model/values.hpp"

namespace certreq::model {

// split_attrib_option returns the non-empty parts of an -attrib string, trimmed.
inline std::vector<std::string_view> split_attrib_option(std::string_view s) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i <= s.size()) {
        std::size_t nl = s.find('\n', i);
        std::size_t lit = s.find("\\n", i);
        std::size_t end = std::min(nl, lit);
        std::size_t skip = end == lit && lit != std::string_view::npos ? 2 : 1;
        if (end == std::string_view::npos) end = s.size();
        auto [b, e] = trim_offsets(s, i, end);
        if (b < e) parts.push_back(s.substr(b, e - b));
        if (end == s.size()) break;
        i = end + skip;
    }
    return parts;
}

// attrib_challenge: how a part names the challenge password.
enum class attrib_challenge { no, colon, equals_typo };

// challenge_in_part says whether `part`'s name (before the first ':' or '=')
// is ChallengePassword, and with which separator; `value` is then the rest, trimmed.
inline attrib_challenge challenge_in_part(std::string_view part, std::string_view& value) {
    std::size_t sep = part.find_first_of(":=");
    if (sep == std::string_view::npos) return attrib_challenge::no;
    auto [nb, ne] = trim_offsets(part, 0, sep);
    if (!iequals(part.substr(nb, ne - nb), "ChallengePassword")) return attrib_challenge::no;
    auto [vb, ve] = trim_offsets(part, sep + 1);
    value = part.substr(vb, ve - vb);
    return part[sep] == ':' ? attrib_challenge::colon : attrib_challenge::equals_typo;
}

// The error for `ChallengePassword=value` (the value never appears in it).
inline constexpr std::string_view challenge_typo_message =
    "-attrib: ChallengePassword needs ':' between name and value (ChallengePassword:value)";

// parse_attrib_option turns -attrib into name/value pairs. Positions are
// unknown (command line); a part without ':' is an error.
inline std::vector<name_value> parse_attrib_option(std::string_view s, diagnostics& d) {
    std::vector<name_value> out;
    for (std::string_view part : split_attrib_option(s)) {
        std::string_view secret;
        attrib_challenge c = challenge_in_part(part, secret);
        if (c != attrib_challenge::no) d.add_secret(secret);
        if (c == attrib_challenge::equals_typo) {
            d.error(position{}, std::string(challenge_typo_message) + ", got " + quote(part));
            continue;
        }
        std::size_t colon = part.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            d.error(position{}, "-attrib: expected Name:Value, got " + quote(part));
            continue;
        }
        auto [nb, ne] = trim_offsets(part, 0, colon);
        auto [vb, ve] = trim_offsets(part, colon + 1);
        out.push_back({std::string(part.substr(nb, ne - nb)), std::string(part.substr(vb, ve - vb)), {}});
    }
    return out;
}

}  // namespace certreq::model
