#include "verbs.hpp"
#include <iostream>
namespace certreq::driver {
int run_dump(const command_line&) { std::cerr << "-dump: not wired yet\n"; return exit_failed; }
}
