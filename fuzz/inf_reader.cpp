// fuzz/inf_reader.cpp: any bytes through the INF reader (decode, X3 grammar,
// [Strings], _continue_), then every diagnostic through the printer. Checks
// that diagnostics point inside the text and that each value's positions are
// on a real line.
#include <cstddef>
#include <cstdint>
#include <string>

#include "certreq/inf/dump.hpp"
#include "certreq/inf/read.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using certreq::fuzz::expect;
    if (size > certreq::fuzz::max_input) return 0;
    auto r = certreq::inf::read(certreq::byte_view(data, size), "fuzz.inf");
    expect(r.doc.source != nullptr, "document has a source");
    expect(r.diags.source() == r.doc.source.get(), "diagnostics bound to the source");
    const auto lines = r.doc.source->line_count();
    std::size_t printed = 0;
    for (auto& d : r.diags.items()) {
        expect(d.pos.line <= lines, "diagnostic line inside the text");
        printed += r.diags.format(d).size();
    }
    for (auto& s : r.doc.sections)
        for (auto& e : s.entries) {
            expect(e.pos.known() && e.pos.line <= lines, "entry position inside the text");
            // located_text::at scans the pieces: sample the first bytes only.
            for (std::size_t i = 0; i <= e.value.size() && i < 64; ++i) {
                auto p = e.value.at(i);
                expect(p.line <= lines, "value position inside the text");
            }
            std::size_t prev = 0;
            for (auto f : e.fragment_starts) {
                expect(f >= prev && f <= e.value.size(), "fragment starts ordered and inside the value");
                prev = f;
            }
        }
    printed += certreq::inf::dump(r.doc, r.diags).size();
    expect(printed > 0 || (r.doc.sections.empty() && r.diags.empty()), "something printed");
    return 0;
}
