/* guard.h: the parse watchdog and crash notes: a message that crashes or hangs the parser is named, then set aside. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_GUARD_H
#define LSD_GUARD_H

/*
 * While a message is parsed, a crash (SIGSEGV, SIGBUS, …) or a parse past its time limit
 * (SIGALRM) writes a note, STORE.crashed ("reason\nkey\n"), before the process dies; the next
 * start reads it and the pipeline quarantines that key before anything else. A kill -9 writes
 * nothing, so it never counts against a message.
 */

/* Installs the handlers; the note is store_path + ".crashed". Once, before the first guard_begin(). */
void guard_init(const char *store_path);
/* Parsing of key begins: the watchdog fires after ms. */
void guard_begin(const char *key, long ms);
/* Parsing ended: the watchdog is off. */
void guard_end(void);
/* The note a crash or hang left: 1 with *key and *why (owned), or 0. A note that cannot be read is
 * logged and kept; one without a key is removed. */
int guard_note_get(char **key, char **why);
/* The note's quarantine is recorded: removes it. */
void guard_note_remove(void);

#endif
