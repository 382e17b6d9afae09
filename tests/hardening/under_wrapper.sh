#!/bin/sh
# under_wrapper.sh: stands in for the certreq binary in driver test scripts
# that take its path, and runs the real one ($CERTREQ_REAL) under
# $CERTREQ_WRAPPER (e.g. valgrind; word-split on purpose). Used by the
# `valgrind` test setup (meson.build) for the scripts of tests/driver.
# shellcheck disable=SC2086
exec ${CERTREQ_WRAPPER:-} "$CERTREQ_REAL" "$@"
