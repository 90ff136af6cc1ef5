#include "CCurl.h"

#include <curl/curl.h>
#include <string.h>

typedef struct {
    const char *bytes;
    size_t length;
    size_t offset;
} hermine_reader;

static size_t hermine_read(char *buffer, size_t size, size_t count, void *context) {
    hermine_reader *reader = (hermine_reader *)context;
    size_t room = size * count;
    size_t left = reader->length - reader->offset;
    size_t chunk = left < room ? left : room;
    memcpy(buffer, reader->bytes + reader->offset, chunk);
    reader->offset += chunk;
    return chunk;
}

void hermine_curl_global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

hermine_smtp_result hermine_smtp_send(
    const char *url, const char *username, const char *password, int require_tls, const char *ca_file, const char *from,
    const char *const *recipients, int recipient_count, const char *message, size_t message_length, long connect_timeout_ms,
    long timeout_ms) {
    hermine_smtp_result result;
    memset(&result, 0, sizeof result);
    CURL *curl = curl_easy_init();
    if (curl == NULL) {
        result.code = CURLE_FAILED_INIT;
        strncpy(result.error, "libcurl could not start a transfer", sizeof result.error - 1);
        return result;
    }
    char error[CURL_ERROR_SIZE];
    error[0] = 0;
    struct curl_slist *list = NULL;
    for (int index = 0; index < recipient_count; index++) list = curl_slist_append(list, recipients[index]);
    hermine_reader reader = {message, message_length, 0};

    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (require_tls) curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (ca_file != NULL) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
    if (username != NULL) curl_easy_setopt(curl, CURLOPT_USERNAME, username);
    if (password != NULL) curl_easy_setopt(curl, CURLOPT_PASSWORD, password);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, list);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, hermine_read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)message_length);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);

    CURLcode code = curl_easy_perform(curl);
    result.code = (int)code;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.reply);
    result.sent = reader.offset == message_length && message_length > 0;
    if (code != CURLE_OK) {
        const char *text = error[0] != 0 ? error : curl_easy_strerror(code);
        strncpy(result.error, text, sizeof result.error - 1);
    }
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    return result;
}
