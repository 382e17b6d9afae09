// Golden test: every INF file of shared/corpus reads without error, and its
// normalised dump (inf/dump.hpp) matches tests/inf/golden/<dir>/<name>.txt.
// CERTREQ_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "certreq/inf/dump.hpp"
#include "certreq/inf/read.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

fs::path env_path(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v && *v ? fs::path(v) : fs::path(fallback);
}

}  // namespace

TEST_CASE("corpus: every file reads without error and matches its golden dump") {
    fs::path corpus = env_path("CERTREQ_TEST_DATA", "data") / "corpus";
    fs::path golden = env_path("CERTREQ_SOURCE_ROOT", "..") / "tests" / "inf" / "golden";
    REQUIRE(fs::is_directory(corpus));
    bool update = std::getenv("CERTREQ_UPDATE_GOLDEN") && std::string(std::getenv("CERTREQ_UPDATE_GOLDEN")) == "1";

    std::vector<fs::path> files;
    for (auto& e : fs::recursive_directory_iterator(corpus))
        if (e.is_regular_file() && e.path().extension() == ".inf") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    CHECK(files.size() >= 50);

    for (auto& f : files) {
        fs::path rel = fs::relative(f, corpus);
        CAPTURE(rel.string());
        std::string bytes = slurp(f);
        auto r = certreq::inf::read(certreq::as_bytes(bytes), rel.generic_string());
        CHECK_FALSE(r.diags.has_errors());
        std::string got = certreq::inf::dump(r.doc, r.diags);
        fs::path g = golden / rel.parent_path() / (rel.stem().string() + ".txt");
        if (update) {
            fs::create_directories(g.parent_path());
            std::ofstream(g, std::ios::binary) << got;
            continue;
        }
        REQUIRE_MESSAGE(fs::exists(g), "missing golden file (run with CERTREQ_UPDATE_GOLDEN=1)");
        CHECK(got == slurp(g));
    }
}

TEST_CASE("dump: format, flags and escaping") {
    auto r = certreq::inf::read_text("[E]\n2.5.29.17 = \"{text}a=1\"\n_continue_ = b=\x01\nv\n", "d.inf");
    CHECK(certreq::inf::dump(r.doc, r.diags) ==
          "[E] @1:1\n"
          "  2:1 2.5.29.17 = {text}a=1&b=\\x01  (quoted; fragments 10)\n"
          "  4:1 (no key) v\n");
    auto w = certreq::inf::read_text("[E]\nk=\"x\n", "w.inf");
    CHECK(certreq::inf::dump(w.doc, w.diags) ==
          "[E] @1:1\n"
          "  2:1 k = x  (quoted)\n"
          "warning 2:3: missing closing quote; the value runs to the end of the line\n");
}
