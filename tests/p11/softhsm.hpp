// tests/p11/softhsm.hpp: a SoftHSM2 token of the test's own: a temporary
// token directory and config (SOFTHSM2_CONF, for this process), a token
// initialized with softhsm2-util. SoftHSM2 is a test dependency
// (scripts/deps.sh): absent, the test fails.
#pragma once
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace p11_test {

inline const char* softhsm_module = "/usr/lib/softhsm/libsofthsm2.so";
inline const char* user_pin = "824613";
inline const char* so_pin = "55667788";

struct softhsm {
    std::string dir;
    bool ok = false;

    // softhsm makes the token `label` (a second one with `label2` if given).
    explicit softhsm(const std::string& label, const std::string& label2 = {}) {
        std::string tmpl = (std::filesystem::temp_directory_path() / "certreq-p11-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) return;
        dir = tmpl;
        std::filesystem::create_directory(dir + "/tokens");
        std::ofstream(dir + "/softhsm2.conf") << "directories.tokendir = " << dir << "/tokens\nobjectstore.backend = file\nlog.level = ERROR\n";
        ::setenv("SOFTHSM2_CONF", (dir + "/softhsm2.conf").c_str(), 1);
        ok = init(label) && (label2.empty() || init(label2));
    }
    ~softhsm() {
        if (!dir.empty()) std::filesystem::remove_all(dir);
    }

private:
    static bool init(const std::string& label) {
        std::string cmd = "softhsm2-util --init-token --free --label '" + label + "' --pin " + user_pin + " --so-pin " + so_pin +
                          " >/dev/null";
        int rc = std::system(cmd.c_str());
        return rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
    }
};

// hsm: the process's one SoftHSM2 with the tokens "certreq-a" and
// "certreq-b" (a module reads SOFTHSM2_CONF once, at C_Initialize, and
// p11::module keeps it loaded, so every test of the program shares it).
inline softhsm& hsm() {
    static softhsm h("certreq-a", "certreq-b");
    return h;
}

}  // namespace p11_test
