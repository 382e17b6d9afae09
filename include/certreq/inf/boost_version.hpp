// inf/boost_version.hpp: the Boost release the INF reader (Spirit X3) was
// built with, for `certreq --version`. Boost is included only under inf/.
#pragma once
#include <boost/version.hpp>

#include <string>

namespace certreq::inf {

inline std::string boost_version() {
    std::string v = std::to_string(BOOST_VERSION / 100000);
    v.append(".").append(std::to_string(BOOST_VERSION / 100 % 1000)).append(".").append(std::to_string(BOOST_VERSION % 100));
    return v;
}

}  // namespace certreq::inf
