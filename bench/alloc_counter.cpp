// bench/alloc_counter.cpp: a counting global operator new for the benchmark
// binary (der_no_alloc/* fails when the DER primitives allocate). In its own
// translation unit so that GCC does not inline free() into code that it sees
// calling operator new (a -Wmismatched-new-delete false positive).
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

#include "alloc_counter.hpp"

namespace {
std::atomic<std::size_t> g_allocations{0};
}  // namespace

std::size_t bench::allocations() noexcept { return g_allocations.load(std::memory_order_relaxed); }

void* operator new(std::size_t n) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
