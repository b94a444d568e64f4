/* service.h: what makes liaisond a service: one daemon per store (a lock), signals, systemd's notify protocol. */
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

/* Sleeps secs seconds, or less when a signal asks to stop or reload. */
void service_sleep(long secs);

#endif
