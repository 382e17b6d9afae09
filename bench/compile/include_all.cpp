// bench/compile/include_all.cpp: the cost of `#include "certreq/certreq.hpp"`
// alone (compile_cost.sh; issue target <= 10 s and <= 500 MB at -O2).
#include "certreq/certreq.hpp"

int main() { return 0; }
