// The guest side of test:http (world c-http, tests/components/wit/http.wit): a wasi:http/proxy handler written
// against the canonical ABI by hand. Every answer is 200 with a text report in the body and the trailer
// `x-guest-trailer: bytes=N` (N: the body bytes the guest read).
//   /echo-trailers            reads the request body to the end, then its trailers: "bytes=N" and "trailer NAME=VALUE" lines
//   /fetch/AUTHORITY/PATH      GET http://AUTHORITY/PATH through wasi:http/outgoing-handler: "status=S", "bytes=N" and
//                              the response's trailers, or "error=CODE" / "stream-error=CODE" with the error-code's case
//   /fetch-timeout/KIND/AUTHORITY/PATH  the same with a 200 ms timeout of one KIND of request-options: connect,
//                              first-byte or between-bytes
// The export `fetch(authority, path) -> string` returns the report of /fetch/AUTHORITY/PATH, for `wasmcs run --invoke`.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------- memory
// Lists the host returns (body chunks, field entries, strings) are allocated here; a request starts afresh and a
// body chunk's space is reused by the next.

static uint8_t heap[512 * 1024] __attribute__((aligned(8)));
static size_t heap_top;

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  size_t at = (heap_top + align - 1) & ~(align - 1);
  if (at + new_size > sizeof heap) __builtin_trap();
  heap_top = at + new_size;
  if (old) memcpy(heap + at, old, old_size < new_size ? old_size : new_size);
  return heap + at;
}

// The return area of every import call whose result does not fit one value (8-aligned: error-code holds a u64).
static uint8_t ret[64] __attribute__((aligned(8)));
#define U8(off) (ret[off])
#define I32(off) (*(int32_t *)(ret + (off)))

// ---------------------------------------------------------------------------------------------- imports

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name))) extern
#define TYPES "wasi:http/types@0.2.12"
#define POLL "wasi:io/poll@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"

IMPORT(TYPES, "[constructor]fields") int32_t fields_new(void);
IMPORT(TYPES, "[method]fields.append") void fields_append(int32_t self, const char *name, size_t name_len, const void *value, size_t value_len, void *ret);
IMPORT(TYPES, "[method]fields.entries") void fields_entries(int32_t self, void *ret);
IMPORT(TYPES, "[resource-drop]fields") void fields_drop(int32_t);

IMPORT(TYPES, "[method]incoming-request.path-with-query") void request_path(int32_t self, void *ret);
IMPORT(TYPES, "[method]incoming-request.consume") void request_consume(int32_t self, void *ret);
IMPORT(TYPES, "[resource-drop]incoming-request") void request_drop(int32_t);

IMPORT(TYPES, "[method]incoming-body.stream") void incoming_body_stream(int32_t self, void *ret);
IMPORT(TYPES, "[static]incoming-body.finish") int32_t incoming_body_finish(int32_t self);
IMPORT(TYPES, "[method]future-trailers.subscribe") int32_t future_trailers_subscribe(int32_t self);
IMPORT(TYPES, "[method]future-trailers.get") void future_trailers_get(int32_t self, void *ret);
IMPORT(TYPES, "[resource-drop]future-trailers") void future_trailers_drop(int32_t);

IMPORT(TYPES, "[constructor]outgoing-response") int32_t response_new(int32_t headers);
IMPORT(TYPES, "[method]outgoing-response.body") void response_body(int32_t self, void *ret);
IMPORT(TYPES, "[method]outgoing-body.write") void outgoing_body_write(int32_t self, void *ret);
IMPORT(TYPES, "[static]outgoing-body.finish") void outgoing_body_finish(int32_t self, int32_t has_trailers, int32_t trailers, void *ret);
// result<own<outgoing-response>, error-code> flattened: case, then the joined slots of the two payloads.
IMPORT(TYPES, "[static]response-outparam.set") void outparam_set(int32_t param, int32_t is_err, int32_t response, int32_t, int64_t, int32_t, int32_t, int32_t, int32_t);

