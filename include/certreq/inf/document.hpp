// inf/document.hpp: the result of reading an INF file. Plain data with
// positions; sections and keys are looked up case-insensitively. Produced by
// inf/read.hpp, consumed by model/lower.hpp.
//
// Before the document is handed out, the reader has already:
//   - decoded the bytes to UTF-8 (text/decode.hpp),
//   - removed comments and INF quoting ("" -> "), keeping what was quoted,
//   - substituted %name% from [Strings] in keys and values (%% -> %),
//   - joined `_continue_` lines onto the value they continue (fragments kept).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "certreq/core/ascii.hpp"
#include "certreq/core/located_text.hpp"
#include "certreq/core/position.hpp"
#include "certreq/core/source.hpp"

namespace certreq::inf {

// iequals compares ASCII case-insensitively (INF names are case-insensitive).
using certreq::iequals;

// entry is one `key = value` line (or a value-only line: has_key == false).
struct entry {
    located_text key;        // original spelling, after %substitution%; empty if !has_key
    located_text value;      // unquoted, substituted, _continue_ fragments joined
    bool has_key = true;
    bool quoted = false;     // some part of the value was written in quotes
    position pos{};          // start of the line's first token
    // Byte offsets in `value` where each joined _continue_ fragment starts
    // (empty when the value had no continuation lines).
    std::vector<std::size_t> fragment_starts;
};

struct section {
    std::string name;        // spelling of the first header seen
    position pos{};          // that header's position
    std::vector<entry> entries;   // duplicates of the section merged in order

    // find returns the first entry whose key matches (case-insensitive), or nullptr.
    const entry* find(std::string_view key) const noexcept {
        for (auto& e : entries)
            if (e.has_key && iequals(e.key.view(), key)) return &e;
        return nullptr;
    }
    // find_all returns every entry with that key, in file order (e.g. OID= lists).
    std::vector<const entry*> find_all(std::string_view key) const {
        std::vector<const entry*> r;
        for (auto& e : entries)
            if (e.has_key && iequals(e.key.view(), key)) r.push_back(&e);
        return r;
    }
};

struct document {
    // The decoded text; diagnostics point into it. Heap-held so the address is
    // stable when the document moves.
    std::shared_ptr<const source_text> source;
    std::vector<section> sections;   // in order of first appearance

    const section* find(std::string_view name) const noexcept {
        for (auto& s : sections)
            if (iequals(s.name, name)) return &s;
        return nullptr;
    }
};

}  // namespace certreq::inf
