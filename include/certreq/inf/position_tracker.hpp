// inf/position_tracker.hpp: maps addresses in a source_text to line/column.
// The reader asks in (mostly) increasing order, so the tracker walks forward
// from the last answer instead of rescanning the line: linear overall.
#pragma once
#include <cstddef>
#include <cstring>
#include <cstdint>

#include "certreq/core/position.hpp"
#include "certreq/core/source.hpp"

namespace certreq::inf {

class position_tracker {
public:
    explicit position_tracker(const source_text& src) : src_(&src), base_(src.text().data()) { reset(0); }

    // at returns the position of the byte at address `p` inside the text.
    position at(const char* p) {
        std::size_t off = static_cast<std::size_t>(p - base_);
        if (off >= next_line_ || off < line_start_) {
            reset(off);
        } else if (off < last_) {   // back on the same line: recount from its start
            last_ = line_start_;
            col_ = 1;
        }
        count_to(off);
        return {line_, col_};
    }

private:
    // count_to advances the column to byte `off`: one per code point, that is
    // per byte that is not a UTF-8 continuation byte (10xxxxxx), counted
    // eight bytes at a time.
    void count_to(std::size_t off) noexcept {
        constexpr std::uint64_t high = 0x8080808080808080u;
        while (off - last_ >= 8) {
            std::uint64_t w;
            std::memcpy(&w, base_ + last_, 8);
            last_ += 8;
            if ((w & high) == 0) {   // ASCII
                col_ += 8;
                continue;
            }
            // Bit 7 of each continuation byte; the multiply sums the bytes.
            std::uint64_t continuation = (w & ~(w << 1) & high) >> 7;
            col_ += static_cast<std::uint32_t>(8 - ((continuation * 0x0101010101010101u) >> 56));
        }
        for (; last_ < off; ++last_)
            if ((static_cast<unsigned char>(base_[last_]) & 0xC0) != 0x80) ++col_;
    }

    void reset(std::size_t off) {
        // Usually `off` is on the next line or one soon after: step there
        // instead of searching the whole line index.
        const std::size_t n = src_->line_count();
        if (off >= line_start_ && line_ <= n) {
            std::uint32_t l = line_;
            for (int k = 0; k < 8 && l < n && src_->offset_of_line(l + 1) <= off; ++k) ++l;
            if (l >= n || src_->offset_of_line(l + 1) > off) {
                line_ = l;
                col_ = 1;
                line_start_ = src_->offset_of_line(l);
                last_ = line_start_;
                next_line_ = l < n ? src_->offset_of_line(l + 1) : src_->text().size() + 1;
                return;   // at() counts the columns up to `off`
            }
        }
        position p = src_->position_of(off);
        line_ = p.line;
        col_ = p.column;
        last_ = off;
        line_start_ = src_->offset_of_line(line_);
        next_line_ = line_ < src_->line_count() ? src_->offset_of_line(line_ + 1) : src_->text().size() + 1;
    }

    const source_text* src_;
    const char* base_;
    std::uint32_t line_ = 1, col_ = 1;
    std::size_t last_ = 0, line_start_ = 0, next_line_ = 0;
};

}  // namespace certreq::inf