IMPORT(TYPES, "[constructor]outgoing-request") int32_t outgoing_request_new(int32_t headers);
// option<scheme> flattened: is-some, the scheme's case, and the other case's string.
IMPORT(TYPES, "[method]outgoing-request.set-scheme") int32_t outgoing_request_set_scheme(int32_t self, int32_t is_some, int32_t scheme, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.set-authority") int32_t outgoing_request_set_authority(int32_t self, int32_t is_some, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.set-path-with-query") int32_t outgoing_request_set_path(int32_t self, int32_t is_some, const char *, size_t);
IMPORT(TYPES, "[constructor]request-options") int32_t request_options_new(void);
IMPORT(TYPES, "[method]request-options.set-connect-timeout") int32_t request_options_set_connect(int32_t self, int32_t is_some, int64_t ns);
IMPORT(TYPES, "[method]request-options.set-first-byte-timeout") int32_t request_options_set_first_byte(int32_t self, int32_t is_some, int64_t ns);
IMPORT(TYPES, "[method]request-options.set-between-bytes-timeout") int32_t request_options_set_between_bytes(int32_t self, int32_t is_some, int64_t ns);
IMPORT("wasi:http/outgoing-handler@0.2.12", "handle") void outgoing_handle(int32_t request, int32_t has_options, int32_t options, void *ret);
IMPORT(TYPES, "[method]future-incoming-response.subscribe") int32_t future_response_subscribe(int32_t self);
IMPORT(TYPES, "[method]future-incoming-response.get") void future_response_get(int32_t self, void *ret);
IMPORT(TYPES, "[resource-drop]future-incoming-response") void future_response_drop(int32_t);
IMPORT(TYPES, "[method]incoming-response.status") int32_t incoming_response_status(int32_t self);
IMPORT(TYPES, "[method]incoming-response.consume") void incoming_response_consume(int32_t self, void *ret);
IMPORT(TYPES, "[resource-drop]incoming-response") void incoming_response_drop(int32_t);
IMPORT(TYPES, "http-error-code") void http_error_code(int32_t error, void *ret);
IMPORT("wasi:io/error@0.2.12", "[resource-drop]error") void io_error_drop(int32_t);

IMPORT(POLL, "[method]pollable.block") void pollable_block(int32_t self);
IMPORT(POLL, "[resource-drop]pollable") void pollable_drop(int32_t);

IMPORT(STREAMS, "[method]input-stream.blocking-read") void blocking_read(int32_t self, int64_t len, void *ret);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void blocking_write_and_flush(int32_t self, const void *data, size_t len, void *ret);
IMPORT(STREAMS, "[resource-drop]input-stream") void input_drop(int32_t);
IMPORT(STREAMS, "[resource-drop]output-stream") void output_drop(int32_t);

// ---------------------------------------------------------------------------------------------- the report

static char report[16 * 1024];
static size_t report_len;

static void say(const char *text, size_t len) {
  if (report_len + len > sizeof report) len = sizeof report - report_len;
  memcpy(report + report_len, text, len);
  report_len += len;
}

static void say_str(const char *text) { say(text, strlen(text)); }

static void say_u64(uint64_t value) {
  char digits[24];
  int n = 0;
  do digits[n++] = (char)('0' + value % 10); while (value /= 10);
  while (n) say(&digits[--n], 1);
}

static void say_line(const char *key, uint64_t value) {
  say_str(key);
  say_str("=");
  say_u64(value);
  say_str("\n");
}

// ---------------------------------------------------------------------------------------------- helpers

static void wait(int32_t pollable) {
  pollable_block(pollable);
  pollable_drop(pollable);
}

// Reads a body stream to its end; the count of bytes, or -1 - error-code case (-1000 for a stream error without one).
static int64_t drain(int32_t stream) {
  uint64_t total = 0;
  size_t mark = heap_top;
  for (;;) {
    heap_top = mark;
    blocking_read(stream, 65536, ret);
    if (U8(0) == 0) {
      total += *(uint32_t *)(ret + 8);
      continue;
    }
    if (U8(4) == 1) return (int64_t)total;  // closed
    int32_t error = I32(8);
    http_error_code(error, ret);
    int64_t code = U8(0) ? -1 - (int64_t)U8(8) : -1000;
    io_error_drop(error);
    return code;
  }
}

// "trailer NAME=VALUE" for every entry of trailers, which it drops.
static void say_trailers(int32_t trailers) {
  fields_entries(trailers, ret);
  uint8_t *entries = *(uint8_t **)(ret + 0);
  size_t count = *(uint32_t *)(ret + 4);
  for (size_t i = 0; i < count; i++) {
    uint8_t *entry = entries + 16 * i;
    say_str("trailer ");
    say(*(char **)(entry + 0), *(uint32_t *)(entry + 4));
    say_str("=");
    say(*(char **)(entry + 8), *(uint32_t *)(entry + 12));
    say_str("\n");
  }
  fields_drop(trailers);
}

// Finishes an incoming body and reports its trailers (or the error-code they ended with).
static void finish_and_report_trailers(int32_t body) {
  int32_t future = incoming_body_finish(body);
  wait(future_trailers_subscribe(future));
  future_trailers_get(future, ret);
  // option<result<result<option<trailers>, error-code>>>: the cases at 0, 8 and 16, the payload at 24.
  if (U8(0) == 1 && U8(8) == 0) {
    if (U8(16) == 0) {
      if (U8(24) == 1) say_trailers(I32(28));
    } else {
      say_line("trailers-error", U8(24));
    }
  }
  future_trailers_drop(future);
}

// Reads an incoming body to the end, then its trailers; returns the bytes read.
static uint64_t read_body(int32_t body) {
  incoming_body_stream(body, ret);
  int32_t stream = I32(4);
  int64_t got = drain(stream);
  input_drop(stream);
  if (got < 0) {
    say_line("stream-error", (uint64_t)(got == -1000 ? 1000 : -1 - got));
    return 0;
  }
  say_line("bytes", (uint64_t)got);
  finish_and_report_trailers(body);
  return (uint64_t)got;
}

