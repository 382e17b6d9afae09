// Tests for the INF grammar (inf/grammar_def.hpp) on its own: the statements
// and parts it produces, with the position of every AST node.
#include <doctest/doctest.h>

#include "certreq/inf/grammar_def.hpp"
