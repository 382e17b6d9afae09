// Tests for inf/secrets.hpp: the reader registers the challenge password by
// meaning (resolved key, substituted value, joined fragments), so no reader
// diagnostic quotes it, however the INF spelled it.
#include <doctest/doctest.h>

#include <string>

#include "certreq/inf/read.hpp"
#include "helpers.hpp"

using inf_test::read;

namespace {

constexpr std::string_view pw = "Pw-7f3e9c2a";

// printed: every diagnostic as the driver prints it.
std::string printed(const certreq::inf::read_result& r) {
    std::string out;
    for (auto& d : r.diags.items()) out += r.diags.format(d);
    return out;
}

}  // namespace

TEST_CASE("secrets: each route to ChallengePassword, with a diagnostic on the password's line") {
    const std::string p(pw);
    struct route {
        const char* what;
        std::string inf;
    } routes[] = {
        {"key through [Strings]", "[NewRequest]\n%pw_key% = \"" + p + "\n[Strings]\npw_key = ChallengePassword\n"},
        {"value through [Strings]", "[NewRequest]\nChallengePassword = \"%secret%\n[Strings]\nsecret = \"" + p + "\n"},
        {"duplicate [Strings] entry", "[NewRequest]\nChallengePassword = %secret%\n[Strings]\nsecret = " + p + "\nsecret = " + p + "-2\n"},
        {"_continue_ line", "[NewRequest]\nChallengePassword = \"Pw-\"\n_continue_ = \"" + p.substr(3) + "\" \"\n"},
        {"quoted key", "[NewRequest]\n\"ChallengePassword\" = " + p + " \xE2\x80\x9C\n"},
        {"key through [Strings], before any section", "%pw_key% = \"" + p + "\n[NewRequest]\nA=1\n[Strings]\npw_key = ChallengePassword\n"},
    };
    for (auto& r : routes) {
        CAPTURE(r.what);
        auto rd = read(r.inf);
        std::string out = printed(rd);
        CHECK(!out.empty());  // the route did quote the line
        CHECK(out.find("****") != std::string::npos);
        CHECK(out.find(pw.substr(3)) == std::string::npos);
    }
}

TEST_CASE("secrets: a ChallengePassword line with its '=' forgotten") {
    auto rd = read("[NewRequest]\nChallengePassword  \"Pw-7f3e9c2a\"\n");
    REQUIRE(rd.diags.items().empty());
    rd.diags.warning({2, 1}, "[NewRequest]: line without a key ignored: \"ChallengePassword  Pw-7f3e9c2a\"");  // as lowering says it
    CHECK(printed(rd) ==
          "test.inf:2:1: warning: [NewRequest]: line without a key ignored: \"ChallengePassword  ***********\"\n"
          "    ChallengePassword  *************\n"
          "    ^\n");
}

TEST_CASE("secrets: the quoted line keeps its layout, the caret its column") {
    auto rd = read("[NewRequest]\n%pw_key% = \"ab c\n[Strings]\npw_key = CHALLENGEpassword\n");
    REQUIRE(rd.diags.items().size() == 1);
    CHECK(printed(rd) ==
          "test.inf:2:12: warning: missing closing quote; the value runs to the end of the line\n"
          "    %pw_key% = *****\n"   // the open quote too: the line's key resolves to ChallengePassword
          "               ^\n");
}

TEST_CASE("secrets: other keys and other [Strings] stay readable") {
    auto rd = read("[NewRequest]\nChallengePassword = %a%\nSubject = \"CN=%b%\n[Strings]\na = x1\nb = y2\nb = y3\n");
    std::string out = printed(rd);
    CHECK(out.find("Subject = \"CN=%b%") != std::string::npos);
    CHECK(out.find("b = y3") != std::string::npos);
}
