#!/bin/sh
# check_tab_fresh.sh ASN1PARSER SOURCE_ROOT: regenerates every grammars/*.asn
# table and fails if the checked-in include/certreq/asn1/<name>_tab.hpp differs.
set -eu
parser=$1 root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for g in "$root"/grammars/*.asn; do
  name=$(basename "$g" .asn)
  sh "$root/scripts/gen-asn1-tab.sh" "$parser" "$g" "$name" "$tmp/${name}_tab.hpp"
  if ! diff -u "$root/include/certreq/asn1/${name}_tab.hpp" "$tmp/${name}_tab.hpp"; then
    echo "stale: include/certreq/asn1/${name}_tab.hpp; run scripts/gen-asn1-tab.sh $parser grammars/${name}.asn $name include/certreq/asn1/${name}_tab.hpp" >&2
    status=1
  fi
done
exit $status
