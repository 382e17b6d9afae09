// p11/static_host.hpp: whether this process is statically linked. A static
// glibc program's dlopen brings the shared C library and ld.so beside the
// static one, but that ld.so's start-up never ran: its thread-stack lists and
// thread-local storage tables stay empty, so a module's first pthread_create
// (GLib, in tpm2-pkcs11's tabrmd TCTI) or first dynamic thread-local variable
// (libtss2-rc's decoding of a TPM error, e.g. a wrong PIN) dereferences a null
// pointer. That cannot be repaired from outside glibc; p11/probe.hpp and
// p11/crash_guard.hpp turn those crashes into errors.
#pragma once
#include <signal.h>

#if defined(__linux__)
#include <sys/auxv.h>
#endif

namespace certreq::p11 {

// statically_linked: the process was started without a program interpreter
// (ld.so), so its dlopen is the static C library's. Elsewhere than Linux: no.
inline bool statically_linked() noexcept {
#if defined(__linux__)
    return ::getauxval(AT_BASE) == 0;
#else
    return false;
#endif
}

// signal_name: the name of a signal that ends a crashed process (a literal,
// so a signal handler may use it).
constexpr const char* signal_name(int sig) noexcept {
    switch (sig) {
        case SIGSEGV: return "SIGSEGV";
        case SIGBUS: return "SIGBUS";
        case SIGILL: return "SIGILL";
        case SIGFPE: return "SIGFPE";
        case SIGABRT: return "SIGABRT";
        case SIGKILL: return "SIGKILL";
        default: return "a signal";
    }
}

}  // namespace certreq::p11
