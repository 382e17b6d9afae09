// bench/alloc_counter.hpp: how many times the global operator new ran so far
// (alloc_counter.cpp replaces it in the benchmark binary).
#pragma once
#include <cstddef>

namespace bench {
std::size_t allocations() noexcept;
}  // namespace bench
