// The guest side of test:sockets (world c-sockets, tests/components/wit/sockets.wit): wasi:sockets driven through
// the canonical ABI written by hand. Nothing blocks in the host except where the guest asks to wait
// (pollable.block, wasi:io/poll.poll, the blocking stream calls).
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------- memory
// Lists the host returns (stream reads, datagrams, poll results) are allocated here; each export starts afresh.

static uint8_t heap[256 * 1024] __attribute__((aligned(8)));
static size_t heap_top;

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  size_t at = (heap_top + align - 1) & ~(align - 1);
  if (at + new_size > sizeof heap) __builtin_trap();
  heap_top = at + new_size;
  if (old) memcpy(heap + at, old, old_size < new_size ? old_size : new_size);
  return heap + at;
}

// The return area of every import call whose result does not fit one value.
static uint8_t ret[64] __attribute__((aligned(8)));
#define RET_TAG ret[0]
#define RET_I32(off) (*(int32_t *)(ret + (off)))
#define RET_U16(off) (*(uint16_t *)(ret + (off)))
#define RET_U64(off) (*(uint64_t *)(ret + (off)))

// ---------------------------------------------------------------------------------------------- imports

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name))) extern
#define NET "wasi:sockets/network@0.2.12"
#define TCP "wasi:sockets/tcp@0.2.12"
#define UDP "wasi:sockets/udp@0.2.12"
#define POLL "wasi:io/poll@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"

enum { IPV4 = 0, IPV6 = 1 };
enum { E_WOULD_BLOCK = 8 };
enum { SHUTDOWN_SEND = 1 };

IMPORT("wasi:sockets/instance-network@0.2.12", "instance-network") int32_t instance_network(void);
IMPORT(NET, "[resource-drop]network") void network_drop(int32_t);

// An ip-socket-address is passed flat as its case and eleven slots (the ipv6 case's; ipv4 uses five).
#define V4_ARGS(port, a, b, c, d) IPV4, port, a, b, c, d, 0, 0, 0, 0, 0, 0
#define ADDRESS_PARAMS int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t

IMPORT("wasi:sockets/tcp-create-socket@0.2.12", "create-tcp-socket") void create_tcp_socket(int32_t family, void *ret);
IMPORT(TCP, "[method]tcp-socket.start-bind") void tcp_start_bind(int32_t self, int32_t net, ADDRESS_PARAMS, void *ret);
IMPORT(TCP, "[method]tcp-socket.finish-bind") void tcp_finish_bind(int32_t self, void *ret);
IMPORT(TCP, "[method]tcp-socket.start-connect") void tcp_start_connect(int32_t self, int32_t net, ADDRESS_PARAMS, void *ret);
IMPORT(TCP, "[method]tcp-socket.finish-connect") void tcp_finish_connect(int32_t self, void *ret);
IMPORT(TCP, "[method]tcp-socket.start-listen") void tcp_start_listen(int32_t self, void *ret);
IMPORT(TCP, "[method]tcp-socket.finish-listen") void tcp_finish_listen(int32_t self, void *ret);
IMPORT(TCP, "[method]tcp-socket.accept") void tcp_accept(int32_t self, void *ret);
IMPORT(TCP, "[method]tcp-socket.local-address") void tcp_local_address(int32_t self, void *ret);
IMPORT(TCP, "[method]tcp-socket.remote-address") void tcp_remote_address(int32_t self, void *ret);
IMPORT(TCP, "[method]tcp-socket.subscribe") int32_t tcp_subscribe(int32_t self);
IMPORT(TCP, "[method]tcp-socket.shutdown") void tcp_shutdown(int32_t self, int32_t how, void *ret);
IMPORT(TCP, "[method]tcp-socket.set-keep-alive-enabled") void tcp_set_keep_alive_enabled(int32_t self, int32_t on, void *ret);
IMPORT(TCP, "[method]tcp-socket.keep-alive-enabled") void tcp_keep_alive_enabled(int32_t self, void *ret);
IMPORT(TCP, "[resource-drop]tcp-socket") void tcp_drop(int32_t);

