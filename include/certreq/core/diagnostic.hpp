// core/diagnostic.hpp: errors and warnings are collected, never thrown at the
// caller. Each names a file and a line/column (text input) or a byte offset
// (DER input) and prints as
//     file:line:col: error: message
//         the source line
//             ^
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/error.hpp"
#include "certreq/core/hresult.hpp"
#include "certreq/core/position.hpp"
#include "certreq/core/redaction.hpp"
#include "certreq/core/source.hpp"

namespace certreq {

enum class severity { note, warning, error };

inline constexpr std::string_view to_string(severity s) noexcept {
    switch (s) {
        case severity::note: return "note";
        case severity::warning: return "warning";
        case severity::error: return "error";
    }
    return "error";
}

// diagnostic is one message. `offset` is set for binary (DER) input instead of `pos`.
// `hresult` is the Windows error code an error stands for (0: none given; see
// diagnostics::hresult()), printed by the driver after the positioned lines.
struct diagnostic {
    static constexpr std::size_t no_offset = std::numeric_limits<std::size_t>::max();

    severity level = severity::error;
    position pos{};
    std::string message;
    std::size_t offset = no_offset;
    core::hresult hresult = core::hr::none;
};

// diagnostics collects the messages about one input (a text source, or a
// named binary file). It does not own the source; the source must outlive it.
class diagnostics {
public:
    diagnostics() = default;
    explicit diagnostics(const source_text* src) : src_(src), file_(src ? src->name() : std::string()) {}
    explicit diagnostics(std::string file_name) : file_(std::move(file_name)) {}

    const std::string& file() const noexcept { return file_; }
    const source_text* source() const noexcept { return src_; }
    void set_source(const source_text* src) {
        src_ = src;
        if (src) file_ = src->name();
    }

    void error(position p, std::string msg) { add(severity::error, p, std::move(msg)); }
    // error with the Windows HRESULT certreq.exe reports for it (e.g. CRYPT_E_INVALID_X500_STRING).
    void error(position p, std::string msg, core::hresult code) {
        push({severity::error, p, std::move(msg), diagnostic::no_offset, code});
    }
    // error with a failure a lower layer reported, after `prefix` (e.g. `KeyContainer "k": `).
    void error(position p, std::string_view prefix, const core::error& e) {
        error(p, std::string(prefix).append(e.message), e.hresult);
    }
    void warning(position p, std::string msg) { add(severity::warning, p, std::move(msg)); }
    void note(position p, std::string msg) { add(severity::note, p, std::move(msg)); }

    // error_at_offset reports a problem in binary input at a byte offset.
    void error_at_offset(std::size_t off, std::string msg) { push({severity::error, {}, std::move(msg), off}); }

    void add(severity s, position p, std::string msg) { push({s, p, std::move(msg)}); }
    // stop_error: the error that ends a reader's work (e.g. "too many errors"); always kept, past the cap.
    void stop_error(position p, std::string msg) { items_.push_back({severity::error, p, std::move(msg)}); }
    void append(const diagnostics& other) {
        for (auto& d : other.items_) push(d);
        secrets_.merge(other.secrets_);
        left_out_ += other.left_out_;
        errors_left_out_ += other.errors_left_out_;
    }

    // add_secret / add_secret_span: text that format() stars wherever it
    // appears, and source characters it stars on a quoted line (the
    // challenge password, registered by meaning: see core/redaction.hpp).
    void add_secret(std::string_view text) { secrets_.add_text(text); }
    void add_secret_span(position at, std::size_t chars) { secrets_.add_span(at, chars); }
    const redaction& secrets() const noexcept { return secrets_; }

    // At most max_kept errors and max_kept warnings and notes are kept (a
    // hostile 16 MiB INF once made two million warnings); the rest are
    // counted, and print() ends with a line saying how many were left out.
    // The first errors are always kept, so has_errors() and hresult() hold.
    static constexpr std::size_t max_kept = 1000;
    std::size_t left_out() const noexcept { return left_out_; }

    const std::vector<diagnostic>& items() const noexcept { return items_; }
    bool empty() const noexcept { return items_.empty(); }
    std::size_t count(severity s) const noexcept {
        std::size_t n = 0;
        for (auto& d : items_) n += d.level == s;
        return n;
    }
    bool has_errors() const noexcept { return errors_left_out_ != 0 || count(severity::error) != 0; }

    // hresult: the Windows code of the first error (the one certreq.exe would
    // have stopped at): its own, else `otherwise` (ERROR_INVALID_DATA,
    // 0x8007000d, for a bad input); 0 when there is no error.
    core::hresult hresult(core::hresult otherwise = core::hr::invalid_data) const noexcept {
        for (auto& d : items_)
            if (d.level == severity::error) return d.hresult != core::hr::none ? d.hresult : otherwise;
        return core::hr::none;
    }

