// A wasi:http/proxy component in the fetch-event style: StarlingMonkey turns wasi:http/incoming-handler#handle into
// a `fetch` event. Paths: / (greeting with a custom header), /echo (streams the request body back), /throw (the
// handler throws), /spin (never returns, for the host's deadline).
addEventListener('fetch', (event) => event.respondWith(handle(event.request)));

async function handle(request) {
  const url = new URL(request.url);
  switch (url.pathname) {
    case '/echo':
      return new Response(request.body, {
        status: 200,
        headers: { 'content-type': request.headers.get('content-type') ?? 'application/octet-stream', 'x-method': request.method },
      });
    case '/throw':
      throw new Error('guest failure on purpose');
    case '/spin':
      for (;;) {}
    default:
      return new Response(`hello from js: ${request.method} ${url.pathname}${url.search}`, {
        status: 201,
        headers: { 'content-type': 'text/plain', 'x-guest': 'componentize-js', 'x-query': url.searchParams.get('q') ?? '' },
      });
  }
}
