// p11/crash_guard.hpp: in a statically linked process (p11/static_host.hpp),
// a fault in a loaded module's code after its start-up (libtss2-rc's
// thread-local buffer when tpm2-pkcs11 decodes a TPM error) ends the process
// with an error naming the module, not a SIGSEGV: a fault whose instruction
// lies outside the program's own code is the module's. The handler writes a
// message prepared beforehand and exits (both async-signal-safe), so no output
// or store file is written after it. A fault while the module has signals
// blocked (GLib creating a thread) cannot be caught: p11/probe.hpp finds those.
#pragma once
#include <link.h>
#include <signal.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "certreq/core/hresult.hpp"
#include "certreq/p11/static_host.hpp"

namespace certreq::p11 {

namespace detail {

struct crash_state {
    std::uintptr_t text_begin[8]{}, text_end[8]{};  // the program's executable segments
    int texts = 0;
    char before[512]{}, after[1536]{};  // the message, around the signal's name
    std::size_t before_length = 0, after_length = 0;
};

inline crash_state& crash() noexcept {
    static crash_state s;
    return s;
}

inline std::uintptr_t fault_pc(void* context) noexcept {
    auto* uc = static_cast<ucontext_t*>(context);
#if defined(__x86_64__)
    return static_cast<std::uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
    return static_cast<std::uintptr_t>(uc->uc_mcontext.pc);
#else
    (void)uc;
    return 0;
#endif
}

inline bool in_program(std::uintptr_t pc) noexcept {
    const auto& s = crash();
    for (int i = 0; i < s.texts; ++i)
        if (pc >= s.text_begin[i] && pc < s.text_end[i]) return true;
    return false;
}

inline void write_all(const char* p, std::size_t n) noexcept {
    while (n) {
        ssize_t w = ::write(STDERR_FILENO, p, n);
        if (w <= 0) return;
        p += w;
        n -= static_cast<std::size_t>(w);
    }
}

inline std::size_t copy_to(char* to, std::size_t room, const std::string& from) noexcept {
    std::size_t n = std::min(from.size(), room);
    std::memcpy(to, from.data(), n);
    return n;
}

inline void on_fault(int sig, siginfo_t*, void* context) {
    if (in_program(fault_pc(context))) {
        // The program's own fault: crash as it would have (core dump included).
        ::signal(sig, SIG_DFL);
        if (sig == SIGABRT) ::raise(sig);
        return;  // the faulting instruction runs again and ends the process
    }
    const auto& s = crash();
    const char* name = signal_name(sig);
    write_all(s.before, s.before_length);
    write_all(name, std::strlen(name));
    write_all(s.after, s.after_length);
    ::_exit(1);
}

inline int program_text(dl_phdr_info* info, std::size_t, void* data) {
    auto& s = *static_cast<crash_state*>(data);
    for (int i = 0; i < info->dlpi_phnum && s.texts < 8; ++i) {
        const auto& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_X)) continue;
        s.text_begin[s.texts] = info->dlpi_addr + ph.p_vaddr;
        s.text_end[s.texts] = info->dlpi_addr + ph.p_vaddr + ph.p_memsz;
        ++s.texts;
    }
    return 1;  // the first entry is the program itself
}

}  // namespace detail

// guard_crashes: before a static process first calls into the module at
// `path`, catch the faults of loaded code and report them as this module's.
// Once per process (the message names the first module; certreq loads one).
// A dynamically linked process hosts modules as they expect: no guard.
inline void guard_crashes(const std::string& path) {
    if (!statically_linked()) return;
    auto& s = detail::crash();
    if (s.texts) return;
    ::dl_iterate_phdr(detail::program_text, &s);
    if (!s.texts) return;
    std::string after = " in its own code): this certreq is statically linked, and a static program cannot host a module that "
                        "starts threads or uses thread-local storage. Use a dynamically linked certreq (meson setup -Ddriver_static=false)";
    if (path.find("tpm2") != std::string::npos)
        after += "; tpm2-pkcs11 runs in a static certreq only over a TCTI without GLib (TPM2_PKCS11_TCTI=device:/dev/tpmrm0, "
                 "not tabrmd, its default when tpm2-abrmd is installed) and only while the TPM reports no error (it decodes "
                 "a TPM error, such as a wrong PIN, in thread-local storage)";
    after += "\n" + core::processor_line(core::hr::nte_provider_dll_fail) + "\n";
    s.before_length = detail::copy_to(s.before, sizeof s.before, "certreq: PKCS#11 module " + path + " crashed (");
    s.after_length = detail::copy_to(s.after, sizeof s.after, after);
    struct sigaction sa {};
    sa.sa_sigaction = detail::on_fault;
    sa.sa_flags = SA_SIGINFO;
    ::sigemptyset(&sa.sa_mask);
    for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) ::sigaction(sig, &sa, nullptr);
}

}  // namespace certreq::p11
