#ifndef GATE_HTTP_GET_H
#define GATE_HTTP_GET_H

#include <stddef.h>

/* One HTTP response as gate_http_get received it; gate_http_response_free releases what it holds. */
typedef struct gate_http_response {
    /* The status code (0 when no response arrived: then `error` says why). */
    long status;
    unsigned char *body;
    size_t body_length;
    /* The `Link` header's value, or NULL. */
    char *link;
    /* A redirect's target (`Location`, made absolute), or NULL: redirects are never followed here. */
    char *location;
    /* Empty, or why the request failed (no response, a library that could not be loaded). */
    char error[512];
} gate_http_response;

/*
 * GET `url` with `header_count` request headers ("Name: value"), within `timeout_ms` for the whole exchange and
 * over http or https only, with libcurl, loaded on the first call. Returns 0 when a response arrived (any status),
 * -1 when none did, -2 when libcurl could not be loaded. A body larger than `max_body` bytes ends the transfer as an error. Always call
 * gate_http_response_free on `response` afterwards.
 */
int gate_http_get(const char *url, const char *const *headers, int header_count, long timeout_ms, size_t max_body,
                  gate_http_response *response);

void gate_http_response_free(gate_http_response *response);

#endif
