-- wrk script: order reads (GET /api/v1/orders/{id}, with its events and
-- allowed actions). Counts answers that are not 2xx. Needs HOTLINE_TOKEN and
-- HOTLINE_ORDER_ID in the environment; with HOTLINE_MAX_ORDER_ID set, each
-- request reads a random order in 1..HOTLINE_MAX_ORDER_ID instead (mostly
-- cache misses once there are more orders than the read cache holds).

local token = os.getenv("HOTLINE_TOKEN") or ""
local order_id = os.getenv("HOTLINE_ORDER_ID") or "0"
local max_order_id = tonumber(os.getenv("HOTLINE_MAX_ORDER_ID") or "")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  first_failure = ""
  path = "/api/v1/orders/" .. order_id
  headers = {["Authorization"] = "Bearer " .. token}
end

function request()
  if max_order_id then
    return wrk.format("GET", "/api/v1/orders/" .. math.random(1, max_order_id), headers)
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_failure == "" then first_failure = status .. " " .. string.sub(body or "", 1, 200) end
  end
end

function done(summary, latency, requests)
  local failures, sample = 0, ""
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("non2xx")
    if sample == "" then sample = thread:get("first_failure") end
  end
  local seconds = summary.duration / 1e6
  local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                        summary.errors.timeout
  io.write(string.format(
    "BENCH requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, failures, socket_errors))
  if sample ~= "" then io.write("BENCH first non-2xx answer: " .. sample .. "\n") end
end
