// tests/x509/tool.hpp: run an independent tool (openssl) on DER we wrote.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>

#include "certreq/core/bytes.hpp"

namespace certreq::test {

struct run_result {
    int status = -1;
    std::string output;  // stdout and stderr
};

// run executes a shell command and collects its output.
inline run_result run(const std::string& cmd) {
    run_result r;
    FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
    if (!p) return r;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    r.status = ::pclose(p);
    return r;
}

// scratch_dir is a fresh directory for one test's files.
inline std::filesystem::path scratch_dir(const std::string& name) {
    auto d = std::filesystem::temp_directory_path() / ("certreq-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
}

inline void write_file(const std::filesystem::path& p, byte_view b) {
    std::ofstream f(p, std::ios::binary);
    f.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

inline bytes read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

inline bool have_openssl() { return run("openssl version").status == 0; }

}  // namespace certreq::test
