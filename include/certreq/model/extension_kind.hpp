// model/extension_kind.hpp: what an entry of the extension registry
// (model/extension_registry.hpp) says about each OID it covers.
//
// A kind is one file, model/extensions/<name>.hpp, with a struct in
// `model::ext` holding:
//   ids[]                 the OIDs it covers, as extension_id rows (below);
//   value                 its model type, when a request can carry it typed
//                         (its DER writer: x509/extensions/<name>.hpp);
//   parse_text(body, what, d)  its `{text}` grammar (spec §4.4), when it has one:
//                         a template on the body (a located_text) and on
//                         text_grammar (model/text_tokens.hpp), whose
//                         diagnostics type `d` is, so a TU that only writes
//                         DER includes no INF or diagnostics header;
//   sections[], lower_section(r)  its INF section form (spec §5.3), when it
//                         has one: the section names and the OID each writes
//                         (section_form rows, below), and a template reading
//                         the section through the reader `r` model/sections.hpp
//                         passes (entries, positioned errors, referenced
//                         sections), so the kind needs no INF header either;
//                         Critical= is read for it;
//   asn1_type, dump(r)    its reader for -dump: the pkix type libtasn1 decodes
//                         and a template that turns the decoded value into
//                         fields through the reader `r` verbs/dump_x509.hpp
//                         passes, so this layer needs no libtasn1.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace certreq::model {

struct text_grammar;  // model/text_tokens.hpp

// local_ca: what the local CA (ca/issue.hpp) does with the extension in a request.
enum class local_ca {
    drops,   // left out and named in the disposition message
    copies,  // copied into the certificate
    writes,  // never taken from a request: the CA writes its own
};

struct extension_id {
    std::string_view oid;             // an oids:: constant's dotted()
    std::string_view text_name = {};  // the `{text}` grammar's name in messages; empty: no {text} form
    local_ca ca = local_ca::drops;
    int order = 2;                    // certreq's writing group (model/extension_order.hpp)
    int defaulted_order = -1;         // the group when added because the INF was silent (-1: order)
};

// section_form: an INF section that writes the extension (e.g.
// [ApplicationPolicyStatementExtension] -> 1.3.6.1.4.1.311.21.10).
struct section_form {
    std::string_view name;  // the section's name (matched case-insensitively)
    std::string_view oid;   // the extension it writes: one of the kind's ids
};

// text_result: how a `{text}` grammar ends: nothing when one of its tokens
// failed (each reported its own error), an error at the body's start when the
// list it builds stayed empty (`no_items`, e.g. "SubjectAltName: no names given").
template <class Value, class Body, class Diagnostics>
std::optional<Value> text_result(bool ok, bool empty, Value&& out, const Body& body, std::string no_items, Diagnostics& d) {
    if (!ok) return std::nullopt;
    if (empty) return d.error(body.at(0), std::move(no_items)), std::nullopt;
    return std::optional<Value>(std::move(out));
}

}  // namespace certreq::model
