// Tests for core/redaction.hpp through diagnostics::format: secret texts and
// source spans are starred in messages and quoted lines, one star per
// character, so the caret stays under the right column.
#include <doctest/doctest.h>

#include <string>

#include "certreq/core/diagnostic.hpp"

using namespace certreq;

TEST_CASE("redaction: a secret text is starred in the message and in the quoted line") {
    source_text s("r.inf", "[NewRequest]\nKeySpec = hunter2x\n");
    diagnostics d(&s);
    d.add_secret("hunter2x");
    d.error({2, 11}, "KeySpec: unknown value \"hunter2x\"");
    CHECK(d.format(d.items()[0]) ==
          "r.inf:2:11: error: KeySpec: unknown value \"********\"\n"
          "    KeySpec = ********\n"
          "              ^\n");
}

TEST_CASE("redaction: spans star source characters that do not spell the whole text") {
    // A password joined from two lines (its key came through [Strings]): each line shows only a fragment.
    source_text s("r.inf", "[NewRequest]\n%pw_key% = \"ab\"\"cd\"  ; c\n_continue_ = \"ef\" junk\n");
    diagnostics d(&s);
    d.add_secret("ab\"cdef");
    d.add_secret_span({2, 13}, 3);   // ab"  (the first piece ends at the doubled quote)
    d.add_secret_span({2, 17}, 2);   // cd
    d.add_secret_span({3, 15}, 2);   // ef
    d.warning({3, 19}, "text after the quote");
    d.warning({1, 1}, "no secret here");
    CHECK(d.format(d.items()[0]) ==
          "r.inf:3:19: warning: text after the quote\n"
          "    _continue_ = \"**\" junk\n"
          "                      ^\n");
    // Spans of one line merge: the "" between the pieces is starred too.
    std::string buf;
    CHECK(d.secrets().mask_line(2, s.line(2), buf) == "%pw_key% = \"******\"  ; c");
    CHECK(d.format(d.items()[1]) == "r.inf:1:1: warning: no secret here\n    [NewRequest]\n    ^\n");
}

TEST_CASE("redaction: multi-byte characters become one star each") {
    source_text s("u.inf", "K = p\xC3\xA4ss X\n");
    diagnostics d(&s);
    d.add_secret("p\xC3\xA4ss");
    d.error({1, 10}, "bad X");
    CHECK(d.format(d.items()[0]) == "u.inf:1:10: error: bad X\n    K = **** X\n             ^\n");
}

TEST_CASE("redaction: a literal ChallengePassword line is starred even when nothing registered it") {
    source_text s("r.inf", "\"challengePASSWORD\" = \"x y\n");
    diagnostics d(&s);
    d.error({1, 1}, "entry before the first [section] header");
    CHECK(d.format(d.items()[0]) ==
          "r.inf:1:1: error: entry before the first [section] header\n"
          "    \"challengePASSWORD\" = ****\n"
          "    ^\n");
}

TEST_CASE("redaction: a literal ChallengePassword line without '=' (forgotten) is starred after the word") {
    std::string buf;
    const redaction none;
    CHECK(none.mask_line(1, "  ChallengePassword  s3 cret", buf) == "  ChallengePassword  *******");
    CHECK(none.mask_line(1, "\"challengepassword\": s3cret", buf) == "\"challengepassword\": ******");
    CHECK(none.mask_line(1, "ChallengePasswordX s3cret", buf) == "ChallengePasswordX s3cret");
    CHECK(none.mask_line(1, "Subject = CN=ChallengePassword", buf) == "Subject = CN=ChallengePassword");
}

TEST_CASE("redaction: a long secret is starred also as quote() shortens it") {
    std::string pw(70, 'q');
    diagnostics d(std::string("cmdline"));
    d.add_secret(pw);
    d.error({}, "got \"" + pw.substr(0, 57) + "...\"");
    CHECK(d.format(d.items()[0]) == "cmdline: error: got \"" + std::string(57, '*') + "...\"\n");
}

TEST_CASE("redaction: append carries the secrets along") {
    source_text s("r.inf", "A = topsecret\n");
    diagnostics first(&s), all(&s);
    first.add_secret_span({1, 5}, 9);
    first.warning({1, 5}, "w");
    all.append(first);
    CHECK(all.format(all.items()[0]) == "r.inf:1:5: warning: w\n    A = *********\n        ^\n");
}

TEST_CASE("redaction: past 64 texts, further passwords are starred by their spans only") {
    diagnostics d(std::string("many.inf"));
    for (int i = 0; i < 65; ++i) d.add_secret("pw-" + std::to_string(1000 + i));
    d.add_secret_span({1, 5}, 7);
    d.error({}, "pw-1063 and pw-1064");  // the 64th is kept, the 65th is not
    CHECK(d.format(d.items()[0]) == "many.inf: error: ******* and pw-1064\n");
    std::string buf;
    CHECK(d.secrets().mask_line(1, "K = pw-1064 ; pw-1064", buf) == "K = ******* ; pw-1064");
}
