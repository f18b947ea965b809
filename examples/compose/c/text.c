// example:compose/text@0.1.0 (world text-provider, examples/compose/wit/compose.wit) with the canonical ABI written
// by hand.
//
// Memory: everything allocated during one export call (the caller's copies of the arguments, the export's results)
// comes from one arena, released when the call is over: by the export's post-return function when its result
// points into memory, before returning otherwise. Buffers outlive calls; they are malloc'ed and freed by the
// resource destructor.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------- memory layouts
// size_t and pointers are 32 bits, so these structs have the canonical ABI's memory layouts.

typedef struct { char *ptr; size_t len; } str;

enum { TOKEN_WORD, TOKEN_NUMBER, TOKEN_GAP };
typedef struct { uint8_t tag; union { str word; uint32_t number; uint32_t gap; } val; } token;
typedef struct { token *ptr; size_t len; } token_list;
typedef struct { uint8_t is_some; str val; } option_str;
typedef struct { uint32_t words, numbers, total; option_str longest; } stats;

_Static_assert(sizeof(token) == 12 && offsetof(token, val) == 4, "token layout");
_Static_assert(sizeof(stats) == 24 && offsetof(stats, longest) == 12, "stats layout");

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

// Characters, not bytes: UTF-8 continuation bytes are not counted.
static size_t chars(str s) {
  size_t n = 0;
  for (size_t i = 0; i < s.len; i++) n += ((uint8_t)s.ptr[i] & 0xC0) != 0x80;
  return n;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

// ---------------------------------------------------------------------------------------------- exports

#define EXPORT(name) __attribute__((export_name("example:compose/text@0.1.0#" name)))
// The post-return function of an export whose result points into the arena.
#define POST_RETURN(name, fn) \
  __attribute__((export_name("cabi_post_example:compose/text@0.1.0#" name))) void fn(void *ret) { (void)ret; end_call(); }

static str ret_str;

// Words borrow the argument's bytes, which stay in the arena until post-return.
EXPORT("tokenize") token_list *tokenize(char *text, size_t len) {
  static token_list ret;
  ret.ptr = arena_alloc((len ? len : 1) * sizeof(token), 4);
  ret.len = 0;
  for (size_t i = 0; i < len;) {
    size_t start = i;
    token *t = &ret.ptr[ret.len++];
    if (text[i] == ' ') {
      while (i < len && text[i] == ' ') i++;
      t->tag = TOKEN_GAP;
      t->val.gap = (uint32_t)(i - start);
      continue;
    }
    int digits = 1;
    while (i < len && text[i] != ' ') digits &= is_digit(text[i++]);
    if (digits && i - start <= 9) {
      uint32_t n = 0;
      for (size_t j = start; j < i; j++) n = n * 10 + (uint32_t)(text[j] - '0');
      t->tag = TOKEN_NUMBER;
      t->val.number = n;
    } else {
      t->tag = TOKEN_WORD;
      t->val.word = (str){ text + start, i - start };
    }
  }
  return &ret;
}
POST_RETURN("tokenize", post_tokenize)

EXPORT("summarize") stats *summarize(token *tokens, size_t len) {
  static stats ret;
  ret = (stats){ 0 };
  for (size_t i = 0; i < len; i++) {
    token t = tokens[i];
    if (t.tag == TOKEN_WORD) {
      ret.words++;
      if (!ret.longest.is_some || chars(t.val.word) > chars(ret.longest.val)) ret.longest = (option_str){ 1, t.val.word };
    } else if (t.tag == TOKEN_NUMBER) {
      ret.numbers++;
      ret.total += t.val.number;
    } else if (t.tag != TOKEN_GAP) {
      __builtin_trap();
    }
  }
  return &ret;
}
POST_RETURN("summarize", post_summarize)

EXPORT("shout") str *shout(char *text, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (text[i] >= 'a' && text[i] <= 'z') text[i] = (char)(text[i] - 'a' + 'A');
  ret_str = (str){ text, len };
  return &ret_str;
}
POST_RETURN("shout", post_shout)

// ---------------------------------------------------------------------------------------------- buffer resource

typedef struct { str title; str *lines; size_t count, cap; } buffer;

#define TEXT(name) __attribute__((import_module("[export]example:compose/text@0.1.0"), import_name(name))) extern
TEXT("[resource-new]buffer") int32_t buffer_new(buffer *rep);

static str copy(const char *p, size_t len) {
  str s = { malloc(len ? len : 1), len };
  if (!s.ptr) __builtin_trap();
  memcpy(s.ptr, p, len);
  return s;
}

EXPORT("[constructor]buffer") int32_t buffer_constructor(char *title, size_t len) {
  buffer *b = calloc(1, sizeof(buffer));
  if (!b) __builtin_trap();
  b->title = copy(title, len);
  end_call();
  return buffer_new(b);
}

// Methods of the component's own resource receive the representation itself.
EXPORT("[method]buffer.push") uint32_t buffer_push(buffer *self, char *line, size_t len) {
  if (self->count == self->cap) {
    self->cap = self->cap ? self->cap * 2 : 4;
    self->lines = realloc(self->lines, self->cap * sizeof(str));
    if (!self->lines) __builtin_trap();
  }
  self->lines[self->count++] = copy(line, len);
  end_call();
  return (uint32_t)self->count;
}

static char *append(char *at, const char *p, size_t len) {
  memcpy(at, p, len);
  return at + len;
}

EXPORT("[method]buffer.render") str *buffer_render(buffer *self) {
  size_t size = self->title.len + 1;
  for (size_t i = 0; i < self->count; i++) size += self->lines[i].len + 16;
  char *out = arena_alloc(size, 1), *at = out;
  at = append(at, self->title.ptr, self->title.len);
  *at++ = ':';
  for (size_t i = 0; i < self->count; i++) {
    char digits[10];
    size_t n = 0;
    size_t k = i + 1;
    do digits[sizeof digits - ++n] = (char)('0' + k % 10); while ((k /= 10) != 0);
    if (i > 0) at = append(at, " |", 2);
    *at++ = ' ';
    at = append(at, digits + sizeof digits - n, n);
    at = append(at, ". ", 2);
    at = append(at, self->lines[i].ptr, self->lines[i].len);
  }
  ret_str = (str){ out, (size_t)(at - out) };
  return &ret_str;
}
POST_RETURN("[method]buffer.render", post_buffer_render)

EXPORT("[dtor]buffer") void buffer_dtor(buffer *b) {
  for (size_t i = 0; i < b->count; i++) free(b->lines[i].ptr);
  free(b->lines);
  free(b->title.ptr);
  free(b);
}
