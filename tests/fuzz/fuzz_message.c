/* fuzz_message.c: libFuzzer target for a whole message (RFC 5322/MIME through GMime, every attachment, the LS
 * templates, roadmap rows, the JSON): any bytes give an analysis or a clear refusal, and never hang. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdint.h>
#include <stdlib.h>

#include "analyze.h"
#include "message.h"
#include "sdo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static struct extract_limits lim;
	struct analyze_opts o = {NULL, "tsbjcamv@itu.int", &lim, 0, NULL, 0};
	struct analysis *a = NULL;
	struct buf b = {0};
	struct msg *m;
	char *err = NULL;

	if (!ready) {
		msg_library_init();
		extract_limits_default(&lim);
		lim.max_uncompressed = (size_t)16 << 20;
		lim.max_blocks = 20000;
		lim.max_seconds = 5;
		ready = 1;
	}
	o.dir = sdo_dir_builtin();
	m = msg_parse(data, size, &err);
	if ((m == NULL) == (err == NULL))
		abort(); /* a refusal always says why, and only a refusal does */
	if (m) {
		a = analyze_message(m, &o);
		analysis_json(&b, "fuzz.eml", m, a);
	}
	buf_free(&b);
	analysis_free(a);
	msg_free(m);
	free(err);
	return 0;
}
