/*
 * HTTP GET through libcurl, loaded with dlopen on the first request instead of linked.
 *
 * The only HTTP gate does is reading a pull request's reviews from GitHub's API. FoundationNetworking's URLSession
 * did it before, but being linked into the binary it made every start of gate map and relocate libcurl and the TLS,
 * HTTP/2, IDN, Kerberos and LDAP libraries behind it (with libpq, see CLibpq, 4.7 ms of the 10 ms a program
 * linking gate's libraries spent before `main`), for a request most commands never make.
 *
 * The calls below are libcurl's stable easy interface, resolved once (CLibraryLoader) and typed by curl.h.
 */
#include "http_get.h"

#include <curl/curl.h>
#include <library_loader.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef __APPLE__
#define LIBCURL_FILE "libcurl.4.dylib"
#else
#define LIBCURL_FILE "libcurl.so.4"
#endif

/* Typed as curl.h declares them, so the compiler checks every call. */
static struct {
    __typeof__(&curl_global_init) global_init;
    __typeof__(&curl_easy_init) easy_init;
    __typeof__(&curl_easy_setopt) easy_setopt;
    __typeof__(&curl_easy_perform) easy_perform;
    __typeof__(&curl_easy_getinfo) easy_getinfo;
    __typeof__(&curl_easy_strerror) easy_strerror;
    __typeof__(&curl_easy_cleanup) easy_cleanup;
    __typeof__(&curl_slist_append) slist_append;
    __typeof__(&curl_slist_free_all) slist_free_all;
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
/* Empty once libcurl is ready; else why not. */
static char failure[400] = "libcurl was not loaded";

static void load(void) {
    const char *const names[] = {
        "curl_global_init", "curl_easy_init", "curl_easy_setopt", "curl_easy_perform", "curl_easy_getinfo",
        "curl_easy_strerror", "curl_easy_cleanup", "curl_slist_append", "curl_slist_free_all",
    };
    void **const slots[] = {
        (void **)&curl.global_init, (void **)&curl.easy_init, (void **)&curl.easy_setopt, (void **)&curl.easy_perform,
        (void **)&curl.easy_getinfo, (void **)&curl.easy_strerror, (void **)&curl.easy_cleanup,
        (void **)&curl.slist_append, (void **)&curl.slist_free_all,
    };
    if (!gate_load_library(LIBCURL_FILE, "libcurl", names, slots, sizeof names / sizeof names[0], failure, sizeof failure)) {
        return;
    }
    /* Not thread-safe in older libcurls, hence here, once. */
    CURLcode code = curl.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(failure, sizeof failure, "cannot initialise libcurl: %s", curl.easy_strerror(code));
        return;
    }
    failure[0] = '\0';
}

/* Where the body and the headers of one response are collected. */
typedef struct {
    gate_http_response *response;
    size_t max_body;
    size_t capacity;
    int too_large;
} collector;

static size_t collect_body(char *data, size_t size, size_t count, void *context) {
    collector *into = context;
    size_t length = size * count;
    gate_http_response *response = into->response;
    if (response->body_length + length > into->max_body) {
        into->too_large = 1;
        return 0; /* ends the transfer with CURLE_WRITE_ERROR */
    }
    if (response->body_length + length > into->capacity) {
        size_t capacity = into->capacity ? into->capacity : 16384;
        while (capacity < response->body_length + length) capacity *= 2;
        unsigned char *grown = realloc(response->body, capacity);
        if (grown == NULL) return 0;
        response->body = grown;
        into->capacity = capacity;
    }
    memcpy(response->body + response->body_length, data, length);
    response->body_length += length;
    return length;
}

/* Keeps the `Link` header of the last response received (a proxy's or an interim response's come first). */
static size_t collect_header(char *data, size_t size, size_t count, void *context) {
    collector *into = context;
    size_t length = size * count;
    if (length >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        free(into->response->link);
        into->response->link = NULL;
    } else if (length > 5 && strncasecmp(data, "link:", 5) == 0) {
        size_t start = 5, end = length;
        while (start < end && (data[start] == ' ' || data[start] == '\t')) start++;
        while (end > start && (data[end - 1] == '\r' || data[end - 1] == '\n' || data[end - 1] == ' ')) end--;
        char *value = malloc(end - start + 1);
        if (value == NULL) return 0;
        memcpy(value, data + start, end - start);
        value[end - start] = '\0';
        free(into->response->link);
        into->response->link = value;
    }
    return length;
}

int gate_http_get(const char *url, const char *const *headers, int header_count, long timeout_ms, size_t max_body,
                  gate_http_response *response) {
    memset(response, 0, sizeof *response);
    pthread_once(&load_once, load);
    if (failure[0] != '\0') {
        snprintf(response->error, sizeof response->error, "%s", failure);
        return -2;
    }
    /* Checked here whatever the libcurl (CURLOPT_PROTOCOLS_STR below needs 7.85): redirects are not followed, so the
     * URL given is the only one fetched. */
    if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0) {
        snprintf(response->error, sizeof response->error, "only http and https URLs are fetched");
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        snprintf(response->error, sizeof response->error, "curl_easy_init failed");
        return -1;
    }
    struct curl_slist *list = NULL;
    for (int index = 0; index < header_count; index++) {
        struct curl_slist *appended = curl.slist_append(list, headers[index]);
        if (appended == NULL) {
            curl.slist_free_all(list);
            curl.easy_cleanup(handle);
            snprintf(response->error, sizeof response->error, "out of memory");
            return -1;
        }
        list = appended;
    }
    collector into = {.response = response, .max_body = max_body};
    char curl_error[CURL_ERROR_SIZE] = "";
    curl.easy_setopt(handle, CURLOPT_URL, url);
    curl.easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, list);
    curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl.easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl.easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    /* No signals on a process with other threads (the resolver's timeout would use SIGALRM). */
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
    curl.easy_setopt(handle, CURLOPT_ERRORBUFFER, curl_error);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, collect_body);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &into);
    curl.easy_setopt(handle, CURLOPT_HEADERFUNCTION, collect_header);
    curl.easy_setopt(handle, CURLOPT_HEADERDATA, &into);
    CURLcode code = curl.easy_perform(handle);
    int result = 0;
    if (code != CURLE_OK) {
        if (into.too_large) {
            snprintf(response->error, sizeof response->error, "the response is larger than %zu bytes", max_body);
        } else {
            snprintf(response->error, sizeof response->error, "%s", curl_error[0] ? curl_error : curl.easy_strerror(code));
        }
        response->status = 0;
        result = -1;
    } else {
        curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response->status);
        char *location = NULL;
        if (curl.easy_getinfo(handle, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location != NULL) {
            response->location = strdup(location);
        }
    }
    curl.slist_free_all(list);
    curl.easy_cleanup(handle);
    return result;
}

void gate_http_response_free(gate_http_response *response) {
    free(response->body);
    free(response->link);
    free(response->location);
    response->body = NULL;
    response->link = NULL;
    response->location = NULL;
    response->body_length = 0;
}
