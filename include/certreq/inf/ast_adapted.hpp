// inf/ast_adapted.hpp: Boost.Fusion adaptations so X3 sequences fill the AST
// structs member by member (`where` is not a member here: the annotation
// handler sets it).
#pragma once
#include <boost/fusion/include/adapt_struct.hpp>

#include "certreq/inf/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(certreq::inf::ast::part, text, kind)
BOOST_FUSION_ADAPT_STRUCT(certreq::inf::ast::section_header, name, trailing, closed)
BOOST_FUSION_ADAPT_STRUCT(certreq::inf::ast::statement, kind, header, parts)
