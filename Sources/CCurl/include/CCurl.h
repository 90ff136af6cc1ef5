#ifndef HERMINE_CCURL_H
#define HERMINE_CCURL_H

#include <stddef.h>

/// What an SMTP send came to.
typedef struct {
    /// libcurl's result code (0: the server accepted the message).
    int code;
    /// The SMTP server's last reply code (250, 421, 535 …), 0 when none was read.
    long reply;
    /// Whether the message was handed to the server in full before the failure (DATA sent).
    int sent;
    /// libcurl's message, NUL-terminated.
    char error[256];
} hermine_smtp_result;

/// Sends `message` (an RFC 5322 message, CRLF line ends) from `from` to `recipients` through the SMTP server at
/// `url` (`smtp://host:port`, or `smtps://` for TLS from the first byte). `require_tls`: STARTTLS is required
/// (the send fails rather than go in clear). `username`/`password` may be NULL (no AUTH). `ca_file` may be NULL
/// (the system's authorities). Timeouts in milliseconds. Blocking: call it off the event loops.
/// libcurl's variadic `curl_easy_setopt` cannot be called from Swift: this wrapper sets what a send needs.
hermine_smtp_result hermine_smtp_send(
    const char *url, const char *username, const char *password, int require_tls, const char *ca_file, const char *from,
    const char *const *recipients, int recipient_count, const char *message, size_t message_length, long connect_timeout_ms,
    long timeout_ms);

/// Initialises libcurl once for the process (call before any send, from one thread).
void hermine_curl_global_init(void);

#endif
