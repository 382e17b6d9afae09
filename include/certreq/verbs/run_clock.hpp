// verbs/run_clock.hpp: the time a verb runs at. SOURCE_DATE_EPOCH fixes it
// (reproducible builds: a -new certificate's serial is then derived from its
// content too); a value that is not a number of seconds is the verb's error.
#pragma once
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>

namespace certreq::verbs {

struct run_clock {
    std::int64_t now = 0;
    bool fixed = false;   // SOURCE_DATE_EPOCH gave `now`
    std::string problem;  // SOURCE_DATE_EPOCH is set but not a number of seconds ("" if fine)
};

inline run_clock clock_now() {
    run_clock c;
    if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e && *e) {
        char* end = nullptr;
        errno = 0;
        long long v = std::strtoll(e, &end, 10);
        if (errno == 0 && end && *end == '\0' && v >= 0) {
            c.now = v;
            c.fixed = true;
            return c;
        }
        c.problem = "SOURCE_DATE_EPOCH is not a number of seconds: \"";
        c.problem.append(e).append("\"");
    }
    c.now = static_cast<std::int64_t>(std::time(nullptr));
    return c;
}

}  // namespace certreq::verbs
