// inf/ast_adapted.hpp: Boost.Fusion adaptations so X3 sequences fill the AST
// structs member by member.
#pragma once
#include <boost/fusion/include/adapt_struct.hpp>

#include "certreq/inf/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(certreq::inf::ast::part, text, kind)
BOOST_FUSION_ADAPT_STRUCT(certreq::inf::ast::section_header, name, trailing)