IMPORT("wasi:sockets/udp-create-socket@0.2.12", "create-udp-socket") void create_udp_socket(int32_t family, void *ret);
IMPORT(UDP, "[method]udp-socket.start-bind") void udp_start_bind(int32_t self, int32_t net, ADDRESS_PARAMS, void *ret);
IMPORT(UDP, "[method]udp-socket.finish-bind") void udp_finish_bind(int32_t self, void *ret);
IMPORT(UDP, "[method]udp-socket.local-address") void udp_local_address(int32_t self, void *ret);
IMPORT(UDP, "[method]udp-socket.stream") void udp_stream(int32_t self, int32_t is_some, ADDRESS_PARAMS, void *ret);
IMPORT(UDP, "[method]incoming-datagram-stream.receive") void udp_receive(int32_t self, int64_t max, void *ret);
IMPORT(UDP, "[method]incoming-datagram-stream.subscribe") int32_t udp_incoming_subscribe(int32_t self);
IMPORT(UDP, "[method]outgoing-datagram-stream.check-send") void udp_check_send(int32_t self, void *ret);
IMPORT(UDP, "[method]outgoing-datagram-stream.send") void udp_send(int32_t self, void *list, size_t len, void *ret);
IMPORT(UDP, "[method]outgoing-datagram-stream.subscribe") int32_t udp_outgoing_subscribe(int32_t self);
IMPORT(UDP, "[resource-drop]udp-socket") void udp_drop(int32_t);
IMPORT(UDP, "[resource-drop]incoming-datagram-stream") void udp_incoming_drop(int32_t);
IMPORT(UDP, "[resource-drop]outgoing-datagram-stream") void udp_outgoing_drop(int32_t);

IMPORT("wasi:sockets/ip-name-lookup@0.2.12", "resolve-addresses") void resolve_addresses(int32_t net, const char *name, size_t len, void *ret);
IMPORT("wasi:sockets/ip-name-lookup@0.2.12", "[method]resolve-address-stream.resolve-next-address") void resolve_next(int32_t self, void *ret);
IMPORT("wasi:sockets/ip-name-lookup@0.2.12", "[method]resolve-address-stream.subscribe") int32_t resolve_subscribe(int32_t self);
IMPORT("wasi:sockets/ip-name-lookup@0.2.12", "[resource-drop]resolve-address-stream") void resolve_drop(int32_t);

IMPORT(POLL, "poll") void io_poll(int32_t *pollables, size_t len, void *ret);
IMPORT(POLL, "[method]pollable.block") void pollable_block(int32_t self);
IMPORT(POLL, "[resource-drop]pollable") void pollable_drop(int32_t);

IMPORT(STREAMS, "[method]input-stream.blocking-read") void blocking_read(int32_t self, int64_t len, void *ret);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void blocking_write_and_flush(int32_t self, const void *data, size_t len, void *ret);
IMPORT(STREAMS, "[resource-drop]input-stream") void input_drop(int32_t);
IMPORT(STREAMS, "[resource-drop]output-stream") void output_drop(int32_t);

// ---------------------------------------------------------------------------------------------- helpers

// A failed step: which one, and the error code (+1, so that 0 stays success).
#define FAIL(step, code) ((uint32_t)(step) << 8 | (uint32_t)((code) + 1))
// result<_, error-code>: the error byte follows the tag. result<T, error-code> with a 4-aligned T: at offset 4.
#define CHECK_UNIT(step) do { if (RET_TAG) return FAIL(step, ret[1]); } while (0)
#define CHECK(step) do { if (RET_TAG) return FAIL(step, ret[4]); } while (0)

static void wait(int32_t pollable) {
  pollable_block(pollable);
  pollable_drop(pollable);
}

