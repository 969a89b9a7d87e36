-- wrk script: HTTP intake load. Every request posts a valid order with its
-- own idempotency key (so each one creates an order), and every answer that
-- is not 2xx is counted. Needs HOTLINE_TOKEN, HOTLINE_CATEGORY_ID and
-- HOTLINE_STREET_ID in the environment (scripts/bench.sh sets them).

local token = os.getenv("HOTLINE_TOKEN") or ""
local category_id = os.getenv("HOTLINE_CATEGORY_ID") or "0"
local street_id = os.getenv("HOTLINE_STREET_ID") or "0"

local threads = {}

function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  -- Unique across threads and runs: start time, thread number, counter.
  prefix = string.format("wrk-%d-%d", os.time(), thread_no)
  counter = 0
  non2xx = 0
  first_failure = ""
  headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"channel":"phone","caller_name":"压测用户","caller_phone":"13800000000",' ..
    '"enterprise":false,"demand_type":"complaint","category_id":%s,' ..
    '"address":"南京市秦淮区中山南路1号","street_unit_id":%s,' ..
    '"title":"压测工单：夜间施工噪音","content":"小区旁工地夜间施工噪音扰民，请尽快处理。",' ..
    '"urgency":"normal","idempotency_key":"%s-%d"}',
    category_id, street_id, prefix, counter)
  return wrk.format("POST", "/api/v1/orders", headers, body)
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
