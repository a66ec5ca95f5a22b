// The memory allocator of newsline's programs: the CLI and the benchmarks.
//
// They run on jemalloc when the build has it (CMake option NEWSLINE_JEMALLOC,
// on by default, off in sanitizer builds, whose allocator must be their own),
// with its memory backed by transparent huge pages. RE2 builds its automata
// lazily, a state at a time, in small allocations spread over the heap; a
// search follows a pointer from state to state for each byte of text, and
// with the heap in 4 KB pages, hundreds of rules' automata presumably need
// more page translations than the TLB holds. On 2 MB pages one job analyzes
// news text 4-10% faster (docs/PERFORMANCE.md). The settings are in
// allocator.cc; MALLOC_CONF in the environment overrides them.
//
// Link newsline::allocator into executables only: it defines jemalloc's
// `malloc_conf`. Libraries and tests run on their program's allocator.
#ifndef NEWSLINE_TOOLS_ALLOCATOR_H_
#define NEWSLINE_TOOLS_ALLOCATOR_H_

#include <string>

namespace newsline {

// The allocator in use, for --version: "jemalloc 5.3.0-... (huge pages:
// always)", or "the C library's malloc" in builds without jemalloc.
std::string AllocatorDescription();

}  // namespace newsline

#endif  // NEWSLINE_TOOLS_ALLOCATOR_H_
