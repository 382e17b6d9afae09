// odr_1.cpp and odr_2.cpp include every public header and are linked into one
// program: a non-inline definition in a header would fail to link.
#include "headers/all_headers.hpp"  // generated in the build tree

int odr_unit_1() { return 1; }
