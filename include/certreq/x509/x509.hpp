// x509/x509.hpp: model -> DER for names, extensions, attributes, CSRs and certificates.
#pragma once
#include "certreq/x509/algorithm.hpp"
#include "certreq/x509/attributes.hpp"
#include "certreq/x509/certificate.hpp"
#include "certreq/x509/csr.hpp"
#include "certreq/x509/extension.hpp"
#include "certreq/x509/general_name.hpp"
#include "certreq/x509/name.hpp"
#include "certreq/oids/registry.hpp"
