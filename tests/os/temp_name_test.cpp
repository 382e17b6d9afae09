#include "certreq/os/temp_name.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <algorithm>
#include <ctime>
#include <string>
#include <vector>

#include "certreq/os/atomic_file.hpp"
#include "certreq/os/file.hpp"
#include "support.hpp"

using namespace certreq;

namespace {

// dead_pid returns the PID of a child that has exited and been reaped.
long dead_pid() {
    pid_t p = ::fork();
    if (p == 0) ::_exit(0);
    int st = 0;
    ::waitpid(p, &st, 0);
    return p;
}

void touch(const std::string& path, std::time_t age = 0) {
    REQUIRE(os::write_file_atomic(path, as_bytes("leftover"), 0600, true, false));
    if (age) {
        struct utimbuf t {};
        t.actime = t.modtime = std::time(nullptr) - age;
        REQUIRE(::utime(path.c_str(), &t) == 0);
    }
}

std::string tmp_of(const std::string& name, long pid, const char* rand) {
    return "." + name + ".tmp-" + std::to_string(pid) + "-" + rand;
}

}  // namespace

TEST_CASE("temp_name: .<name>.tmp-<pid>-<12 hex>, cut to fit NAME_MAX") {
    std::string t = os::temp_name("out.req");
    std::string head = ".out.req.tmp-" + std::to_string(::getpid()) + "-";
    REQUIRE(t.size() == head.size() + 12);
    CHECK(t.compare(0, head.size(), head) == 0);
    CHECK(t.find_first_not_of("0123456789abcdef", head.size()) == std::string::npos);
    CHECK(os::temp_name("out.req") != t);

    std::string longest(255, 'k');
    CHECK(os::temp_name(longest).size() <= 255);
    CHECK(os::temp_prefix(longest) == "." + std::string(255 - os::temp_name_room, 'k') + ".tmp-");
}

TEST_CASE("remove_stale_temps: a dead writer's or a day-old temporary of that name, nothing else") {
    os_test::scratch_dir dir;
    long dead = dead_pid();
    long live = ::getpid();
    touch(dir / tmp_of("f", dead, "aaaaaaaaaaaa"));                    // writer gone: stale
    touch(dir / tmp_of("f", live, "bbbbbbbbbbbb"));                    // writer alive: kept
    touch(dir / tmp_of("f", live, "cccccccccccc"), 2 * 24 * 60 * 60);  // alive, but two days old: stale
    touch(dir / ".f.tmp-dddddddddddd");                                // before PIDs, fresh: kept
    touch(dir / ".f.tmp-eeeeeeeeeeee", 2 * 24 * 60 * 60);             // before PIDs, old: stale
    touch(dir / tmp_of("g", dead, "ffffffffffff"));                    // another file's: kept
    touch(dir / ".f.tmp-not-a-temporary");                             // not our pattern: kept
    REQUIRE(::mkdir((dir / tmp_of("f", dead, "999999999999")).c_str(), 0700) == 0);  // a directory: kept
    touch(dir / "f");

    os::remove_stale_temps(dir.path, "f");
    auto left = os::list_dir(dir.path);
    REQUIRE(left);
    std::vector<std::string> kept{tmp_of("f", dead, "999999999999"), ".f.tmp-dddddddddddd", ".f.tmp-not-a-temporary",
                                  tmp_of("f", live, "bbbbbbbbbbbb"), tmp_of("g", dead, "ffffffffffff"), "f"};
    std::sort(kept.begin(), kept.end());
    CHECK(*left == kept);
}

TEST_CASE("remove_stale_temps: the temporaries of a name cut to fit") {
    os_test::scratch_dir dir;
    std::string name(250, 'n');
    std::string left_by_killed = os::temp_prefix(name) + std::to_string(dead_pid()) + "-0123456789ab";
    REQUIRE(left_by_killed.size() <= 255);
    touch(dir / left_by_killed);
    os::remove_stale_temps(dir.path, name);
    CHECK(os_test::entries(dir.path) == 0);
}

TEST_CASE("remove_all_temps: every temporary, live or not (for a lock holder)") {
    os_test::scratch_dir dir;
    touch(dir / tmp_of("next_request_id", ::getpid(), "aaaaaaaaaaaa"));
    touch(dir / tmp_of("crl.der", dead_pid(), "bbbbbbbbbbbb"));
    touch(dir / ".record.tmp-cccccccccccc");
    touch(dir / "next_request_id");
    touch(dir / ".hidden");
    touch(dir / ".x.tmp-not-ours");
    REQUIRE(::mkdir((dir / tmp_of("d", 1, "dddddddddddd")).c_str(), 0700) == 0);
    os::remove_all_temps(dir.path);
    auto left = os::list_dir(dir.path);
    REQUIRE(left);
    CHECK(*left == std::vector<std::string>{tmp_of("d", 1, "dddddddddddd"), ".hidden", ".x.tmp-not-ours", "next_request_id"});
}
