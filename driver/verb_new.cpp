#include "verbs.hpp"
#include <iostream>
namespace certreq::driver {
int run_new(const command_line&) { std::cerr << "-new: not wired yet\n"; return exit_failed; }
}
