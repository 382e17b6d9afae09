// Corpus test: every INF of shared/corpus/inf-wild is read and lowered; each
// file either lowers without error or gives exactly the positioned errors
// listed below, each with the reason the file is invalid.
#include <doctest/doctest.h>

#if __has_include("certreq/inf/read.hpp")
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "certreq/inf/read.hpp"
#include "certreq/model/lower.hpp"

namespace fs = std::filesystem;

namespace {

struct expected_failure {
    const char* file;    // file name prefix (the number)
    const char* errors;  // "line:col: message" per error, '\n'-joined
    const char* reason;  // why the file is invalid
};

// The invalid files of the corpus. Every other file must lower without error.
const expected_failure failures[] = {
    {"018", "27:22: extension 2.5.29.14: bad base64 (not a base64 character)",
     "SubjectKeyIdentifier given as the raw text \"Subject_key_id_AllJoynTest\": not base64 DER"},
    {"025", "5:37: Subject: C (country) must be a 2-letter code, got \"pais\"",
     "MISTAKE: C=pais is not an ISO 3166 two-letter code (X520countryName is PrintableString SIZE(2))"},
    {"029",
     "21:14: KeyUsage (2.5.29.15) has no {text} form: use KeyUsage = in [NewRequest] (e.g. "
     "\"CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_CERT_SIGN_KEY_USAGE\") or a base64/{hex} value",
     "MISTAKE: key usage written as {text} with human-readable names"},
    {"034", "23:25: extension 1.3.6.1.4.1.311.25.2 has no {text} form: give its DER as base64 or {hex}",
     "MISTAKE: invented {text} tag=/oid=/hex= syntax for the SID extension"},
    {"038", "5:41: Subject: expected '=' after \"Ltd\"",
     "inner quotes are INF quotes, removed before CertStrToName, so \"Contoso, Ltd\" splits into an RDN \"Ltd\" without '='"},
    {"055", "14:91: Subject: C (country) must be a 2-letter code, got \"Country\"",
     "placeholder C=Country left in the template"},
};

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// corpus_dir: $CERTREQ_TEST_DATA/corpus/inf-wild (meson test sets it), else tests/data from tests/.
fs::path corpus_dir() {
    const char* data = std::getenv("CERTREQ_TEST_DATA");
    return fs::path(data && *data ? data : "data") / "corpus" / "inf-wild";
}

}  // namespace

TEST_CASE("corpus: every inf-wild file lowers, or fails with its expected positioned errors") {
    fs::path dir = corpus_dir();
    REQUIRE(fs::is_directory(dir));
    std::vector<fs::path> files;
    for (auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".inf") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    CHECK(files.size() >= 40);
    std::size_t failures_seen = 0;
    for (auto& f : files) {
        std::string name = f.filename().string();
        CAPTURE(name);
        std::string text = slurp(f);
        auto r = certreq::inf::read(certreq::as_bytes(text), name);
        REQUIRE_FALSE(r.diags.has_errors());
        auto res = certreq::model::lower(r.doc, r.diags);
        std::string errors;
        for (auto& d : r.diags.items())
            if (d.level == certreq::severity::error)
                errors += (errors.empty() ? "" : "\n") + std::to_string(d.pos.line) + ":" + std::to_string(d.pos.column) +
                          ": " + d.message;
        const expected_failure* want = nullptr;
        for (auto& x : failures)
            if (name.rfind(x.file, 0) == 0) want = &x;
        if (want) {
            ++failures_seen;
            std::string reason = want->reason;
            CAPTURE(reason);
            CHECK_FALSE(res.ok);
            CHECK(errors == std::string(want->errors));
        } else {
            CHECK(res.ok);
            CHECK(errors == "");
        }
    }
    CHECK(failures_seen == std::size(failures));
}

TEST_CASE("corpus: what some files lower to") {
    fs::path dir = corpus_dir();
    REQUIRE(fs::is_directory(dir));
    auto lower_file = [&](const char* prefix) {
        for (auto& e : fs::directory_iterator(dir))
            if (e.path().filename().string().rfind(prefix, 0) == 0) {
                std::string text = slurp(e.path());
                auto r = certreq::inf::read(certreq::as_bytes(text), e.path().filename().string());
                auto res = certreq::model::lower(r.doc, r.diags);
                REQUIRE(res.ok);
                return res.req;
            }
        FAIL("missing corpus file ", prefix);
        return certreq::model::request{};
    };
    using namespace certreq::model;
    // 001: %strings% as extension key and inside the EKU, _continue_ SAN with trailing '&'.
    auto r1 = lower_file("001");
    REQUIRE_FALSE(r1.extensions.empty());
    bool has_san = false;
    for (auto& x : r1.extensions)
        if (x.oid == "2.5.29.17") {
            has_san = true;
            CHECK_FALSE(std::get<alt_name>(x.value).names.empty());
        }
    CHECK(has_san);
    // 037: self-signed, quoted ValidityPeriod, empty basic constraints body = end entity.
    auto r37 = lower_file("037");
    CHECK(r37.type == request_type::cert);
    CHECK(r37.valid.period == validity::unit::years);
    for (auto& x : r37.extensions)
        if (x.oid == "2.5.29.19") CHECK_FALSE(std::get<basic_constraints>(x.value).ca);
    // 039: Subject = "" is an empty name.
    CHECK(lower_file("039").subject.empty());
}
#else
TEST_CASE("corpus: skipped until inf/read.hpp exists") { MESSAGE("inf/read.hpp not present: corpus lowering not tested"); }
#endif
