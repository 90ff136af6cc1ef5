-- wrk script for scripts/bench-portal.sh: each request deposits one invoice flow (deposer/flux) whose invoice
-- number (BT-1) is unique, so that no deposit is a duplicate of another.
-- The invoice is split around its number, the text before it padded to a multiple of 3 bytes, and the number is
-- 12 characters: the base64 of the whole is then base64(before) .. base64(number) .. base64(after), and only the
-- number is encoded per request.
-- Arguments: a file holding base64(before), one holding base64(after), the bearer token, the cpro-account value,
-- a two-letter label that makes this run's numbers differ from another run's.

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

-- Base64 of a string whose length is a multiple of 3 (no padding).
local function base64(text)
  local out = {}
  for i = 1, #text, 3 do
    local a, b, c = text:byte(i, i + 2)
    local n = a * 65536 + b * 256 + c
    for shift = 18, 0, -6 do
      local index = math.floor(n / 2 ^ shift) % 64
      out[#out + 1] = alphabet:sub(index + 1, index + 1)
    end
  end
  return table.concat(out)
end

local function read(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return (text:gsub("%s+$", ""))
end

local before, after, headers, label
local serial = 0

function init(args)
  before = read(args[1])
  after = read(args[2])
  headers = {
    ["Authorization"] = "Bearer " .. args[3],
    ["cpro-account"] = args[4],
    ["Content-Type"] = "application/json;charset=utf-8",
  }
  label = args[5] or "BR"
end

function request()
  serial = serial + 1
  local number = string.format("%s%02d%08d", label, thread_id % 100, serial)
  local body = '{"fichierFlux":"' .. before .. base64(number) .. after
    .. '","nomFichier":"bench.xml","syntaxeFlux":"IN_DP_E1_UBL_INVOICE","avecSignature":false}'
  return wrk.format("POST", "/cpro/factures/v1/deposer/flux", headers, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("deposits: %d in %.1f s, %d answered other than 2xx\n",
    summary.requests, seconds, summary.errors.status))
  io.write(string.format("deposits/s: %.0f\n", summary.requests / seconds))
  io.write(string.format("latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: %d connect, %d read, %d write, %d timeout\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
