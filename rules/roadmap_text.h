/* roadmap_text.h: the roadmap template in tables written as text. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ROADMAP_TEXT_H
#define LSD_ROADMAP_TEXT_H

#include <stddef.h>
#include "roadmap.h"

/* Template rows in tables written as text (TAB, '|' or space-aligned columns); rows added. */
size_t rm_from_text(const struct doc *doc, struct rm_rows *out);

#endif
