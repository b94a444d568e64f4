#!/bin/bash
# test_answers.sh: answers recognised as bodies send them, claimed ones, by hand; document numbers; acknowledgements.
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failure_logs() { echo "$T/log"; }
mkdir -p "$T/src" "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp" "$T/Maildir/.Sent/cur"
write_conf "$T/conf" "$T/liaisond.db" "$T/Maildir" "$T/spool"
# No sent_folders written: the default, [ "Sent" ], makes .Sent the secretariat's own. Acknowledgements go to mail
# of the last 14 days only, the default.
sed -i 's/acknowledge_max_age = 0;//; s/digest_time = "00:00"/digest_time = "23:59"/' "$T/conf"
CTL=("$LIAISONCTL" -c "$T/conf")

# letter FILE FROM DATE MESSAGE-ID SUBJECT SOURCE TITLE BODY [HEADER]: a plain-text statement.
letter() {
	{
		echo "From: $2"
		[ -n "${9:-}" ] && echo "$9"
		echo "To: tsbjcamv@itu.int"
		echo "Subject: $5"
		echo "Date: $3"
		echo "Message-ID: $4"
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset="utf-8"\n\nLIAISON STATEMENT\n%s\n\n' "${5%%:*}"
		printf 'Source:\t%s\nTitle:\t%s\nFor action to:\tITU-T JCA-MV\nDeadline:\t30 April 2026\n' "$6" "$7"
		printf 'Contact:\tAnn Editor, liaison officer, E-mail: ann.editor@example.org\n\n%s\n' "$8"
	} >"$1"
}
# Filed in the order of their names (a delivery time first): SC 29's answer comes before our statement.
letter "$T/src/1760000001.M1.sc29" "SC 29 Liaison <sc29-liaison@example.org>" "Mon, 02 Feb 2026 09:00:00 +0000" \
	"<sc29-ls7@sc29.example>" "SC29-LS7: Reply to JCA-MV-LS1" "ISO/IEC JTC 1/SC 29" "Reply to JCA-MV-LS1" \
	"SC 29 names its representative." "Reply-To: SC 29 Liaisons <liaisons@sc29.example>"
cp "$CORPUS/p03-outgoing-ls-from-secretariat.eml" "$T/src/1760000002.M2.p03" # JCA-MV-LS1, deadline 2026-03-15
# 3GPP SA WG1 answers for 3GPP TSG SA, naming the statement only in its text, no reply-to field, no thread.
letter "$T/src/1760000003.M3.sa1" "3GPP Liaisons <3GPPLiaison@etsi.org>" "Wed, 04 Feb 2026 09:00:00 +0000" \
	"<s1-260001@3gpp.example>" "S1-260001: LS on metaverse services" "3GPP TSG SA WG1" "LS on metaverse services" \
	"SA1 has studied the JCA-MV LS1 and sends its view on the roadmap."
# SC 24's roadmap input, inside the statement's window, not in its thread.
cp "$CORPUS/p05-roadmap-input-csv.eml" "$T/src/1760000004.M4.sc24"
# "W3C" from an address W3C never registered: a claim, not an answer.
letter "$T/src/1760000005.M5.w3c" "Someone <someone@mail.example>" "Tue, 03 Feb 2026 09:00:00 +0000" \
	"<w3c-claim@mail.example>" "W3C-LS2: Answer to JCA-MV-LS1" "W3C" "Answer to JCA-MV-LS1" "W3C answers."
# An old statement: filed, never acknowledged.
letter "$T/src/1760000006.M6.old" "SG21 <tsbsg21@itu.int>" "Mon, 02 Jun 2025 09:00:00 +0000" \
	"<sg21-ls1@itu.int>" "SG21-LS1: An old statement" "ITU-T SG21" "An old statement" "Long ago."
