-- wrk script for scripts/bench-ingest.sh: each request deposits one corpus invoice with a unique
-- invoice number (BT-1), so that no deposit is a duplicate of another.
-- Arguments: a file listing the invoices to send (one path per line), the bearer token, a label that
-- makes this run's numbers differ from another run's against the same store.

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
  table.insert(threads, thread)
end

local templates = {}
local next_template = 1
local serial = 0
local token
local label
accepted, rejected, other = 0, 0, 0

-- Splits an invoice around its number: the text before it and after it.
local function split(body)
  local s, e
  if body:find("CrossIndustryInvoice", 1, true) then
    s, e = body:find("ExchangedDocument>%s*<[%w_]*:?ID>")
  else
    s, e = body:find("<[%w_]*:?ID>")
  end
  if not e then return nil end
  local close = body:find("<", e + 1, true)
  return body:sub(1, e), body:sub(close)
end

function init(args)
  token = args[2]
  label = args[3] or "run"
  for path in io.lines(args[1]) do
    local file = assert(io.open(path, "rb"))
    local body = file:read("*a")
    file:close()
    local before, after = split(body)
    if before then table.insert(templates, { before, after }) end
  end
  next_template = thread_id
end

function request()
  local template = templates[next_template]
  next_template = next_template % #templates + 1
  serial = serial + 1
  local number = string.format("BENCH-%s-%d-%d", label, thread_id, serial)
  return wrk.format("POST", "/v1/invoices", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/xml",
  }, template[1] .. number .. template[2])
end

function response(status, headers, body)
  if status == 201 then accepted = accepted + 1
  elseif status == 422 then rejected = rejected + 1
  else
    other = other + 1
    if other <= 3 then io.write("unexpected answer ", status, ": ", body:sub(1, 300), "\n") end
  end
end

function done(summary, latency, requests)
  local a, r, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("accepted")
    r = r + thread:get("rejected")
    o = o + thread:get("other")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("deposits: %d in %.1f s: %d accepted (201), %d rejected (422), %d other\n",
    summary.requests, seconds, a, r, o))
  io.write(string.format("stored invoices/s: %.0f (accepted %.0f/s)\n", (a + r) / seconds, a / seconds))
  io.write(string.format("latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: %d connect, %d read, %d write, %d timeout, %d non-2xx/3xx\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
