// inf/read.hpp: the INF reader's entry points. Bytes -> text (decode.hpp)
// -> sections and entries (parse.hpp) -> %string% substitution (strings.hpp)
// -> _continue_ folding (continue.hpp) -> document; then the challenge
// password is registered as secret with the diagnostics (secrets.hpp).
// Problems are reported in `diags`, bound to the document's source; nothing
// throws on bad input. Defined in inf/read.ipp (core/config.hpp: with
// CERTREQ_SEPARATE_COMPILATION, a TU that reads INF text parses no Spirit).
#pragma once
#include <string>
#include <string_view>

#include "certreq/core/bytes.hpp"
#include "certreq/core/config.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/inf/document.hpp"

namespace certreq::inf {

// read_result owns the document and its diagnostics. `diags` points at
// `*doc.source`, which is heap-held, so moving the result keeps it valid.
struct read_result {
    document doc;
    diagnostics diags;
};

// read_text reads UTF-8 text (a leading BOM is skipped); `file_name` is the
// name diagnostics print.
CERTREQ_DECL read_result read_text(std::string_view utf8, std::string file_name);

// read decodes `bytes` (UTF-8 with or without BOM, UTF-16 with BOM,
// Windows-1252) and reads the INF text.
CERTREQ_DECL read_result read(byte_view bytes, std::string file_name);

}  // namespace certreq::inf

#if defined(CERTREQ_HEADER_ONLY)
#include "certreq/inf/read.ipp"
#endif
