// tests/model/helpers.hpp: small builders for hand-made values and documents.
#pragma once
#include <string>
#include <string_view>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/located_text.hpp"

namespace certreq::model::test {

// at builds a value that starts at line:col of an imaginary file.
inline located_text at(std::string text, std::uint32_t line = 1, std::uint32_t col = 1) {
    return located_text(std::move(text), position{line, col});
}

// only_message returns "line:col: level: message" of the single diagnostic, or a list.
inline std::string messages(const diagnostics& d) {
    std::string r;
    for (auto& x : d.items()) {
        if (!r.empty()) r += "\n";
        r += std::to_string(x.pos.line) + ":" + std::to_string(x.pos.column) + ": " +
             std::string(to_string(x.level)) + ": " + x.message;
    }
    return r;
}

}  // namespace certreq::model::test
