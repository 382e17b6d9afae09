// p11/probe.hpp: in a statically linked process (p11/static_host.hpp), a
// module's start-up is first tried in a forked child, because the crash it
// may cause there cannot be caught in the process itself: GLib (tpm2-pkcs11's
// tabrmd TCTI) blocks every signal around pthread_create, so its SIGSEGV
// kills the process whatever handler is set. The module is already loaded
// when the process forks, so the child only runs C_Initialize (no second
// dlopen); that is the whole cost, paid only by static processes.
#pragma once
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include "certreq/p11/api.hpp"
#include "certreq/p11/static_host.hpp"

namespace certreq::p11 {

namespace detail {

// probe_child: C_Initialize and nothing else, then _exit (no destructor, no
// stdio flush: the parent's buffers are written once). A crash writes no core
// file and the module's messages come once, from the real start-up.
[[noreturn]] inline void probe_child(CK_FUNCTION_LIST_PTR f) noexcept {
    rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
#if defined(__linux__)
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
    if (int null = ::open("/dev/null", O_RDWR); null >= 0) {
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
    }
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    ::_exit(f->C_Initialize(&args) == CKR_OK ? 0 : 2);
}

}  // namespace detail

// probe: whether a static process survives C_Initialize of the loaded module
// at `path`. Only a child killed by a signal is an error; a child that could
// not be started or whose C_Initialize failed lets the real call go ahead and
// report its own result. fork is safe here: the driver has one thread.
inline status probe(const std::string& path, CK_FUNCTION_LIST_PTR f) {
    if (!statically_linked()) return {};
    pid_t pid = ::fork();
    if (pid < 0) return {};
    if (pid == 0) detail::probe_child(f);
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return {};
    if (!WIFSIGNALED(st)) return {};
    std::string text = "PKCS#11 module " + path + " cannot run in this statically linked certreq: its start-up (C_Initialize) "
                       "crashed a test process (" + std::string(signal_name(WTERMSIG(st))) +
                       "), as a module that starts threads (GLib) does in a static program. Use a dynamically linked certreq "
                       "(meson setup -Ddriver_static=false)";
    if (path.find("tpm2") != std::string::npos)
        text += ", or give tpm2-pkcs11 a TCTI without GLib: TPM2_PKCS11_TCTI=device:/dev/tpmrm0 (the kernel's resource "
                "manager) or swtpm:host=HOST,port=PORT (tabrmd, its default when tpm2-abrmd is installed, uses GLib)";
    return error{CKR_OK, std::move(text), core::hr::nte_provider_dll_fail};
}

}  // namespace certreq::p11
