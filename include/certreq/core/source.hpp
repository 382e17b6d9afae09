// core/source.hpp: a named UTF-8 text with a line index, so that byte offsets
// turn into line/column positions and diagnostics can quote the line.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreq/core/position.hpp"

namespace certreq {

class source_text {
public:
    source_text() = default;
    // Takes UTF-8 text with any of CRLF, LF or CR line ends.
    source_text(std::string name, std::string utf8) : name_(std::move(name)), text_(std::move(utf8)) {
        index_lines();
    }

    const std::string& name() const noexcept { return name_; }
    std::string_view text() const noexcept { return text_; }
    std::size_t line_count() const noexcept { return starts_.size(); }

    // offset_of_line returns the byte offset where 1-based line `line` starts.
    std::size_t offset_of_line(std::uint32_t line) const noexcept {
        if (line == 0 || line > starts_.size()) return text_.size();
        return starts_[line - 1];
    }

    // line returns the text of a 1-based line without its line end ("" if out of range).
    std::string_view line(std::uint32_t line) const noexcept {
        if (line == 0 || line > starts_.size()) return {};
        std::size_t b = starts_[line - 1];
        std::size_t e = b;
        while (e < text_.size() && text_[e] != '\n' && text_[e] != '\r') ++e;
        return std::string_view(text_).substr(b, e - b);
    }

    // position_of maps a byte offset into the text to line and code-point column.
    position position_of(std::size_t offset) const noexcept {
        if (starts_.empty()) return {1, 1};
        offset = std::min(offset, text_.size());
        auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
        auto line = static_cast<std::uint32_t>(it - starts_.begin());
        std::uint32_t col = 1;
        for (std::size_t i = starts_[line - 1]; i < offset; ++i)
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
        return {line, col};
    }

private:
    void index_lines() {
        starts_.clear();
        starts_.push_back(0);
        for (std::size_t i = 0; i < text_.size(); ++i) {
            char c = text_[i];
            if (c == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n') ++i;
            if (c == '\r' || c == '\n') starts_.push_back(static_cast<std::uint32_t>(i + 1));
        }
    }

    std::string name_;
    std::string text_;
    std::vector<std::uint32_t> starts_;
};

}  // namespace certreq
