#include "certreq/os/output_files.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "certreq/os/atomic_file.hpp"
#include "certreq/os/file.hpp"
#include "support.hpp"

using namespace certreq;
using os_test::entries;
using os_test::mode_of;
using os_test::read_text;
using os_test::umask_guard;

namespace {


void put(const std::string& p, const char* text) { REQUIRE(os::write_file_atomic(p, as_bytes(text), 0644, true, false)); }

bool is_link(const std::string& p) {
    struct stat st {};
    return ::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

std::vector<std::optional<byte_view>> contents(std::initializer_list<const char*> texts) {
    std::vector<std::optional<byte_view>> v;
    for (const char* t : texts) v.emplace_back(t ? std::optional<byte_view>(as_bytes(t)) : std::nullopt);
    return v;
}

std::string plan_error(const std::vector<std::string>& args, bool overwrite) {
    auto p = os::output_files::plan(args, overwrite);
    return p ? std::string("<planned>") : p.err().message;
}


// stdout_to redirects standard output to a file descriptor for one test.
struct stdout_to {
    int saved;
    explicit stdout_to(int fd) : saved(::dup(STDOUT_FILENO)) {
        std::fflush(stdout);
        ::dup2(fd, STDOUT_FILENO);
    }
    ~stdout_to() {
        std::fflush(stdout);
        ::dup2(saved, STDOUT_FILENO);
        ::close(saved);
    }
};

}  // namespace

TEST_CASE("output_files: creates every output with the mode asked, no temporaries left") {
    os_test::scratch_dir dir;
    umask_guard u(022);
    auto p = os::output_files::plan({dir / "a", dir / "b"}, false);
    REQUIRE(p);
    CHECK(entries(dir.path) == 2);  // the two temporaries, reserved by plan
    REQUIRE(p->commit(contents({"A", "B"}), os::output_mode()));
    CHECK(read_text(dir / "a") == "A");
    CHECK(read_text(dir / "b") == "B");
    CHECK(mode_of(dir / "a") == 0644);
    CHECK(entries(dir.path) == 2);
}

TEST_CASE("output_files: a plan not committed leaves nothing") {
    os_test::scratch_dir dir;
    {
        auto p = os::output_files::plan({dir / "a", dir / "b"}, false);
        REQUIRE(p);
    }
    CHECK(entries(dir.path) == 0);
    CHECK(os::output_files::check({dir / "a"}, false));
    CHECK(entries(dir.path) == 0);
}

TEST_CASE("output_files: an existing file needs overwrite, and is then replaced") {
    os_test::scratch_dir dir;
    put(dir / "a", "old");
    CHECK(plan_error({dir / "a"}, false) == dir / "a" + ": file exists (use -f to overwrite)");
    CHECK(read_text(dir / "a") == "old");
    REQUIRE(os::write_output(dir / "a", as_bytes("new"), 0600, true));
    CHECK(read_text(dir / "a") == "new");
    CHECK(mode_of(dir / "a") == 0600);
    CHECK(entries(dir.path) == 1);
}

TEST_CASE("output_files: std::nullopt leaves that output alone") {
    os_test::scratch_dir dir;
    put(dir / "b", "old b");
    auto p = os::output_files::plan({dir / "a", dir / "b"}, true);
    REQUIRE(p);
    REQUIRE(p->commit(contents({"A", nullptr}), 0644));
    CHECK(read_text(dir / "a") == "A");
    CHECK(read_text(dir / "b") == "old b");
    CHECK(entries(dir.path) == 2);
}

TEST_CASE("output_files: anything but a regular file is refused, with or without -f") {
    os_test::scratch_dir dir;
    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    REQUIRE(os::ensure_dir(dir / "sub"));
    REQUIRE(::symlink((dir / "sub").c_str(), (dir / "to-dir").c_str()) == 0);
    REQUIRE(::symlink((dir / "nowhere").c_str(), (dir / "dangling").c_str()) == 0);
    int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::string sp = dir / "sock";
    REQUIRE(sp.size() < sizeof sa.sun_path);
    std::copy(sp.begin(), sp.end(), sa.sun_path);
    REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
    std::size_t before = entries(dir.path);
    const std::string use_dash = "; an output must be a regular file (use - for standard output)";
    for (bool force : {false, true}) {
        CAPTURE(force);
        CHECK(plan_error({dir / "fifo"}, force) == dir / "fifo" + ": a FIFO" + use_dash);
        CHECK(plan_error({dir / "sub"}, force) == dir / "sub" + ": a directory" + use_dash);
        CHECK(plan_error({dir / "sock"}, force) == dir / "sock" + ": a socket" + use_dash);
        CHECK(plan_error({"/dev/null"}, force) == "/dev/null: a device" + use_dash);
        CHECK(plan_error({dir / "to-dir"}, force) ==
              dir / "to-dir" + ": a symbolic link to " + dir / "sub" + ", which is a directory" + use_dash);
        CHECK(plan_error({dir / "dangling"}, force) == dir / "dangling" + ": a symbolic link to " + dir / "nowhere" +
                                                           ", which does not exist (an output link must point to a regular file)");
        CHECK(plan_error({dir / "missing/x"}, force) == "cannot create " + dir / "missing/x" + ": No such file or directory");
        CHECK(plan_error({dir.path + "/"}, force) == dir.path + "/: not a file name");
        // A good output beside a bad one is not written either.
        CHECK(plan_error({dir / "good", dir / "fifo"}, force) == dir / "fifo" + ": a FIFO" + use_dash);
    }
    ::close(sock);
    CHECK(entries(dir.path) == before);
    CHECK(entries(dir / "sub") == 0);
    CHECK(!os::exists(dir / "nowhere"));
}

TEST_CASE("output_files: a symlink to a regular file writes its target, the link stays") {
    os_test::scratch_dir dir;
    REQUIRE(os::ensure_dir(dir / "real"));
    put(dir / "real/target", "old");
    REQUIRE(::symlink("real/target", (dir / "hop").c_str()) == 0);    // relative to the link's directory
    REQUIRE(::symlink((dir / "hop").c_str(), (dir / "link").c_str()) == 0);  // a chain of two
    CHECK(plan_error({dir / "link"}, false) == dir / "link" + ": file exists (use -f to overwrite)");
    REQUIRE(os::write_output(dir / "link", as_bytes("new"), 0640, true));
    CHECK(is_link(dir / "link"));
    CHECK(is_link(dir / "hop"));
    CHECK(read_text(dir / "real/target") == "new");
    CHECK(mode_of(dir / "real/target") == 0640);
    CHECK(entries(dir / "real") == 1);  // the temporary was beside the target, and is gone
    CHECK(entries(dir.path) == 3);

    REQUIRE(::symlink("link", (dir / "loop-a").c_str()) == 0);
    REQUIRE(::symlink("loop-a", (dir / "loop-b").c_str()) == 0);
    ::unlink((dir / "loop-a").c_str());
    REQUIRE(::symlink("loop-b", (dir / "loop-a").c_str()) == 0);
    CHECK(plan_error({dir / "loop-a"}, true) == "cannot create " + dir / "loop-a" + ": Too many levels of symbolic links");
}

TEST_CASE("output_files: two arguments that name one file are refused") {
    os_test::scratch_dir dir;
    REQUIRE(os::ensure_dir(dir / "sub"));
    put(dir / "t", "old");
    REQUIRE(::symlink("t", (dir / "l").c_str()) == 0);
    const std::string own = " (each output needs a file of its own)";
    CHECK(plan_error({dir / "a", dir / "a"}, false) == dir / "a" + ": names the same file as " + dir / "a" + own);
    CHECK(plan_error({dir / "a", dir / "sub/../a"}, false) == dir / "sub/../a: names the same file as " + dir / "a" + own);
    CHECK(plan_error({dir / "t", dir / "l"}, true) == dir / "l: names the same file as " + dir / "t" + own);
    CHECK(plan_error({"-", "-"}, true) == "-: names the same file as -" + own);
    CHECK(entries(dir.path) == 3);
    CHECK(read_text(dir / "t") == "old");
    CHECK(plan_error({dir / "a", dir / "sub/a", "-"}, false) == "<planned>");
}

TEST_CASE("output_files: an unwritable directory fails at plan, before any work") {
    if (::geteuid() == 0) return;  // root writes anywhere
    os_test::scratch_dir dir;
    REQUIRE(os::ensure_dir(dir / "ro"));
    REQUIRE(::chmod((dir / "ro").c_str(), 0500) == 0);
    CHECK(plan_error({dir / "a", dir / "ro/b"}, false) == "cannot create " + dir / "ro/b" + ": Permission denied");
    CHECK(entries(dir.path) == 1);
    CHECK(entries(dir / "ro") == 0);
    ::chmod((dir / "ro").c_str(), 0700);
}

TEST_CASE("output_files: a failed rename takes back the outputs before it (created and replaced)") {
    for (bool exchange : {true, false}) {
        CAPTURE(exchange);
        os::detail::without_rename_exchange = !exchange;
        os_test::scratch_dir dir;
        put(dir / "replaced", "old content");
        REQUIRE(::chmod((dir / "replaced").c_str(), 0604) == 0);
        auto p = os::output_files::plan({dir / "replaced", dir / "created", dir / "third"}, true);
        REQUIRE(p);
        // Between plan and commit, the third output's name becomes a directory.
        REQUIRE(::mkdir((dir / "third").c_str(), 0700) == 0);
        auto s = p->commit(contents({"new 1", "new 2", "new 3"}), 0644);
        REQUIRE(!s);
        CHECK(s.err().message == dir / "third: a directory; an output must be a regular file (use - for standard output)");
        CHECK(read_text(dir / "replaced") == "old content");
        CHECK(mode_of(dir / "replaced") == 0604);
        CHECK(!os::exists(dir / "created"));
        CHECK(entries(dir.path) == 2);  // "replaced" and the directory: no temporary, no copy
    }
    os::detail::without_rename_exchange = false;
}

TEST_CASE("output_files: replacing without RENAME_EXCHANGE keeps no copy on success") {
    os::detail::without_rename_exchange = true;
    os_test::scratch_dir dir;
    put(dir / "a", "old");
    CHECK(os::write_output(dir / "a", as_bytes("new"), 0644, true));
    os::detail::without_rename_exchange = false;
    CHECK(read_text(dir / "a") == "new");
    CHECK(entries(dir.path) == 1);
}

TEST_CASE("output_files: a file that appears between plan and commit") {
    os_test::scratch_dir dir;
    auto p = os::output_files::plan({dir / "a"}, false);
    REQUIRE(p);
    put(dir / "a", "someone else's");
    auto s = p->commit(contents({"ours"}), 0644);
    REQUIRE(!s);
    CHECK(s.err().message == dir / "a: file exists (use -f to overwrite)");
    CHECK(read_text(dir / "a") == "someone else's");
    CHECK(entries(dir.path) == 1);

    auto f = os::output_files::plan({dir / "b"}, true);  // with -f it is replaced
    REQUIRE(f);
    put(dir / "b", "someone else's");
    REQUIRE(f->commit(contents({"ours"}), 0644));
    CHECK(read_text(dir / "b") == "ours");
    CHECK(entries(dir.path) == 2);
}

TEST_CASE("output_files: - is standard output, written after the files") {
    os_test::scratch_dir dir;
    int fd = ::open((dir / "captured").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    {
        stdout_to redirect(fd);
        auto p = os::output_files::plan({dir / "a", "-"}, false);
        REQUIRE(p);
        CHECK(p->writes_stdout());
        CHECK(p->commit(contents({"file", "to stdout\n"}), 0644));
    }
    ::close(fd);
    CHECK(read_text(dir / "captured") == "to stdout\n");
    CHECK(read_text(dir / "a") == "file");

    // Standard output that cannot be written: the files are taken back.
    int ro = ::open("/dev/null", O_RDONLY);
    REQUIRE(ro >= 0);
    os::status s;
    {
        stdout_to redirect(ro);
        auto p = os::output_files::plan({dir / "b", "-"}, false);
        REQUIRE(p);
        s = p->commit(contents({"file", "to stdout\n"}), 0644);
    }
    ::close(ro);
    REQUIRE(!s);
    CHECK(s.err().message == "cannot write standard output: Bad file descriptor");
    CHECK(!os::exists(dir / "b"));
    CHECK(entries(dir.path) == 2);
}

TEST_CASE("output_files: a reader of standard output that went away is EPIPE, not SIGPIPE; the files are undone") {
    os_test::scratch_dir dir;
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    ::close(fds[0]);  // nobody reads
    os::status s;
    {
        stdout_to redirect(fds[1]);
        auto p = os::output_files::plan({dir / "a", "-"}, false);
        REQUIRE(p);
        s = p->commit(contents({"file", "to stdout\n"}), 0644);  // without the fix: killed by SIGPIPE here
    }
    ::close(fds[1]);
    REQUIRE(!s);
    CHECK(s.err().message == "cannot write standard output: Broken pipe");
    CHECK(entries(dir.path) == 0);
    sigset_t pending;
    REQUIRE(::sigpending(&pending) == 0);
    CHECK(!sigismember(&pending, SIGPIPE));
}

TEST_CASE("output_files: plan removes the stale temporaries of its outputs") {
    os_test::scratch_dir dir;
    pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    std::string stale = dir / ".a.tmp-" + std::to_string(child) + "-0123456789ab";
    std::string live = dir / ".a.tmp-" + std::to_string(::getpid()) + "-0123456789ab";
    put(stale, "left by kill -9");
    put(live, "being written");
    REQUIRE(os::write_output(dir / "a", as_bytes("x"), 0644, false));
    CHECK(!os::exists(stale));
    CHECK(os::exists(live));
    CHECK(entries(dir.path) == 2);
}

TEST_CASE("output_files: a /proc link (as /dev/stdout) is judged by what it reaches") {
    os_test::scratch_dir dir;
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::string link = "/proc/self/fd/" + std::to_string(fds[1]);
    auto e = plan_error({link}, true);
    CHECK(e.rfind(link + ": a symbolic link to pipe:[", 0) == 0);
    CHECK(e.find("], which is a FIFO; an output must be a regular file (use - for standard output)") != std::string::npos);
    ::close(fds[0]), ::close(fds[1]);

    // Open on a regular file: that file is the output (replaced, so -f).
    put(dir / "f", "old");
    int fd = ::open((dir / "f").c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    link = "/proc/self/fd/" + std::to_string(fd);
    CHECK(plan_error({link}, false) == link + ": file exists (use -f to overwrite)");
    REQUIRE(os::write_output(link, as_bytes("new"), 0644, true));
    ::close(fd);
    CHECK(read_text(dir / "f") == "new");
    CHECK(entries(dir.path) == 1);
}
