// driver/key_access.hpp: what reaching a key on a token takes, from the
// command line and the environment: -pin, else $CERTREQ_PIN, else a prompt
// on the terminal (/dev/tty, echo off; not with -q); $CERTREQ_PROVIDERS
// maps ProviderName to PKCS#11 modules (p11/providers.hpp). The PIN is
// never printed, not even with -v.
#pragma once
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "certreq/verbs/stored_key.hpp"
#include "cli.hpp"

namespace certreq::driver {

// prompt_pin asks for the token's PIN on the controlling terminal.
inline std::optional<mbed::secret_string> prompt_pin(const std::string& token_label) {
    int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    // Echo off before the prompt is shown: what is typed after it is never
    // echoed, and TCSAFLUSH cannot discard a PIN typed in answer to it.
    termios old{};
    bool restore = ::tcgetattr(fd, &old) == 0;
    if (restore) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    std::string ask = "Enter the PIN of token \"" + token_label + "\": ";
    (void)!::write(fd, ask.data(), ask.size());
    mbed::secret_string pin = mbed::make_secret_string({});
    pin.reserve(256);  // no reallocation: no unwiped copy
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n' && c != '\r' && pin.size() < 255) pin.push_back(c);
    c = 0;
    if (restore) ::tcsetattr(fd, TCSAFLUSH, &old);
    (void)!::write(fd, "\n", 1);
    ::close(fd);
    return pin;
}

inline verbs::key_access key_access_of(const parsed_options& o) {
    verbs::key_access a;
    if (!o.pin.empty()) a.pin = mbed::make_secret_string(o.pin);
    else if (const char* e = std::getenv("CERTREQ_PIN"); e && *e) a.pin = mbed::make_secret_string(e);
    if (const char* e = std::getenv("CERTREQ_PROVIDERS")) a.providers = e;
    if (!o.quiet) a.pin_prompt = prompt_pin;
    return a;
}

}  // namespace certreq::driver