enum { NO_TIMEOUT, CONNECT, FIRST_BYTE, BETWEEN_BYTES };

static void fetch(const char *target, size_t len, int timeout) {
  // target is AUTHORITY/PATH.
  size_t slash = 0;
  while (slash < len && target[slash] != '/') slash++;
  int32_t request = outgoing_request_new(fields_new());
  outgoing_request_set_scheme(request, 1, 0 /* HTTP */, 0, 0);
  outgoing_request_set_authority(request, 1, target, slash);
  if (slash < len) outgoing_request_set_path(request, 1, target + slash, len - slash);
  int32_t options = 0;
  const int64_t ms200 = 200 * 1000 * 1000LL;
  if (timeout != NO_TIMEOUT) {
    options = request_options_new();
    if (timeout == CONNECT) request_options_set_connect(options, 1, ms200);
    if (timeout == FIRST_BYTE) request_options_set_first_byte(options, 1, ms200);
    if (timeout == BETWEEN_BYTES) request_options_set_between_bytes(options, 1, ms200);
  }
  // The request and the options are handed over (both own handles).
  outgoing_handle(request, timeout != NO_TIMEOUT, options, ret);
  // result<future-incoming-response, error-code>: the case at 0, the payload at 8.
  if (U8(0) != 0) {
    say_line("error", U8(8));
    return;
  }
  int32_t future = I32(8);
  wait(future_response_subscribe(future));
  future_response_get(future, ret);
  future_response_drop(future);
  if (U8(16) != 0) {
    say_line("error", U8(24));
    return;
  }
  int32_t response = I32(24);
  say_line("status", (uint64_t)incoming_response_status(response));
  incoming_response_consume(response, ret);
  read_body(I32(4));
  incoming_response_drop(response);
}

static void write_all(int32_t stream, const char *data, size_t len) {
  while (len > 0) {
    size_t n = len < 4096 ? len : 4096;
    blocking_write_and_flush(stream, data, n, ret);
    if (U8(0)) return;
    data += n;
    len -= n;
  }
}

static int starts_with(const char *text, size_t len, const char *prefix) {
  size_t n = strlen(prefix);
  return len >= n && memcmp(text, prefix, n) == 0;
}

// ---------------------------------------------------------------------------------------------- the handler

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle")))
void handle(int32_t request, int32_t outparam) {
  heap_top = 0;
  report_len = 0;
  request_path(request, ret);
  const char *path = U8(0) ? *(const char **)(ret + 4) : "/";
  size_t path_len = U8(0) ? *(uint32_t *)(ret + 8) : 1;
  // The path stays where it is: request-body chunks are read into space above it.
  uint64_t bytes = 0;
  if (starts_with(path, path_len, "/echo-trailers")) {
    request_consume(request, ret);
    bytes = read_body(I32(4));
  } else if (starts_with(path, path_len, "/fetch-timeout/connect/")) {
    fetch(path + 23, path_len - 23, CONNECT);
  } else if (starts_with(path, path_len, "/fetch-timeout/first-byte/")) {
    fetch(path + 26, path_len - 26, FIRST_BYTE);
  } else if (starts_with(path, path_len, "/fetch-timeout/between-bytes/")) {
    fetch(path + 29, path_len - 29, BETWEEN_BYTES);
  } else if (starts_with(path, path_len, "/fetch/")) {
    fetch(path + 7, path_len - 7, NO_TIMEOUT);
  } else {
    say_str("unknown path\n");
  }
  request_drop(request);

  int32_t response = response_new(fields_new());
  response_body(response, ret);
  int32_t body = I32(4);
  outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
  outgoing_body_write(body, ret);
  int32_t stream = I32(4);
  write_all(stream, report, report_len);
  output_drop(stream);

  int32_t trailers = fields_new();
  report_len = 0;
  say_str("bytes=");
  say_u64(bytes);
  fields_append(trailers, "x-guest-trailer", 15, report, report_len, ret);
  outgoing_body_finish(body, 1, trailers, ret);
}

// ---------------------------------------------------------------------------------------------- the fetch export

static char target[2048];
static uint32_t result_area[2];

__attribute__((export_name("fetch")))
uint32_t *fetch_export(const char *authority, size_t authority_len, const char *path, size_t path_len) {
  report_len = 0;
  if (authority_len + path_len > sizeof target) __builtin_trap();
  memcpy(target, authority, authority_len);
  memcpy(target + authority_len, path, path_len);
  // The arguments were allocated in the heap; the replies go after them.
  fetch(target, authority_len + path_len, NO_TIMEOUT);
  result_area[0] = (uint32_t)(uintptr_t)report;
  result_area[1] = (uint32_t)report_len;
  return result_area;
}
