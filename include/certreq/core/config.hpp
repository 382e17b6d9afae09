// core/config.hpp: header-only (the default) or separate compilation.
//
// With -DCERTREQ_SEPARATE_COMPILATION in every translation unit, the heavy
// entry points (the INF reader, the lowering, building and saving a request,
// the verbs' run_* functions) are declared only: a TU that calls them parses
// and instantiates none of their machinery (Boost.Spirit among it). Exactly
// one TU of the program then includes "certreq/src.hpp", which defines them.
// Without the macro, every header defines what it declares (inline).
//
// A split header declares its entry points with CERTREQ_DECL and keeps the
// definitions in a .ipp file of the same name, which it includes only in
// header-only mode (CERTREQ_HEADER_ONLY).
#pragma once

#if defined(CERTREQ_SEPARATE_COMPILATION)
#define CERTREQ_DECL
#else
#define CERTREQ_HEADER_ONLY 1
#define CERTREQ_DECL inline
#endif
