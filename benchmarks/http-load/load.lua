-- wrk script for benchmarks/http-load/run.sh: `wrk -s load.lua URL -- get` or `-- post`.
-- get:  GET URL, expecting tests/components/js/http.js's greeting (201, "hello from js: GET <path>").
-- post: POST a 1 KiB body to URL (the guest's /echo), expecting the same bytes back with status 200.
-- Every response is checked; done() prints one RESULT line with the totals of all threads.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "get"
  bad = 0
  if mode == "post" then
    wrk.method = "POST"
    wrk.body = string.rep("0123456789abcdef", 64)
    wrk.headers["Content-Type"] = "application/octet-stream"
    expected_status, expected_body = 200, wrk.body
  else
    expected_status, expected_body = 201, "hello from js: GET " .. wrk.path
  end
end

function response(status, headers, body)
  if status ~= expected_status or body ~= expected_body then
    bad = bad + 1
    if bad == 1 then io.stderr:write(string.format("unexpected response: %d %q\n", status, string.sub(body or "", 1, 200))) end
  end
end

function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do wrong = wrong + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d connect=%d read=%d write=%d timeout=%d status=%d wrong=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status, wrong))
end
