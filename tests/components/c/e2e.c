// The guest side of test:e2e/guest@0.1.0 (world c-guest, tests/components/wit/e2e.wit) with the canonical ABI
// written by hand: every export goes through the host's imports (test:e2e/host@0.1.0).
//
// Memory: everything allocated during one export call (the host's copies of its arguments, the host's results of
// import calls, the export's own results) comes from one arena, released when the call is over: by the export's
// post-return function when its result points into memory, at the end of the call otherwise. Only counters outlive
// a call; they are malloc'ed and freed by the resource destructor.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------- memory layouts
// size_t and pointers are 32 bits, so these structs have the canonical ABI's memory layouts.

typedef struct { char *ptr; size_t len; } str;
typedef struct { str *ptr; size_t len; } str_list;
typedef struct { uint8_t *ptr; size_t len; } bytes;
typedef struct { int32_t x, y; } point;
typedef struct { point *ptr; size_t len; } point_list;
typedef struct { str name; str_list tags; point at; bytes data; } item;

enum { SHAPE_EMPTY, SHAPE_CIRCLE, SHAPE_RECT, SHAPE_NAMED };
typedef struct { uint8_t tag; union { uint32_t circle; point rect; str named; } val; } shape;

enum { PERM_READ = 1 << 0, PERM_WRITE = 1 << 1, PERM_EXEC = 1 << 2 };

typedef struct { uint8_t tag; str invalid; } failure;  // not-found = 0, invalid(string) = 1
typedef struct { uint8_t is_err; union { int64_t ok; failure err; } val; } parse_result;
typedef struct { uint8_t is_some; str val; } option_str;
typedef struct { uint8_t is_some; option_str val; } option_option_str;
typedef struct { uint32_t n; str s; } u32_str;
typedef struct { uint32_t n; bytes b; } u32_bytes;
typedef struct { str name; option_str got; uint32_t size; } stores_result;

_Static_assert(sizeof(item) == 32, "item layout");
_Static_assert(sizeof(shape) == 12, "shape layout");
_Static_assert(sizeof(parse_result) == 24 && offsetof(parse_result, val) == 8, "result layout");
_Static_assert(sizeof(option_option_str) == 16, "option<option<string>> layout");
_Static_assert(sizeof(stores_result) == 24 && offsetof(stores_result, size) == 20, "tuple layout");

// ---------------------------------------------------------------------------------------------- call arena

typedef struct chunk { struct chunk *next; uint8_t *top, *end; } chunk;
static chunk *arena;

static void *arena_alloc(size_t size, size_t align) {
  uintptr_t at = arena ? ((uintptr_t)arena->top + align - 1) & ~(uintptr_t)(align - 1) : 0;
  if (!arena || at + size > (uintptr_t)arena->end) {
    size_t cap = size + align > 64 * 1024 ? size + align : 64 * 1024;
    chunk *c = malloc(sizeof(chunk) + cap);
    if (!c) __builtin_trap();
    c->next = arena;
    c->top = (uint8_t *)(c + 1);
    c->end = c->top + cap;
    arena = c;
    at = ((uintptr_t)c->top + align - 1) & ~(uintptr_t)(align - 1);
  }
  arena->top = (uint8_t *)(at + size);
  return (void *)at;
}

static void end_call(void) {
  while (arena) {
    chunk *next = arena->next;
    free(arena);
    arena = next;
  }
}

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  void *p = arena_alloc(new_size, align);
  if (old) memcpy(p, old, old_size < new_size ? old_size : new_size);
  return p;
}

static str concat(str a, const char *b, size_t b_len) {
  str r = { arena_alloc(a.len + b_len, 1), a.len + b_len };
  memcpy(r.ptr, a.ptr, a.len);
  memcpy(r.ptr + a.len, b, b_len);
  return r;
}

#define LIT(s) (char *)(s), sizeof(s) - 1

// ---------------------------------------------------------------------------------------------- host imports
// Flat signatures: results with more than one flat value come back through a return area the caller passes last.

#define HOST(name) __attribute__((import_module("test:e2e/host@0.1.0"), import_name(name))) extern

