// A wasi:http/proxy component that forwards each request with fetch(), which StarlingMonkey sends through
// wasi:http/outgoing-handler: GET /?url=U answers with U's status, headers and body (streamed through, with an
// x-proxied-by header added); other methods send the request body on to U as it arrives. A failed fetch answers 502
// with the error in the body.
addEventListener('fetch', (event) => event.respondWith(handle(event.request)));

async function handle(request) {
  const target = new URL(request.url).searchParams.get('url');
  if (!target) return new Response('missing ?url=', { status: 400 });
  const init = { method: request.method, headers: {} };
  const type = request.headers.get('content-type');
  if (type) init.headers['content-type'] = type;
  if (request.method !== 'GET' && request.method !== 'HEAD') init.body = request.body;
  let upstream;
  try {
    upstream = await fetch(target, init);
  } catch (e) {
    return new Response(`fetch failed: ${e}`, { status: 502, headers: { 'x-error': String(e && e.name) } });
  }
  const headers = new Headers(upstream.headers);
  headers.set('x-proxied-by', 'componentize-js');
  return new Response(upstream.body, { status: upstream.status, headers });
}
