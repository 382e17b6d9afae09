// fuzz/text_input.hpp: what the text-grammar fuzz targets share: the fuzz
// bytes as a located_text on line 1, and a check that every diagnostic points
// inside that text and that failure and errors go together.
#pragma once
#include <cstddef>
#include <string>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"
#include "fuzz_target.hpp"

namespace certreq::fuzz {

inline located_text text_of(const std::uint8_t* data, std::size_t size) {
    return located_text(std::string(reinterpret_cast<const char*>(data), size), position{1, 1});
}

// check_diagnostics: each message non-empty, on line 1, at most one column past the text.
inline void check_diagnostics(const diagnostics& d, const located_text& text, bool ok) {
    expect(ok != d.has_errors(), "a value is returned exactly when no error was reported");
    for (auto& item : d.items()) {
        expect(!item.message.empty(), "diagnostic has a message");
        expect(item.pos.line == 1, "diagnostic on the value's line");
        expect(item.pos.column >= 1 && item.pos.column <= text.size() + 1, "diagnostic column inside the value");
        expect(!d.format(item).empty(), "diagnostic formats");
    }
}

}  // namespace certreq::fuzz
