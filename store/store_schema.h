/* store_schema.h: the store's tables, created or upgraded when the store is opened (store/ only). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_STORE_SCHEMA_H
#define LSD_STORE_SCHEMA_H

struct store;

/*
 * Creates the tables, or runs the migrations past PRAGMA user_version, in one transaction; a store
 * newer than this program is refused. 0 ok, -1 error (the message in st->errbuf).
 */
int store_migrate(struct store *st);
/*
 * Reads PRAGMA user_version without a write transaction (a reader never waits for the daemon):
 * *behind is 1 when migrations are due. 0 ok, -1 error or a store newer than this program (st->errbuf).
 */
int store_schema_check(struct store *st, int *behind);
/* The schema version this program writes (the number of migrations). */
int store_schema_target(void);

/* The schema version this program migrates to (tests compare with it rather than a number). */
int store_schema_target(void);

/* The schema version this program creates and migrates to (PRAGMA user_version). */
int store_schema_target(void);

#endif