for f in "$T"/src/*; do
	case $f in *p03) cp "$f" "$T/Maildir/.Sent/cur/" ;; *) cp "$f" "$T/Maildir/new/" ;; esac
done
"${CTL[@]}" init >/dev/null 2>>"$T/log"
"${CTL[@]}" sdo contact add "JTC 1/SC 29" sc29-liaison@example.org >/dev/null 2>>"$T/log"
"${CTL[@]}" sdo contact add "JTC 1 SC 24" sc24-secretariat@bsigroup.example >/dev/null 2>>"$T/log"
"$LIAISOND" --once -c "$T/conf" --now 2026-02-10T10:00:00Z 2>>"$T/log"

check_eq "everything is filed" "$("${CTL[@]}" list --json | wc -l)" 6
dl() { "${CTL[@]}" deadlines --json --all --now 2026-02-10 | grep "\"sdo\": \"$1\""; }
has() { dl "$1" | grep -q "$2"; } # has SDO PATTERN: that body's obligation, as deadlines --json gives it
docno() { "${CTL[@]}" show --json "$1" | grep -o '"docno": "[^"]*"' | head -1 | cut -d'"' -f4; }
SC29=$(docno SC29-LS7)
check "SC 29's statement has a document number" test -n "$SC29"
check "SC 29 answered before our statement was filed: linked when it was" \
	has "ISO/IEC JTC 1/SC 29" "\"state\": \"answered\".*\"how\": \"auto\".*\"docno\": \"$SC29\""
check "3GPP SA WG1 answers for 3GPP TSG SA by naming the number in its text" \
	has "3GPP TSG SA" '"state": "answered".*"how": "auto"'
check "SC 24's roadmap input inside the window answers without In-Reply-To" \
	has "ISO/IEC JTC 1/SC 24" '"state": "answered"'
check "W3C's from a foreign address is a claim: still open, marked claimed" \
	has W3C '"state": "open".*"claimed": true.*"how": "claimed"'
check_eq "the four silent bodies are open with nothing claimed" \
	"$("${CTL[@]}" deadlines --json --all --now 2026-02-10 | grep '"ref": "JCA-MV-LS1"' |
		grep -c '"state": "open", .*"answer": null')" 4
"${CTL[@]}" deadlines --now 2026-02-10 >"$T/dl.txt"
check "deadlines shows the claim" grep -q ' W3C .*#[0-9]* (claimed)\| W3C .*JCA-MV-Doc-[0-9]* (claimed)' "$T/dl.txt"
check "deadlines shows an answered body only with --all" bash -c "! grep -q 'SC 29' '$T/dl.txt'"
"${CTL[@]}" deadlines --all --now 2026-02-10 >"$T/dl-all.txt"
check "deadlines --all shows who answered with which document" grep -q "SC 29 .*$SC29 (auto)" "$T/dl-all.txt"
"${CTL[@]}" digest --dry-run --now 2026-02-10T12:00:00Z >"$T/digest.eml"
mail_text "$T/digest.eml" >"$T/digest.txt"
check "the digest shows the claim, to confirm" \
	grep -q "^    - W3C  for action  \[claimed by \(#[0-9]*\|JCA-MV-Doc-[0-9]*\), to confirm\]" "$T/digest.txt"

# Document numbers: incoming statements and roadmap inputs, in filing order, in list and show.
"${CTL[@]}" list --format csv >"$T/list.csv"
check_eq "five numbered documents (our own statement is not)" "$(grep -c ',JCA-MV-Doc-[0-9][0-9][0-9],' "$T/list.csv")" 5
check "list shows the first number" grep -q ",JCA-MV-Doc-001," "$T/list.csv"
check "show prints the number" bash -c "'$LIAISONCTL' -c '$T/conf' show SC29-LS7 | grep -q '^Number: *JCA-MV-Doc-001'"
check "show finds a document by its number" bash -c "'$LIAISONCTL' -c '$T/conf' show JCA-MV-Doc-001 | grep -q SC29-LS7"
SC24=$(docno "<sc24-rm.20260203@bsigroup.example>")
check "the roadmap export names the source document by its number" \
	bash -c "'$LIAISONCTL' -c '$T/conf' roadmap export --format json | grep -q '\"docno\": \"$SC24\"'"
check "so does its CSV" bash -c "'$LIAISONCTL' -c '$T/conf' roadmap export --format csv | grep -q '<sc24-rm[^,]*,$SC24.$'"

# Acknowledgements: to Reply-To, quoting the number, echoing what was read, naming the statement answered.
# ack_to ADDRESS: the acknowledgement sent to ADDRESS, decoded (quoted-printable folds long lines) into a file.
ack_to() {
	local f
	f=$(grep -l "^X-Envelope-To: <$1>" "$T"/spool/ack-*.eml 2>/dev/null | head -1)
	[ -n "$f" ] || return 0
	python3 -c 'import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
print("Subject:", m["Subject"]); print(m.get_content())' "$f" >"$f.txt"
	echo "$f.txt"
}
A=$(ack_to liaisons@sc29.example)
check "SC 29's acknowledgement goes to its Reply-To" test -n "$A"
check_eq "not to its From" "$(ack_to sc29-liaison@example.org)" ""
check "it quotes the document number" grep -q "Please quote $SC29" "${A:-/dev/null}"
check "and echoes the bodies for action and the contact read" \
	bash -c "grep -q '^  For action: *ITU-T JCA-MV' '${A:-/dev/null}' && grep -q 'Ann Editor' '${A:-/dev/null}'"
check "it names whom to write to when something was misread" grep -q "misread, please write to" "${A:-/dev/null}"
A=$(ack_to 3gppliaison@etsi.org)
check "SA1's acknowledgement says which statement of ours it answers" \
	grep -q "It answers our statement JCA-MV-LS1\.$" "${A:-/dev/null}"
A=$(ack_to someone@mail.example)
check "the claim's acknowledgement says it is a claim, to be confirmed" \
	grep -q "It says it answers our statement JCA-MV-LS1; as it does not come from an address" "${A:-/dev/null}"
A=$(ack_to sc24-secretariat@bsigroup.example)
check "the roadmap input's acknowledgement has the rows' seven fields" \
	grep -q "^  body | reference | type | title | status | category | summary" "${A:-/dev/null}"
check_eq "the statement of June 2025 is filed but not acknowledged" "$(ack_to tsbsg21@itu.int)" ""
check "the log says why" grep -q "not acknowledged: dated more than 14 days ago" "$T/log"

# By hand: a person confirms the claim, reopens another; every change an event.
"${CTL[@]}" answer JCA-MV-LS1 W3C --by "$(docno W3C-LS2)" --note "confirmed by phone" >/dev/null
check_eq "answer exits 0" "$?" 0
check "W3C is answered by hand, with the note" \
	has W3C '"state": "answered".*"how": "manual".*"note": "confirmed by phone"'
"${CTL[@]}" unanswer JCA-MV-LS1 "3GPP TSG SA" >/dev/null
check_eq "unanswer exits 0" "$?" 0
check "3GPP TSG SA is open again" has "3GPP TSG SA" '"state": "open"'
check_eq "both are events" "$(sqlite3 "$T/liaisond.db" \
	"SELECT count(*) FROM event WHERE what IN ('answer set', 'answer removed')")" 2
check_eq "and every automatic link and claim was one" "$(sqlite3 "$T/liaisond.db" \
	"SELECT count(*) FROM event WHERE what IN ('answered', 'answer claimed')")" 4
"${CTL[@]}" answer JCA-MV-LS1 "No Such Body" 2>/dev/null
check_eq "an obligation that does not exist: exit 1" "$?" 1
"${CTL[@]}" answer JCA-MV-LS1 2>/dev/null
check_eq "a missing operand: exit 2" "$?" 2
"${CTL[@]}" answer JCA-MV-LS1 W3C --by 9999 2>/dev/null
check_eq "--by a document that does not exist: exit 1" "$?" 1

# The filing path's statements use indexes: no full scan of the documents, statements or obligations.
plan=$(sqlite3 "$T/liaisond.db" "EXPLAIN QUERY PLAN SELECT o.id, l.document_id, b.trusted, o.sdo FROM doc_body b
	JOIN obligation o ON o.sdo = b.sdo AND o.state = 'open' JOIN liaison l ON l.id = o.liaison_id
	WHERE b.document_id = 3 AND l.document_id != 3;
	EXPLAIN QUERY PLAN SELECT o.id, b.document_id, b.trusted, o.sdo FROM liaison l JOIN obligation o
	ON o.liaison_id = l.id AND o.state = 'open' JOIN doc_body b ON b.sdo = o.sdo WHERE l.document_id = 2
	AND b.document_id != 2; EXPLAIN QUERY PLAN SELECT id FROM liaison WHERE ref_key = 'JCAMVLS1'")
check_not "answer linking never scans a table" grep -q "SCAN" <<<"$plan"

# iCalendar: one event per statement and body, its UID from the number and the body.
"${CTL[@]}" ics -o "$T/a.ics"
check "the UID is the statement's number and the body" grep -q "^UID:JCAMVLS1-isoiecjtc1sc36@liaisond" "$T/a.ics"
# A store rebuilt from the same mail gives the same UIDs, a corrected deadline too.
mkdir -p "$T/re/Maildir/new" "$T/re/Maildir/cur" "$T/re/Maildir/tmp" "$T/re/Maildir/.Sent/cur"
cp "$T"/src/*.p03 "$T/re/Maildir/.Sent/cur/"
write_conf "$T/re/conf" "$T/re/liaisond.db" "$T/re/Maildir" "$T/re/spool"
"$LIAISOND" --once -c "$T/re/conf" --now 2026-02-10T10:00:00Z 2>>"$T/log"
"$LIAISONCTL" -c "$T/re/conf" ics -o "$T/b.ics"
uids() { grep '^UID:JCAMVLS1-' "$1" | sort; }
check_eq "the rebuilt store's calendar has the same UIDs (and those of the bodies answered in the first)" \
	"$(comm -23 <(uids "$T/a.ics") <(uids "$T/b.ics") | wc -l)/$(uids "$T/b.ics" | wc -l)" 0/8
sqlite3 "$T/re/liaisond.db" "UPDATE obligation SET deadline = '2026-03-31'"
"$LIAISONCTL" -c "$T/re/conf" ics -o "$T/c.ics"
check_eq "a corrected deadline keeps them" "$(grep '^UID:' "$T/c.ics" | sort | md5sum)" \
	"$(grep '^UID:' "$T/b.ics" | sort | md5sum)"
finish
