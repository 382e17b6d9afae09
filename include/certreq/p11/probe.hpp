// p11/probe.hpp: whether a statically linked process can host a module. A
// static glibc program's dlopen brings the shared C library and ld.so beside
// the static one, but that ld.so's start-up never ran: its thread-stack lists
// are left zero, so the first pthread_create in the module (GLib's D-Bus
// worker, in tpm2-pkcs11's tabrmd TCTI) dereferences a null pointer and the
// whole process dies by SIGSEGV. A crash cannot be caught afterwards, so a
// static process loads and initializes the module in a forked child first.
#pragma once
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#if defined(__linux__)
#include <sys/auxv.h>
#include <sys/prctl.h>
#endif

#include "certreq/p11/api.hpp"

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

namespace detail {

// probe_child: the child's whole life; its exit status says how far it got
// (the parent only looks at a signal: the real load reports any other failure).
[[noreturn]] inline void probe_child(const char* path) noexcept {
    // A crash here must write nothing: no core file, and the module's own
    // output comes once, from the real load.
    rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
#if defined(__linux__)
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
    if (int null = ::open("/dev/null", O_RDWR); null >= 0) {
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
    }
    void* h = ::dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) ::_exit(2);
    auto get = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(h, "C_GetFunctionList"));
    CK_FUNCTION_LIST_PTR f = nullptr;
    if (!get || get(&f) != CKR_OK || !f) ::_exit(2);
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    if (f->C_Initialize(&args) != CKR_OK) ::_exit(2);
    // Finalized so the module closes what it opened (tpm2-pkcs11 flushes its
    // TPM sessions: without a resource manager they would fill the TPM).
    f->C_Finalize(nullptr);
    ::_exit(0);
}

inline std::string signal_name(int sig) {
    switch (sig) {
        case SIGSEGV: return "SIGSEGV";
        case SIGABRT: return "SIGABRT";
        case SIGBUS: return "SIGBUS";
        case SIGILL: return "SIGILL";
        case SIGFPE: return "SIGFPE";
        case SIGKILL: return "SIGKILL";
        default: return "signal " + std::to_string(sig);
    }
}

}  // namespace detail

// probe: in a static process, load and initialize the module at `path` in a
// child; an error when the child died by a signal. Anything else (the child
// loaded it, or failed without crashing, or could not be started) lets the
// real load go ahead and report its own result. Costs one fork and one module
// start-up, only in static processes. The child runs dlopen after fork, which
// is safe in a single-threaded process (the driver).
inline status probe(const std::string& path) {
    if (!statically_linked()) return {};
    pid_t pid = ::fork();
    if (pid < 0) return {};
    if (pid == 0) detail::probe_child(path.c_str());
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return {};
    if (!WIFSIGNALED(st)) return {};
    std::string text = "PKCS#11 module " + path + " cannot run in this statically linked program: loading it in a test process ended with " +
                       detail::signal_name(WTERMSIG(st)) +
                       " (a static program cannot host a module that starts threads, as GLib does). Use a dynamically linked certreq (meson setup -Ddriver_static=false)";
    if (path.find("tpm2") != std::string::npos)
        text += ", or give tpm2-pkcs11 a TCTI without GLib: TPM2_PKCS11_TCTI=device:/dev/tpmrm0 (the kernel's resource manager) or swtpm:host=HOST,port=PORT (tabrmd, its default when installed, uses GLib)";
    return refused(std::move(text));
}

}  // namespace certreq::p11
