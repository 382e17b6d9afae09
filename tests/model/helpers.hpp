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

#include <memory>

#include "certreq/inf/document.hpp"

namespace certreq::model::test {

// mini_inf builds a document from simple INF text (one `[Section]` or
// `key = value` per line, `;` comments, one optional outer pair of quotes
// with "" inside). A stand-in for inf::read_text in unit tests of the
// lowering; no %strings% and no _continue_ joining.
inline inf::document mini_inf(std::string text) {
    inf::document doc;
    doc.source = std::make_shared<source_text>("t.inf", text);
    std::uint32_t line_no = 0;
    std::size_t i = 0;
    while (i <= text.size()) {
        std::size_t nl = text.find('\n', i);
        if (nl == std::string::npos) nl = text.size();
        std::string_view line = std::string_view(text).substr(i, nl - i);
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        // strip comment outside quotes
        bool q = false;
        for (std::size_t k = 0; k < line.size(); ++k) {
            if (line[k] == '"') q = !q;
            if (line[k] == ';' && !q) {
                line = line.substr(0, k);
                break;
            }
        }
        std::size_t b = line.find_first_not_of(" \t");
        if (b != std::string_view::npos) {
            std::size_t e = line.find_last_not_of(" \t") + 1;
            auto col = [&](std::size_t k) { return std::uint32_t(k + 1); };
            if (line[b] == '[') {
                std::size_t close = line.find(']', b);
                std::string name(line.substr(b + 1, close - b - 1));
                inf::section* s = nullptr;
                for (auto& x : doc.sections)
                    if (inf::iequals(x.name, name)) s = &x;
                if (!s) {
                    doc.sections.push_back({name, {line_no, col(b)}, {}});
                }
            } else if (!doc.sections.empty()) {
                // the section entries go to the last header seen (merged by name)
                inf::section* s = &doc.sections.back();
                inf::entry en;
                en.pos = {line_no, col(b)};
                std::size_t eq = line.find('=', b);
                if (line[b] == '"') eq = std::string_view::npos;
                std::size_t vb = b;
                if (eq != std::string_view::npos) {
                    std::size_t ke = line.find_last_not_of(" \t", eq - 1) + 1;
                    en.key = located_text(std::string(line.substr(b, ke - b)), {line_no, col(b)});
                    vb = line.find_first_not_of(" \t", eq + 1);
                    if (vb == std::string_view::npos || vb > e) vb = e;
                } else {
                    en.has_key = false;
                }
                std::string v(line.substr(vb, e - vb));
                std::uint32_t vcol = col(vb);
                if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
                    std::string u;
                    for (std::size_t k = 1; k + 1 < v.size(); ++k) {
                        u.push_back(v[k]);
                        if (v[k] == '"' && v[k + 1] == '"') ++k;
                    }
                    v = u;
                    ++vcol;
                    en.quoted = true;
                }
                en.value = located_text(v, {line_no, vcol});
                s->entries.push_back(std::move(en));
            }
        }
        if (nl == text.size()) break;
        i = nl + 1;
    }
    return doc;
}

}  // namespace certreq::model::test
