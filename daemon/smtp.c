/* smtp.c: the smtp:/smtps: transport over libcurl (RFC 5321, STARTTLS RFC 3207); TLS verified by default. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "transport.h"
#include "util.h"

struct reader {
	const char *data;
	size_t len, off;
};

static size_t
read_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct reader *r = arg;
	size_t n = size * nmemb;

	if (n > r->len - r->off)
		n = r->len - r->off;
	memcpy(ptr, r->data + r->off, n);
	r->off += n;
	return n;
}

/* Debian 12's libcurl passes CR and LF through to the wire: an address must never carry them. */
static int
bad_address(const char *a)
{
	return !a || !*a || str_has_ctl(a) || strchr(a, '<') || strchr(a, '>') || strlen(a) > 320;
}

static int
smtp_send(struct transport *t, const char *mail_from, const char *const *rcpt, size_t nrcpt, const char *data,
    size_t len, const char *key, char **err)
{
	const struct config *c = t->cfg;
	struct curl_slist *to = NULL;
	struct reader r = {data, len, 0};
	char errbuf[CURL_ERROR_SIZE] = "";
	char *from = NULL;
	long code = 0;
	CURL *h = NULL;
	CURLcode cc;
	int rc = TR_FAIL;

	if (bad_address(mail_from)) {
		*err = xstrdup("smtp: refusing an envelope sender with control characters");
		goto out;
	}
	for (size_t i = 0; i < nrcpt; i++) {
		char *a;
		if (bad_address(rcpt[i])) {
			*err = xstrdup("smtp: refusing a recipient with control characters");
			goto out;
		}
		a = xasprintf("<%s>", rcpt[i]);
		to = curl_slist_append(to, a);
		free(a);
	}
	from = xasprintf("<%s>", mail_from);
	if (!(h = curl_easy_init())) {
		*err = xstrdup("smtp: cannot initialise libcurl");
		rc = TR_RETRY;
		goto out;
	}
	curl_easy_setopt(h, CURLOPT_URL, c->smtp_url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &r);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 300L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, c->smtp_tls.verify ? 1L : 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, c->smtp_tls.verify ? 2L : 0L);
	if (*c->smtp_tls.ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->smtp_tls.ca_file);
	if (strncmp(c->smtp_url, "smtp://", 7) == 0)
		curl_easy_setopt(
		    h, CURLOPT_USE_SSL, c->smtp_tls.starttls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
	if (*c->smtp_user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->smtp_user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->smtp_password);
	}
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (cc == CURLE_OK) {
		rc = TR_OK;
		goto out;
	}
	*err = xasprintf("smtp: %s%s%s (reply %ld)", curl_easy_strerror(cc), *errbuf ? ": " : "", errbuf, code);
	/* 5xx is the server's final word; anything else (4xx, network, TLS set-up) may pass later. */
	rc = (code >= 500 && code < 600) ? TR_FAIL : TR_RETRY;
out:
	if (h)
		curl_easy_cleanup(h);
	curl_slist_free_all(to);
	free(from);
	(void)key;
	return rc;
}

const struct transport_ops smtp_transport_ops = {
    .name = "smtp",
    .send = smtp_send,
    .free = NULL,
};