HOST("greet") void host_greet(char *name, size_t len, str *ret);
HOST("reverse") void host_reverse(uint8_t *data, size_t len, bytes *ret);
HOST("words") void host_words(char *text, size_t len, str_list *ret);
HOST("move-all") void host_move_all(point *points, size_t len, int32_t by_x, int32_t by_y, point_list *ret);
HOST("tag") void host_tag(char *name, size_t name_len, str *tags, size_t tags_len, int32_t x, int32_t y,
                          uint8_t *data, size_t data_len, char *tag, size_t tag_len, item *ret);
HOST("next-color") int32_t host_next_color(int32_t color);
HOST("flip") int32_t host_flip(int32_t perms);
HOST("scale") void host_scale(int32_t tag, int32_t a, int32_t b, uint32_t k, shape *ret);
HOST("find") void host_find(char *key, size_t len, option_option_str *ret);
HOST("parse") void host_parse(char *text, size_t len, parse_result *ret);
HOST("check") int32_t host_check(int32_t pass);
HOST("swap") void host_swap(char *s, size_t len, uint32_t n, u32_str *ret);
HOST("[constructor]store") int32_t store_new(char *name, size_t len);
HOST("[method]store.name") void store_name(int32_t self, str *ret);
HOST("[method]store.put") void store_put(int32_t self, char *key, size_t key_len, char *value, size_t value_len);
HOST("[method]store.get") void store_get(int32_t self, char *key, size_t len, option_str *ret);
HOST("[static]store.merge") int32_t store_merge(int32_t a, int32_t b);
HOST("[resource-drop]store") void store_drop(int32_t handle);
HOST("size") uint32_t host_size(int32_t store);

// ---------------------------------------------------------------------------------------------- exports

#define EXPORT(name) __attribute__((export_name("test:e2e/guest@0.1.0#" name)))
// The post-return function of an export whose result points into the arena.
#define POST_RETURN(name, fn) \
  __attribute__((export_name("cabi_post_test:e2e/guest@0.1.0#" name))) void fn(void *ret) { (void)ret; end_call(); }

static str ret_str;

EXPORT("greet") str *greet(char *name, size_t len) {
  str hello;
  host_greet(name, len, &hello);
  ret_str = concat(hello, LIT(" 👋"));
  return &ret_str;
}
POST_RETURN("greet", post_greet)

EXPORT("digest") u32_bytes *digest(uint8_t *data, size_t len) {
  static u32_bytes ret;
  ret.n = 0;
  for (size_t i = 0; i < len; i++) ret.n += data[i];
  host_reverse(data, len, &ret.b);
  return &ret;
}
POST_RETURN("digest", post_digest)

EXPORT("words") str_list *words(char *text, size_t len) {
  static str_list ret;
  host_words(text, len, &ret);
  for (size_t i = 0, j = ret.len; i + 1 < j; i++, j--) {
    str t = ret.ptr[i];
    ret.ptr[i] = ret.ptr[j - 1];
    ret.ptr[j - 1] = t;
  }
  return &ret;
}
POST_RETURN("words", post_words)

EXPORT("shift") point_list *shift(point *points, size_t len, int32_t by_x, int32_t by_y) {
  static point_list ret;
  host_move_all(points, len, by_x, by_y, &ret);
  for (size_t i = 0; i < ret.len; i++) {
    ret.ptr[i].x += by_x;
    ret.ptr[i].y += by_y;
  }
  return &ret;
}
POST_RETURN("shift", post_shift)

EXPORT("tag") item *tag(char *name, size_t name_len, str *tags, size_t tags_len, int32_t x, int32_t y,
                        uint8_t *data, size_t data_len) {
  static item ret;
  host_tag(name, name_len, tags, tags_len, x, y, data, data_len, LIT("guest"), &ret);
  return &ret;
}
POST_RETURN("tag", post_tag)

EXPORT("next-color") int32_t next_color(int32_t color) { return host_next_color(host_next_color(color)); }

EXPORT("flip") int32_t flip(int32_t perms) { return host_flip(perms) | PERM_READ; }

// A variant parameter arrives flattened: the case, then the joined payload (u32, point or string).
EXPORT("scale") shape *scale(int32_t tag, int32_t a, int32_t b) {
  static shape ret;
  host_scale(tag, a, b, 3, &ret);
  return &ret;
}
POST_RETURN("scale", post_scale)

