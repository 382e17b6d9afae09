// Compiled by tests/der/meson.build: with -DBAD_OID="..." this must NOT
// compile (der::oid_literal parses at compile time); with -DGOOD it must.
#include "certreq/der/oid.hpp"

#ifdef GOOD
constexpr certreq::der::oid_literal oid{"1.2.840.113549.1.1.11"};
#else
constexpr certreq::der::oid_literal oid{BAD_OID};
#endif

int main() { return oid.body().size() == 9 ? 0 : 1; }
