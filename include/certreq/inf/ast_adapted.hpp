// inf/ast_adapted.hpp: Boost.Fusion adaptations so X3 sequences fill the AST
// structs member by member (`where` is not a member here: the annotation
// handler sets it). One adapted struct on purpose: each costs the compiler
// line-map space (the macro expands a lot), and a TU including the INF
// reader sits just under a growth step of that table (+25 MB peak memory
// past it; bench/compile_cost.sh).
#pragma once
#include <boost/fusion/include/adapt_struct.hpp>

#include "certreq/inf/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(certreq::inf::ast::part, text, kind)
