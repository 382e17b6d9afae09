#include <doctest/doctest.h>

#include "headers/all_headers.hpp"  // generated in the build tree

int odr_unit_1();

TEST_CASE("every public header links into two translation units") { CHECK(odr_unit_1() == 1); }
