/* fuzz_zip.c: libFuzzer target for a .zip archive of documents (members read by their extractors, nested once): any
 * input must give a document or an error, nothing else. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdint.h>
#include <stdlib.h>

#include "archive.h"
#include "xout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct extract_limits lim;
	struct doc *d = NULL;
	char *err = NULL;
	int rc;

	/* Tighter than the daemon's, so one input cannot eat the fuzzer's time or memory budget. */
	extract_limits_default(&lim);
	lim.max_uncompressed = (size_t)16 << 20;
	lim.max_blocks = 20000;
	lim.max_seconds = 5;
	rc = archive_extract(data, size, NULL, &lim, 0, &d, &err);
	if ((rc == 0) != (d != NULL) || (rc != 0) != (err != NULL))
		abort();
	free(doc_text(d));
	doc_free(d);
	free(err);
	return 0;
}
