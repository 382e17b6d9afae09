// der/der.hpp: the whole DER writer (std only).
#pragma once
#include "certreq/der/constructed.hpp"
#include "certreq/der/length.hpp"
#include "certreq/der/oid.hpp"
#include "certreq/der/primitives.hpp"
#include "certreq/der/strings.hpp"
#include "certreq/der/tag.hpp"
#include "certreq/der/time.hpp"
#include "certreq/der/writer.hpp"
