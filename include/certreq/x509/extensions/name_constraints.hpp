// x509/extensions/name_constraints.hpp (RFC 5280 §4.2.1.10).
//
//   id-ce-nameConstraints OBJECT IDENTIFIER ::=  { id-ce 30 }
//   NameConstraints ::= SEQUENCE {
//        permittedSubtrees       [0]     GeneralSubtrees OPTIONAL,
//        excludedSubtrees        [1]     GeneralSubtrees OPTIONAL }
//   GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
//   GeneralSubtree ::= SEQUENCE {
//        base                    GeneralName,
//        minimum         [0]     BaseDistance DEFAULT 0,   -- always the default: omitted
//        maximum         [1]     BaseDistance OPTIONAL }   -- never written
//
// IMPLICIT TAGS: [0]/[1] replace the SEQUENCE tag (a0 / a1). An empty list is omitted.
#pragma once
#include "certreq/der/constructed.hpp"
#include "certreq/der/tag.hpp"
#include "certreq/model/extensions.hpp"
#include "certreq/x509/general_name.hpp"

namespace certreq::x509 {

template <der::tag_byte Tag>
inline auto general_subtrees(const model::general_names& names) {
    return der::tagged_of<Tag>(names, [](const model::general_name& g) { return der::sequence(general_name_value(g)); });
}

inline auto extension_value_of(const model::name_constraints& v) {
    return der::sequence(der::when(!v.permitted.empty(), general_subtrees<der::tag::context_constructed(0)>(v.permitted)),
                         der::when(!v.excluded.empty(), general_subtrees<der::tag::context_constructed(1)>(v.excluded)));
}

}  // namespace certreq::x509
