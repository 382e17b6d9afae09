// Shared helpers for the inf tests.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "certreq/inf/read.hpp"

namespace inf_test {

// read reads INF text as test.inf.
inline certreq::inf::read_result read(std::string_view text) { return certreq::inf::read_text(text, "test.inf"); }

// diags lists the diagnostics as "warning 2:11: message".
inline std::vector<std::string> diags(const certreq::inf::read_result& r) {
    std::vector<std::string> out;
    for (auto& d : r.diags.items())
        out.push_back(std::string(certreq::to_string(d.level)) + ' ' + std::to_string(d.pos.line) + ':' +
                      std::to_string(d.pos.column) + ": " + d.message);
    return out;
}

// value returns the value of [section] key, or "<missing>".
inline std::string value(const certreq::inf::read_result& r, std::string_view sec, std::string_view key) {
    auto* s = r.doc.find(sec);
    if (!s) return "<missing section>";
    auto* e = s->find(key);
    return e ? e->value.str() : "<missing>";
}

inline std::vector<std::string> strs(std::initializer_list<const char*> l) { return {l.begin(), l.end()}; }

}  // namespace inf_test
