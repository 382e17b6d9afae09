// verbs/report.hpp and the small pieces every run_* function uses: the
// report keeps what a verb says in order, on its channel, and how it ended;
// times print as certreq prints them; SOURCE_DATE_EPOCH fixes the clock.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/source.hpp"
#include "certreq/verbs/output_plan.hpp"
#include "certreq/verbs/report.hpp"
#include "certreq/verbs/run_clock.hpp"
#include "certreq/verbs/windows_time.hpp"

using namespace certreq;

TEST_CASE("report: lines in order, each on its channel; a failure carries its HRESULT") {
    verbs::report r;
    r.out("RequestId: ", std::string("7"), "\n").err("certreq: warning: ", std::string_view("w"), "\n").out("done\n");
    REQUIRE(r.lines.size() == 3);
    CHECK(r.lines[0].to == verbs::channel::results);
    CHECK(r.lines[1].to == verbs::channel::messages);
    CHECK(r.lines[2].text == "done\n");
    CHECK(r.results() == "RequestId: 7\ndone\n");
    CHECK(r.messages() == "certreq: warning: w\n");
    CHECK(r.ok());
    CHECK(r.disposition == 0);

    r.fail("cannot open x.inf: No such file or directory", core::hr::file_not_found);
    CHECK_FALSE(r.ok());
    REQUIRE(r.failed);
    CHECK(*r.failed == core::hr::file_not_found);
    CHECK(r.messages() == "certreq: warning: w\ncertreq: cannot open x.inf: No such file or directory\n");
}

TEST_CASE("report: failed_with adds no line; usage_error says the usage and is not a failure") {
    verbs::report a;
    a.err("certreq -sign: no -cert given\n").failed_with(core::hr::crypt_not_found);
    CHECK(a.messages() == "certreq -sign: no -cert given\n");
    CHECK(*a.failed == core::hr::crypt_not_found);

    verbs::report u;
    u.usage_error("certreq -ca init | list\n");
    CHECK(u.usage);
    CHECK_FALSE(u.failed);
    CHECK_FALSE(u.ok());
    CHECK(u.messages() == "certreq -ca init | list\n");
}

TEST_CASE("report: show renders diagnostics as print would, from the level asked; fail_diags takes the first error's code") {
    source_text src("bad.inf", "[NewRequest]\nKeyLength = banana\n");
    diagnostics d(&src);
    d.note({2, 1}, "a note");
    d.warning({2, 1}, "a warning");
    d.error({2, 13}, "KeyLength: expected a number, got \"banana\"", core::hr::crypt_invalid_x500_string);
    d.error({2, 1}, "second");

    verbs::report r;
    r.show(d, severity::warning);
    std::string expected = d.format(d.items()[1]) + d.format(d.items()[2]) + d.format(d.items()[3]);
    CHECK(r.messages() == expected);
    CHECK(r.messages().find("bad.inf:2:13: error: KeyLength: expected a number, got \"banana\"\n"
                            "    KeyLength = banana\n"
                            "                ^\n") != std::string::npos);
    CHECK(r.messages().find("a note") == std::string::npos);
    r.fail_diags(d);
    CHECK(*r.failed == core::hr::crypt_invalid_x500_string);

    diagnostics plain("x.inf");
    plain.error({}, "no code");
    verbs::report p;
    p.show(plain, severity::note).fail_diags(plain);
    CHECK(p.messages() == "x.inf: error: no code\n");
    CHECK(*p.failed == core::hr::invalid_data);

    verbs::report none;
    none.show(diagnostics("quiet.inf"), severity::note);
    CHECK(none.lines.empty());  // nothing to say: no empty line
}

TEST_CASE("windows_time prints NotBefore/NotAfter as certreq does (UTC, 12-hour clock)") {
    CHECK(verbs::windows_time(0) == "1/1/1970 12:00 AM");
    CHECK(verbs::windows_time(1700000000) == "11/14/2023 10:13 PM");
    CHECK(verbs::windows_time(1700000000 - 22 * 3600) == "11/14/2023 12:13 AM");
    CHECK(verbs::windows_time(1700000000 - 10 * 3600) == "11/14/2023 12:13 PM");
}

TEST_CASE("clock_now: SOURCE_DATE_EPOCH fixes the time; a bad value is the verb's problem") {
    ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    auto c = verbs::clock_now();
    CHECK(c.fixed);
    CHECK(c.now == 1700000000);
    CHECK(c.problem.empty());
    ::setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
    c = verbs::clock_now();
    CHECK_FALSE(c.fixed);
    CHECK(c.problem == "SOURCE_DATE_EPOCH is not a number of seconds: \"yesterday\"");
    CHECK(c.now > 1700000000);
    ::unsetenv("SOURCE_DATE_EPOCH");
    c = verbs::clock_now();
    CHECK_FALSE(c.fixed);
    CHECK(c.problem.empty());
}

TEST_CASE("writes_stdout: only the argument `-` is standard output") {
    CHECK(verbs::writes_stdout({"a.cer", "-"}));
    CHECK_FALSE(verbs::writes_stdout({"a.cer", "./-", "--"}));
    CHECK_FALSE(verbs::writes_stdout({}));
}
