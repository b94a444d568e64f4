/* caps.h: the limits more than one layer applies, each in one place. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_CAPS_H
#define LSD_CAPS_H

/* One raw message (or file given to liaisonctl parse): larger mail is quarantined unread, since it
 * would be held in memory whole. Also the extractors' default cap on one document's input. */
#define LSD_MAX_MESSAGE (64u * 1024 * 1024)

#endif
