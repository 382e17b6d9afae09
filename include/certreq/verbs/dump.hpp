// verbs/dump.hpp: the library side of `certreq -dump FILE` (our addition, in
// the spirit of `certutil -dump`): reads any request, certificate, CRL,
// PKCS#7/CMS, CMC, SCEP or CMP message in DER, PEM or bare base64 and prints it
// readably, or as JSON with the same fields (`-json`).
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "certreq/asn1/cms_views.hpp"
#include "certreq/asn1/identify.hpp"
#include "certreq/asn1/tlv.hpp"
#include "certreq/asn1/views.hpp"
#include "certreq/core/bytes.hpp"
#include "certreq/core/diagnostic.hpp"
#include "certreq/pem/detect.hpp"
#include "certreq/verbs/dump_cmp.hpp"
#include "certreq/verbs/dump_cms.hpp"
#include "certreq/verbs/dump_tree.hpp"
#include "certreq/verbs/dump_verify.hpp"
#include "certreq/verbs/dump_x509.hpp"

namespace certreq::verbs {

// dump_options: `json` selects JSON output; `verify` checks signatures and
// `digest` hashes CMS content (the driver passes mbed_verifier() and
// mbed::hash; without them signatures show "not checked (no verifier)").
struct dump_options {
    bool json = false;
    verify_fn verify;
    digest_fn digest;  // with it, CMS messageDigest attributes are checked against the content
    bool show_secrets = false;  // challenge passwords in clear (the driver's -v); else "(hidden; -v shows it)"
};

// dump_tree_of builds the dump of a file's bytes; errors (with byte offsets)
// go to `diags`. Returns the tree, possibly partial.
inline dump_node dump_tree_of(byte_view file_bytes, const std::string& file_name, const dump_options& opt,
                              diagnostics& diags) {
    dump_node root = dump_node::object();
    root.add("file", file_name);
    pem::decoded_input in = pem::detect_and_decode(file_bytes);
    if (!in) {
        diags.error_at_offset(in.error->offset, in.error->message);
        return root;
    }
    std::string enc(pem::to_string(in.enc));
    if (!in.label.empty()) enc += " \"" + in.label + "\"";
    if (in.utf16) enc += ", UTF-16LE";
    root.add("encoding", enc);
    if (in.blocks > 1) root.add("note", "only the first of " + std::to_string(in.blocks) + " PEM blocks is shown");

    // Offsets below are into the DER (for PEM/base64 input, the decoded bytes).
    if (auto bad = asn1::validate_der(in.der)) {
        diags.error_at_offset(bad->offset, (in.enc == pem::encoding::der ? "" : "decoded DER: ") + bad->message);
        return root;
    }
    auto top = asn1::parse_one(in.der);
    dump_context ctx{&opt.verify, &diags, false, 0, &opt.digest, opt.show_secrets};
    switch (asn1::identify(in.der)) {
        case asn1::content_kind::request: root.add("content", request(*top, ctx)); break;
        case asn1::content_kind::certificate: root.add("content", certificate(*top, ctx)); break;
        case asn1::content_kind::crl: root.add("content", crl(*top, ctx)); break;
        case asn1::content_kind::cmp: root.add("content", cmp_message(*top, ctx)); break;
        case asn1::content_kind::private_key: root.add("content", private_key(*top, ctx)); break;
        case asn1::content_kind::pkcs7:
        case asn1::content_kind::cmc_request:
        case asn1::content_kind::cmc_response:
        case asn1::content_kind::scep:
        case asn1::content_kind::enveloped: root.add("content", content_info(*top, ctx)); break;
        case asn1::content_kind::unknown: {
            // Say why the closest type did not match: ContentInfo if it starts with an OID.
            asn1::reader r(top->content);
            core::error e;
            auto first = r.next(&e);
            bool cms = first && first->is_universal(asn1::utag::oid);
            auto failure = [](const auto& r) { return r ? std::optional<core::error>() : std::optional<core::error>(r.err()); };
            auto res = cms ? failure(asn1::read_content_info(in.der)) : failure(asn1::read_csr(in.der));
            std::string why = res ? ": " + res->text() : "";
            diags.error_at_offset(res ? res->offset : 0, "not a certificate, request, CRL, CMS or CMP message" + why);
            root.add("content", "unknown");
            break;
        }
    }
    return root;
}

// dump appends the dump of `file_bytes` to `out`. Returns 0, or 1 if the file
// (or a part of it) could not be decoded; the errors are in `diags`.
inline int dump(byte_view file_bytes, std::string file_name, dump_options opt, std::string& out, diagnostics& diags) {
    std::size_t errors_before = diags.count(severity::error);
    dump_node root = dump_tree_of(file_bytes, file_name, opt, diags);
    if (opt.json) render_json(out, root);
    else render_text(out, root);
    return diags.count(severity::error) > errors_before ? 1 : 0;
}

// dump to a stream: the same text.
inline int dump(byte_view file_bytes, std::string file_name, dump_options opt, std::ostream& out, diagnostics& diags) {
    std::string text;
    int rc = dump(file_bytes, std::move(file_name), std::move(opt), text, diags);
    out << text;
    return rc;
}

}  // namespace certreq::verbs
