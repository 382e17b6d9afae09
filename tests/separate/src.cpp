// The one TU of the separate-compilation test that defines the split entry
// points (certreq/src.hpp); the others only declare them.
#include "certreq/src.hpp"
