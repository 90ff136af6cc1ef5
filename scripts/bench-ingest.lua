-- wrk script for scripts/bench-ingest.sh: each request deposits one corpus invoice with a unique
-- invoice number (BT-1), so that no deposit is a duplicate of another.
-- Arguments: a file listing the invoices to send (one path per line), the bearer token, a label that
-- makes this run's numbers differ from another run's against the same store.

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

local templates = {}
local next_template = 1
local serial = 0
local token
local label

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

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local answered = summary.requests - summary.errors.status
  io.write(string.format("deposits: %d in %.1f s, %d answered 2xx, %d other (counted by status below)\n",
    summary.requests, seconds, answered, summary.errors.status))
  io.write(string.format("deposits/s: %.0f\n", summary.requests / seconds))
  io.write(string.format("latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: %d connect, %d read, %d write, %d timeout\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
