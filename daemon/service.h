/* service.h: what makes liaisond a service: one daemon per store (a lock), signals, systemd's notify protocol. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_SERVICE_H
#define LSD_SERVICE_H

#include <signal.h>

/* Set by SIGTERM/SIGINT and SIGHUP; the main loop reads and clears them. */
extern volatile sig_atomic_t service_stop, service_reload;

/* SIGTERM/SIGINT set service_stop, SIGHUP sets service_reload, SIGPIPE is ignored. */
void service_signals(void);

/*
 * Takes the exclusive lock STORE.lock (creating the store's folder on a first start) and writes
 * our pid into it. 0 with *fd (owned: the lock lasts while it is open), -1 when another daemon
 * holds it or the file cannot be opened (logged, naming the other pid).
 */
int service_lock(const char *store_path, int *fd);

/* Tells systemd our state ("READY=1", "RELOADING=1", "STOPPING=1"); nothing without systemd. */
void service_notify(const char *state);

/* A one-line status for `systemctl status` (STATUS=); nothing without systemd. */
void service_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Feeds systemd's watchdog (WatchdogSec=) when it is on, at most twice a period: called by the
 * main loop while it sleeps and by the pipeline for every message, so a long cycle is not taken
 * for a hang, while a daemon stuck anywhere is restarted.
 */
void service_alive(void);

/* Sleeps secs seconds, or less when a signal asks to stop or reload; feeds the watchdog meanwhile. */
void service_sleep(long secs);

#endif
