// verbs/report.hpp: what a verb says, in the order it says it, for the
// driver to print: result lines (the ones scripts parse: standard output, or
// standard error when an output file is `-`), messages (standard error), and
// how the verb ended. The library decides every byte; the driver only prints.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/diagnostic.hpp"
#include "certreq/core/error.hpp"
#include "certreq/core/hresult.hpp"

namespace certreq::verbs {

enum class channel { results, messages };

struct report {
    struct line {
        channel to;
        std::string text;
    };
    std::vector<line> lines;
    // failed: the work failed; the driver ends with certreq.exe's line for
    // this code and exits 1.
    std::optional<core::hresult> failed;
    // disposition: a request the CA processed: 0 issued, 3 pending, 4 denied
    // (the exit code only with CERTREQ_DISPOSITION_EXIT_CODES=1, else 0).
    int disposition = 0;
    // usage: the arguments do not fit the verb (found only once its work
    // began, e.g. -ca's subcommands after the CA is open): exit 2.
    bool usage = false;

    bool ok() const noexcept { return !failed && !usage; }

    template <typename... Parts>
    report& out(const Parts&... parts) {
        return add(channel::results, parts...);
    }
    template <typename... Parts>
    report& err(const Parts&... parts) {
        return add(channel::messages, parts...);
    }
    // fail: "certreq: <message>", then the failure with `hr`.
    report& fail(std::string_view message, core::hresult hr) {
        err("certreq: ", message, "\n");
        return failed_with(hr);
    }
    // fail with the one error type: its message, its HRESULT (else `otherwise`).
    report& fail(const core::error& e, core::hresult otherwise = core::hr::fail) {
        return fail(e.message, e.hresult != core::hr::none ? e.hresult : otherwise);
    }
    // failed_with ends the verb with `hr` after messages of its own (or none).
    report& failed_with(core::hresult hr) {
        failed = hr;
        return *this;
    }
    // usage_error: `text` (the verb's usage line) on the messages channel, exit 2.
    report& usage_error(std::string_view text) {
        err(text);
        usage = true;
        return *this;
    }
    // show renders the diagnostics at `min_level` and above (with their
    // quoted lines), as diagnostics::print would print them.
    report& show(const diagnostics& d, severity min_level) {
        std::string text;
        for (auto& one : d.items())
            if (one.level >= min_level) text += d.format(one);
        text += d.left_out_line();
        if (!text.empty()) lines.push_back({channel::messages, std::move(text)});
        return *this;
    }
    // fail_diags ends a failure that shown diagnostics describe: their
    // first error's HRESULT, else ERROR_INVALID_DATA.
    report& fail_diags(const diagnostics& d) {
        return failed_with(d.hresult() != core::hr::none ? d.hresult() : core::hr::invalid_data);
    }

    // results / messages: everything said on one channel (tests).
    std::string results() const { return joined(channel::results); }
    std::string messages() const { return joined(channel::messages); }

private:
    template <typename... Parts>
    report& add(channel to, const Parts&... parts) {
        std::string text;
        (text.append(std::string_view(parts)), ...);
        lines.push_back({to, std::move(text)});
        return *this;
    }
    std::string joined(channel to) const {
        std::string all;
        for (auto& l : lines)
            if (l.to == to) all += l.text;
        return all;
    }
};

}  // namespace certreq::verbs
