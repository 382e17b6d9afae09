// inf/read.ipp: the definitions of inf/read.hpp (included by it in
// header-only mode, by certreq/src.hpp with CERTREQ_SEPARATE_COMPILATION).
#pragma once
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/core/source.hpp"
#include "certreq/inf/continue.hpp"
#include "certreq/inf/document.hpp"
#include "certreq/inf/limits.hpp"
#include "certreq/inf/parse.hpp"
#include "certreq/inf/read.hpp"
#include "certreq/inf/secrets.hpp"
#include "certreq/inf/strings.hpp"
#include "certreq/text/decode.hpp"

namespace certreq::inf {

namespace detail {

inline void check_value_lengths(const std::vector<section>& sections, diagnostics& diags) {
    for (auto& s : sections)
        for (auto& e : s.entries) {
            // A character is at least one byte: short texts need no count.
            if (e.key.size() > limits::max_value_chars && count_chars(e.key.view()) > limits::max_value_chars)
                diags.error(e.key.start(), "key longer than " + std::to_string(limits::max_value_chars) +
                                               " characters after %string% substitution");
            if (e.value.size() > limits::max_value_chars && count_chars(e.value.view()) > limits::max_value_chars)
                diags.error(e.value.start(), "value longer than " + std::to_string(limits::max_value_chars) +
                                                 " characters after %string% substitution");
        }
}

inline read_result too_large(std::string file_name) {
    read_result r;
    r.doc.source = std::make_shared<const source_text>(std::move(file_name), std::string());
    r.diags.set_source(r.doc.source.get());
    r.diags.error({}, "file larger than 16 MiB");
    return r;
}

inline read_result read_source(std::shared_ptr<const source_text> src) {
    read_result r;
    r.doc.source = std::move(src);
    r.diags.set_source(r.doc.source.get());
    const source_text& s = *r.doc.source;
    if (const void* nul = std::memchr(s.text().data(), 0, s.text().size())) {
        std::size_t off = static_cast<std::size_t>(static_cast<const char*>(nul) - s.text().data());
        r.diags.error(s.position_of(off), "NUL character in the file (binary data, or UTF-16 without a BOM?)");
        return r;
    }
    r.doc.sections = parse_source(s, r.diags);
    substitute_strings(r.doc.sections, r.diags);
    check_value_lengths(r.doc.sections, r.diags);   // per line, before _continue_ joins them
    fold_continue(r.doc.sections, r.diags);
    register_secrets(r.doc.sections, s, r.diags);   // before anything prints a line holding the password
    return r;
}

}  // namespace detail

CERTREQ_DECL read_result read_text(std::string_view utf8, std::string file_name) {
    if (utf8.size() >= 3 && utf8.substr(0, 3) == "\xEF\xBB\xBF") utf8.remove_prefix(3);
    if (utf8.size() > limits::max_file_bytes) return detail::too_large(std::move(file_name));
    return detail::read_source(std::make_shared<const source_text>(std::move(file_name), std::string(utf8)));
}

CERTREQ_DECL read_result read(byte_view bytes, std::string file_name) {
    if (bytes.size() > limits::max_file_bytes) return detail::too_large(std::move(file_name));
    text::decoded d = text::decode(bytes);
    auto src = std::make_shared<const source_text>(std::move(file_name), std::move(d.text));
    read_result r = detail::read_source(src);
    if (d.issue) {
        // Decoding problems come first, as they happened first.
        diagnostics all(r.doc.source.get());
        all.add(d.issue->level, r.doc.source->position_of(d.issue->offset), d.issue->message);
        all.append(r.diags);
        r.diags = std::move(all);
    }
    return r;
}

}  // namespace certreq::inf