    // format renders one diagnostic with the quoted line and a caret under the column.
    // (Plain string building: no iostreams, which cost a static driver ~0.7 MB of RSS.)
    std::string format(const diagnostic& d) const {
        std::string out = file_.empty() ? "<input>" : file_;
        if (d.offset != diagnostic::no_offset) {
            out += ": DER offset " + std::to_string(d.offset);
        } else if (d.pos.known()) {
            out += ':' + std::to_string(d.pos.line) + ':' + std::to_string(d.pos.column);
        }
        out.append(": ").append(to_string(d.level)).append(": ").append(secrets_.mask(d.message)).append("\n");
        if (src_ && d.pos.known() && d.offset == diagnostic::no_offset) {
            std::string masked;
            std::string_view line = secrets_.mask_line(d.pos.line, src_->line(d.pos.line), masked);
            std::uint32_t column = d.pos.column;
            bool cut_before = false, cut_after = false;
            line = clip_around(line, column, cut_before, cut_after);
            // A NUL would end the line early on a terminal (and cut fputs short): show it as U+2400.
            std::string no_nul;
            if (line.find('\0') != std::string_view::npos) {
                for (char c : line) c == '\0' ? no_nul.append("\xE2\x90\x80") : no_nul.append(1, c);
                line = no_nul;
            }
            out.append("    ").append(cut_before ? "..." : "").append(line).append(cut_after ? "..." : "").append("\n    ");
            if (cut_before) out += "   ";
            // Copy tabs so the caret lines up whatever the tab width.
            std::uint32_t col = 1;
            for (std::size_t i = 0; i < line.size() && col < column; ++i) {
                unsigned char c = static_cast<unsigned char>(line[i]);
                if ((c & 0xC0) == 0x80) continue;
                out += c == '\t' ? '\t' : ' ';
                ++col;
            }
            out += "^\n";
        }
        return out;
    }

    // print to a std::ostream (a template, so this header does not pay for <ostream>).
    template <class Stream>
    void print(Stream& os, severity min_level = severity::note) const {
        for (auto& d : items_)
            if (d.level >= min_level) os << format(d);
        os << left_out_line();
    }
    void print(std::FILE* f, severity min_level = severity::note) const {
        for (auto& d : items_)
            if (d.level >= min_level) {
                std::string text = format(d);
                std::fwrite(text.data(), 1, text.size(), f);
            }
        std::string tail = left_out_line();
        std::fwrite(tail.data(), 1, tail.size(), f);
    }

    // left_out_line: the closing line when the caps dropped messages, else "".
    std::string left_out_line() const {
        if (left_out_ == 0) return {};
        return (file_.empty() ? std::string("<input>") : file_) + ": " + std::to_string(left_out_) +
               " more errors, warnings and notes were left out (at most " + std::to_string(max_kept) +
               " errors and " + std::to_string(max_kept) + " warnings and notes are shown)\n";
    }

private:
    void push(diagnostic d) {
        bool is_error = d.level == severity::error;
        std::size_t& kept = is_error ? kept_errors_ : kept_others_;
        if (kept >= max_kept) {
            ++left_out_;
            errors_left_out_ += is_error;
            return;
        }
        ++kept;
        items_.push_back(std::move(d));
    }

    // clip_around keeps at most `context` characters either side of the column, so a
    // diagnostic on a 64 KiB line quotes a readable window instead of the whole line.
    // `column` is moved to the window; cuts fall between UTF-8 characters.
    static constexpr std::uint32_t context = 60;
    static std::string_view clip_around(std::string_view line, std::uint32_t& column, bool& cut_before, bool& cut_after) {
        std::uint32_t first = column > context + 1 ? column - context : 1;
        std::uint32_t last = column + context;  // last character kept
        std::size_t begin = 0, end = line.size();
        std::uint32_t col = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
            ++col;
            if (col == first) begin = i;
            if (col == last + 1) {
                end = i;
                break;
            }
        }
        if (col < first) first = 1;  // a column past the line's end: keep the line's start
        cut_before = begin != 0 && first != 1;
        if (!cut_before) begin = 0;
        cut_after = end != line.size();
        column -= first - 1;
        return line.substr(begin, end - begin);
    }

    const source_text* src_ = nullptr;
    std::string file_;
    std::vector<diagnostic> items_;
    redaction secrets_;
    std::size_t kept_errors_ = 0, kept_others_ = 0, left_out_ = 0, errors_left_out_ = 0;
};

}  // namespace certreq