EXPORT("find") option_option_str *find(int32_t is_some, char *key, size_t len) {
  static option_option_str ret;
  if (is_some) host_find(key, len, &ret);
  else ret.is_some = 0;
  return &ret;
}
POST_RETURN("find", post_find)

EXPORT("add") parse_result *add(char *a, size_t a_len, char *b, size_t b_len) {
  static parse_result ret;
  parse_result y;
  host_parse(a, a_len, &ret);
  if (ret.is_err) return &ret;
  host_parse(b, b_len, &y);
  if (y.is_err) ret = y;
  else ret.val.ok = (int64_t)((uint64_t)ret.val.ok + (uint64_t)y.val.ok);
  return &ret;
}
POST_RETURN("add", post_add)

EXPORT("check") int32_t check(int32_t pass) { return host_check(pass); }

EXPORT("swap") u32_str *swap(char *s, size_t len, uint32_t n) {
  static u32_str ret;
  host_swap(s, len, n, &ret);
  ret.n++;
  return &ret;
}
POST_RETURN("swap", post_swap)

EXPORT("stores") stores_result *stores(char *key, size_t key_len, char *value, size_t value_len) {
  static stores_result ret;
  int32_t a = store_new(LIT("a"));
  store_put(a, key, key_len, value, value_len);
  int32_t b = store_new(LIT("b"));
  store_put(b, LIT("x"), LIT("y"));
  // An owned handle is lent as a borrow by passing it.
  int32_t merged = store_merge(a, b);
  store_drop(a);
  store_drop(b);
  store_name(merged, &ret.name);
  store_get(merged, key, key_len, &ret.got);
  ret.size = host_size(merged);  // moves the handle to the host
  return &ret;
}
POST_RETURN("stores", post_stores)

EXPORT("fill") void fill(int32_t s, str *keys, size_t len) {
  for (size_t i = 0; i < len; i++) store_put(s, keys[i].ptr, keys[i].len, keys[i].ptr, keys[i].len);
  // A borrowed handle of an imported resource must be dropped before the call returns.
  store_drop(s);
  end_call();
}

EXPORT("drain") uint32_t drain(int32_t s) { return host_size(s); }

// ---------------------------------------------------------------------------------------------- counter resource

typedef struct { char *label; size_t len; uint32_t total; } counter;

#define COUNTER(name) __attribute__((import_module("[export]test:e2e/guest@0.1.0"), import_name(name))) extern
COUNTER("[resource-new]counter") int32_t counter_new(counter *rep);
COUNTER("[resource-rep]counter") counter *counter_rep(int32_t handle);
COUNTER("[resource-drop]counter") void counter_drop(int32_t handle);

EXPORT("[constructor]counter") int32_t counter_constructor(char *label, size_t len) {
  counter *c = malloc(sizeof(counter));
  char *copy = malloc(len ? len : 1);
  if (!c || !copy) __builtin_trap();
  memcpy(copy, label, len);
  *c = (counter){ copy, len, 0 };
  end_call();
  return counter_new(c);
}

// Methods and borrow<counter> parameters of the resource's own component receive the representation itself.
EXPORT("[method]counter.add") uint32_t counter_add(counter *self, uint32_t n) { return self->total += n; }

EXPORT("[method]counter.label") str *counter_label(counter *self) {
  ret_str = (str){ self->label, self->len };
  return &ret_str;
}

EXPORT("[method]counter.absorb") void counter_absorb(counter *self, counter *other) { self->total += other->total; }

EXPORT("[dtor]counter") void counter_dtor(counter *c) {
  free(c->label);
  free(c);
}

// An owned counter arrives as a handle: read it, then drop it (which runs the destructor).
EXPORT("finish") str *finish(int32_t handle) {
  counter *c = counter_rep(handle);
  char digits[10];
  size_t n = 0;
  uint32_t t = c->total;
  do digits[sizeof digits - ++n] = (char)('0' + t % 10); while ((t /= 10) != 0);
  ret_str = concat(concat((str){ c->label, c->len }, LIT("=")), digits + sizeof digits - n, n);
  counter_drop(handle);
  return &ret_str;
}
POST_RETURN("finish", post_finish)
