#!/bin/bash
# test_roadmap_office_exports.sh: roadmap inputs as office tools write them (Google Sheets and Excel exports,
# SPDX-License-Identifier: Apache-2.0
# category headings instead of a Category column, numbered rows, translated headers, wrapped TAB rows, split and
# content-control tables, an LS carrying the template in its annex) parse to their labels, and the annex's rows
# are filed in the store although the message is a liaison statement.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
FX=$SRC/tests/fixtures/roadmap_office_exports
"$LIAISONCTL" parse --json "$FX"/*.eml >"$T/out.jsonl"
check_eq "parse exits 0" "$?" 0
if python3 "$SRC/tests/compare.py" "$FX" "$T/out.jsonl" >"$T/cmp"; then
	ok "all roadmap fixtures match their labels ($(tail -1 "$T/cmp"))"
else
	fail "roadmap fixtures differ from their labels:"; cat "$T/cmp"
fi
# Abbreviated and lower-case categories are the template's own: no warning, and grouped with them.
check "abbreviated categories are known" \
	bash -c "! grep 'v14-categories' '$T/out.jsonl' | grep -q 'unknown category'"
# The bullet list is not a table: nothing is filed from it, and nothing is warned about.
check "the bullet list gives no rows and no warnings" \
	bash -c "grep 'v12-bullets' '$T/out.jsonl' | grep -q '\"roadmap\": \[\], .*\"warnings\": \[\]'"

# The LS with the template in its annex, through liaisond: filed as a liaison, its rows in the roadmap.
mkdir -p "$T/md/new" "$T/md/cur" "$T/md/tmp" "$T/spool"
write_conf "$T/conf" "$T/db" "$T/md" "$T/spool"
cp "$FX/v03-docx-ls-with-annex-roadmap.eml" "$T/md/new/1700000000.M1P1.office"
cp "$FX/v06-docx-category-group-rows.eml" "$T/md/new/1700000000.M2P1.office"
"$LIAISOND" -c "$T/conf" --once >"$T/d.out" 2>&1
check_eq "liaisond --once exits 0" "$?" 0
"$LIAISONCTL" -c "$T/conf" list --json >"$T/list.jsonl"
check "the LS is filed as a liaison" grep -q '"kind": "liaison"' "$T/list.jsonl"
"$LIAISONCTL" -c "$T/conf" roadmap export --format json -o "$T/roadmap.json"
check_eq "roadmap export exits 0" "$?" 0
check "the LS annex's rows are in the roadmap" grep -q 'H.MV-MDR' "$T/roadmap.json"
check "rows under a category heading keep its category" \
	python3 -c "
import json, sys
rows = [json.loads(l) for l in open('$T/roadmap.json') if l.strip()]
cat = {r['reference']: r['category'] for r in rows}
sys.exit(0 if cat.get('TS 26.565') == 'Enabling Technology' and cat.get('H.MV-MDR') == 'Enabling Technology' else 1)"
finish