// Reads exactly len bytes (blocking-read may return fewer); -1 when the stream ends or fails first.
static int read_exactly(int32_t in, uint8_t *to, size_t len) {
  size_t got = 0;
  while (got < len) {
    blocking_read(in, (int64_t)(len - got), ret);
    if (RET_TAG) return -1;
    uint8_t *data = *(uint8_t **)(ret + 4);
    size_t n = *(size_t *)(ret + 8);
    memcpy(to + got, data, n);
    got += n;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------- tcp

__attribute__((export_name("tcp-echo")))
uint32_t tcp_echo(void) {
  heap_top = 0;
  int32_t net = instance_network();

  create_tcp_socket(IPV4, ret); CHECK(1);
  int32_t listener = RET_I32(4);
  tcp_start_bind(listener, net, V4_ARGS(0, 127, 0, 0, 1), ret); CHECK_UNIT(2);
  tcp_finish_bind(listener, ret); CHECK_UNIT(3);
  tcp_start_listen(listener, ret); CHECK_UNIT(4);
  tcp_finish_listen(listener, ret); CHECK_UNIT(5);
  tcp_local_address(listener, ret); CHECK(6);
  if (ret[4] != IPV4) return FAIL(6, 100);
  int32_t port = RET_U16(8);

  create_tcp_socket(IPV4, ret); CHECK(7);
  int32_t client = RET_I32(4);
  tcp_set_keep_alive_enabled(client, 1, ret); CHECK_UNIT(8);
  tcp_keep_alive_enabled(client, ret); CHECK_UNIT(8);
  if (ret[1] != 1) return FAIL(8, 100);
  tcp_start_connect(client, net, V4_ARGS(port, 127, 0, 0, 1), ret); CHECK_UNIT(9);

  // One poll over both ends: the connection completing and the listener seeing it pending.
  int32_t client_in, client_out;
  for (;;) {
    tcp_finish_connect(client, ret);
    if (!RET_TAG) { client_in = RET_I32(4); client_out = RET_I32(8); break; }
    if (ret[4] != E_WOULD_BLOCK) return FAIL(10, ret[4]);
    int32_t both[2] = { tcp_subscribe(client), tcp_subscribe(listener) };
    io_poll(both, 2, ret);
    if (*(size_t *)(ret + 4) == 0) return FAIL(10, 101);
    pollable_drop(both[0]);
    pollable_drop(both[1]);
  }

  int32_t server, server_in, server_out;
  for (;;) {
    tcp_accept(listener, ret);
    if (!RET_TAG) { server = RET_I32(4); server_in = RET_I32(8); server_out = RET_I32(12); break; }
    if (ret[4] != E_WOULD_BLOCK) return FAIL(11, ret[4]);
    wait(tcp_subscribe(listener));
  }

  // The accepted connection's peer is the client.
  tcp_local_address(client, ret); CHECK(12);
  int32_t client_port = RET_U16(8);
  tcp_remote_address(server, ret); CHECK(12);
  if (RET_U16(8) != client_port || ret[10] != 127 || ret[13] != 1) return FAIL(12, 100);

  static const char message[] = "hello over wasi:sockets";
  size_t len = sizeof message - 1;
  blocking_write_and_flush(client_out, message, len, ret);
  if (RET_TAG) return FAIL(13, 100);
  uint8_t buffer[64];
  if (read_exactly(server_in, buffer, len)) return FAIL(14, 100);
  if (memcmp(buffer, message, len)) return FAIL(14, 101);
  for (size_t i = 0; i < len / 2; i++) {
    uint8_t t = buffer[i];
    buffer[i] = buffer[len - 1 - i];
    buffer[len - 1 - i] = t;
  }
  blocking_write_and_flush(server_out, buffer, len, ret);
  if (RET_TAG) return FAIL(15, 100);
  uint8_t echoed[64];
  if (read_exactly(client_in, echoed, len)) return FAIL(16, 100);
  for (size_t i = 0; i < len; i++)
    if (echoed[i] != (uint8_t)message[len - 1 - i]) return FAIL(16, 101);

  // After the client shuts down sending, the server reads the end of the stream (stream-error.closed).
  tcp_shutdown(client, SHUTDOWN_SEND, ret); CHECK_UNIT(17);
  blocking_read(server_in, 16, ret);
  if (!RET_TAG || ret[4] != 1) return FAIL(18, 100);

  input_drop(server_in);
  output_drop(server_out);
  tcp_drop(server);
  input_drop(client_in);
  output_drop(client_out);
  tcp_drop(client);
  tcp_drop(listener);
  network_drop(net);
  return 0;
}

__attribute__((export_name("tcp-connect")))
uint32_t tcp_connect(int32_t a, int32_t b, int32_t c, int32_t d, int32_t port) {
  heap_top = 0;
  int32_t net = instance_network();
  create_tcp_socket(IPV4, ret); CHECK(1);
  int32_t socket = RET_I32(4);
  tcp_start_connect(socket, net, V4_ARGS(port, a, b, c, d), ret); CHECK_UNIT(2);
  for (;;) {
    tcp_finish_connect(socket, ret);
    if (!RET_TAG) break;
    if (ret[4] != E_WOULD_BLOCK) return FAIL(3, ret[4]);
    wait(tcp_subscribe(socket));
  }
  input_drop(RET_I32(4));
  output_drop(RET_I32(8));
  tcp_drop(socket);
  network_drop(net);
  return 0;
}

// ---------------------------------------------------------------------------------------------- udp

// outgoing-datagram { data: list<u8>, remote-address: option<ip-socket-address> }: 44 bytes.
typedef struct {
  const uint8_t *data;
  size_t len;
  uint8_t is_some;
  uint8_t pad0[3];
  uint8_t family;  // the ip-socket-address case, at offset 12
  uint8_t pad1[3];
  uint16_t port;   // the ipv4 payload from offset 16: port, then the four address bytes
  uint8_t addr[4];
  uint8_t pad[22];
} outgoing_datagram;
_Static_assert(sizeof(outgoing_datagram) == 44 && offsetof(outgoing_datagram, family) == 12 && offsetof(outgoing_datagram, port) == 16, "layout");

// incoming-datagram { data: list<u8>, remote-address: ip-socket-address }: 40 bytes.
typedef struct {
  uint8_t *data;
  size_t len;
  uint8_t family;
  uint8_t pad0[3];
  uint16_t port;
  uint8_t addr[4];
  uint8_t pad[22];
} incoming_datagram;
_Static_assert(sizeof(incoming_datagram) == 40 && offsetof(incoming_datagram, port) == 12, "layout");

static uint32_t bound_udp(int32_t net, int step, int32_t *socket, int32_t *port) {
  create_udp_socket(IPV4, ret); CHECK(step);
  *socket = RET_I32(4);
  udp_start_bind(*socket, net, V4_ARGS(0, 127, 0, 0, 1), ret); CHECK_UNIT(step);
  udp_finish_bind(*socket, ret); CHECK_UNIT(step);
  udp_local_address(*socket, ret); CHECK(step);
  *port = RET_U16(8);
  return 0;
}

// Sends one datagram once check-send permits it.
static uint32_t send_one(int step, int32_t out, const outgoing_datagram *datagram) {
  for (;;) {
    udp_check_send(out, ret);
    if (RET_TAG) return FAIL(step, ret[8]);
    if (RET_U64(8) > 0) break;
    wait(udp_outgoing_subscribe(out));
  }
  udp_send(out, (void *)datagram, 1, ret);
  if (RET_TAG) return FAIL(step, ret[8]);
  if (RET_U64(8) != 1) return FAIL(step, 100);
  return 0;
}

// Waits for one datagram; NULL when receiving fails.
static incoming_datagram *receive_one(int32_t in) {
  for (;;) {
    udp_receive(in, 4, ret);
    if (RET_TAG) return NULL;
    if (*(size_t *)(ret + 8) > 0) return *(incoming_datagram **)(ret + 4);
    wait(udp_incoming_subscribe(in));
  }
}

__attribute__((export_name("udp-echo")))
uint32_t udp_echo(void) {
  heap_top = 0;
  int32_t net = instance_network();
  int32_t a, a_port, b, b_port;
  uint32_t failed;
  if ((failed = bound_udp(net, 1, &a, &a_port))) return failed;
  if ((failed = bound_udp(net, 2, &b, &b_port))) return failed;

  udp_stream(a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ret); CHECK(3);
  int32_t a_in = RET_I32(4), a_out = RET_I32(8);
  udp_stream(b, 1, V4_ARGS(a_port, 127, 0, 0, 1), ret); CHECK(4);
  int32_t b_in = RET_I32(4), b_out = RET_I32(8);

  // b is connected to a: its datagram names no destination.
  static const char ping[] = "datagram ping";
  outgoing_datagram to_a = { .data = (const uint8_t *)ping, .len = sizeof ping - 1 };
  if ((failed = send_one(5, b_out, &to_a))) return failed;
  incoming_datagram *got = receive_one(a_in);
  if (!got) return FAIL(6, ret[4]);
  if (got->len != sizeof ping - 1 || memcmp(got->data, ping, got->len)) return FAIL(6, 100);
  if (got->family != IPV4 || got->port != b_port || got->addr[0] != 127 || got->addr[3] != 1) return FAIL(6, 101);

  // a is not connected: its reply names b.
  static const char pong[] = "datagram pong";
  outgoing_datagram to_b = {
    .data = (const uint8_t *)pong, .len = sizeof pong - 1, .is_some = 1, .family = IPV4, .port = (uint16_t)b_port, .addr = { 127, 0, 0, 1 },
  };
  if ((failed = send_one(7, a_out, &to_b))) return failed;
  got = receive_one(b_in);
  if (!got) return FAIL(8, ret[4]);
  if (got->len != sizeof pong - 1 || memcmp(got->data, pong, got->len)) return FAIL(8, 100);
  if (got->port != a_port) return FAIL(8, 101);

  udp_incoming_drop(a_in);
  udp_outgoing_drop(a_out);
  udp_incoming_drop(b_in);
  udp_outgoing_drop(b_out);
  udp_drop(a);
  udp_drop(b);
  network_drop(net);
  return 0;
}

// ---------------------------------------------------------------------------------------------- ip-name-lookup

__attribute__((export_name("resolve")))
uint32_t resolve(const char *name, size_t len) {
  int32_t net = instance_network();
  resolve_addresses(net, name, len, ret);
  if (RET_TAG) return 0x80000000u | (uint32_t)(ret[4] + 1);
  int32_t stream = RET_I32(4);
  uint32_t count = 0;
  for (;;) {
    resolve_next(stream, ret);
    if (RET_TAG) {
      if (ret[2] != E_WOULD_BLOCK) return 0x80000000u | (uint32_t)(ret[2] + 1);
      wait(resolve_subscribe(stream));
      continue;
    }
    if (!ret[2]) break;  // none: the end
    count++;
  }
  resolve_drop(stream);
  network_drop(net);
  heap_top = 0;
  return count;
}
