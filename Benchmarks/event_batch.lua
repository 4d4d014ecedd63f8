-- wrk script: POST /v1/batch with 100 track calls per request, each with a fresh messageId, spread over 1,000
-- known users. Usage: wrk -s Benchmarks/event_batch.lua ... URL  (WRITE_KEY_B64 holds base64 of "KEY:").
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Basic " .. os.getenv("WRITE_KEY_B64")
end

function request()
  local parts = {}
  for i = 1, 100 do
    counter = counter + 1
    local user = (counter * 7919 + tid * 31) % 1000
    parts[i] = string.format(
      '{"type":"track","userId":"user-%d","event":"Article Read","messageId":"t%d-%d","timestamp":"2026-05-01T10:00:00Z","properties":{"title":"Clean water","path":"/stories/water"},"context":{"userAgent":"Mozilla/5.0 (iPhone) Mobile","page":{"url":"https://example.org/stories/water","referrer":"https://news.example/"}}}',
      user, tid, counter)
  end
  return wrk.format(nil, "/v1/batch", nil, '{"batch":[' .. table.concat(parts, ",") .. ']}')
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end
