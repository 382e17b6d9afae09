// asn1/definitions.hpp: the libtasn1 definition trees of grammars/*.asn,
// built once from the embedded tables (asn1/*_tab.hpp) and shared read-only.
#pragma once
#include <libtasn1.h>

#include "certreq/asn1/cmp_tab.hpp"
#include "certreq/asn1/cms_tab.hpp"
#include "certreq/asn1/pkix_tab.hpp"

namespace certreq::asn1 {

// module names the grammar a type comes from.
enum class module { pkix, cms, cmp };

// module_prefix is the ASN.1 module name asn1_create_element wants before the type.
inline constexpr const char* module_prefix(module m) noexcept {
    switch (m) {
        case module::pkix: return "CertreqPKIX.";
        case module::cms: return "CertreqCMS.";
        case module::cmp: return "CertreqCMP.";
    }
    return "";
}

namespace detail {
// definition_tree owns one parsed tree for the life of the program.
struct definition_tree {
    asn1_node root = nullptr;
    explicit definition_tree(const asn1_static_node* table) {
        char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
        if (asn1_array2tree(table, &root, err) != ASN1_SUCCESS) root = nullptr;
    }
    ~definition_tree() {
        if (root) asn1_delete_structure(&root);
    }
    definition_tree(const definition_tree&) = delete;
    definition_tree& operator=(const definition_tree&) = delete;
};
}  // namespace detail

// definitions returns the tree of a module (built on first use, thread-safe);
// nullptr only if a checked-in table were broken, which tests/asn1 rules out.
inline asn1_node definitions(module m) {
    static const detail::definition_tree pkix_tree(tab::pkix);
    static const detail::definition_tree cms_tree(tab::cms);
    static const detail::definition_tree cmp_tree(tab::cmp);
    switch (m) {
        case module::pkix: return pkix_tree.root;
        case module::cms: return cms_tree.root;
        case module::cmp: return cmp_tree.root;
    }
    return nullptr;
}

}  // namespace certreq::asn1
