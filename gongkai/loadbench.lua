-- wrk script of the load bench (gongkai/loadbench.py): sends a fixed list of requests in turn and prints
-- one JSON line (prefixed "GONGKAI-LOAD ") with the latency percentiles, wrk's error counts and the count
-- of each HTTP status.
--
--   wrk -s gongkai/loadbench.lua URL -- "H:Name: value" ... "GET /path" ... "POST /path urlencoded-body" ...
--
-- Arguments starting with "H:" are headers sent with every request; the others are requests.

local requests = {}
local counter = 0
statuses = {}
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   local headers = {}
   local specs = {}
   for _, arg in ipairs(args) do
      if arg:sub(1, 2) == "H:" then
         local name, value = arg:sub(3):match("^([^:]+):%s*(.*)$")
         headers[name] = value
      else
         table.insert(specs, arg)
      end
   end
   for _, spec in ipairs(specs) do
      local method, path, body = spec:match("^(%u+) (%S+) ?(.*)$")
      local these = {}
      for k, v in pairs(headers) do these[k] = v end
      if method == "POST" then
         these["Content-Type"] = "application/x-www-form-urlencoded"
      else
         body = nil
      end
      table.insert(requests, wrk.format(method, path, these, body))
   end
   if #requests == 0 then
      error("loadbench.lua: no request given")
   end
end

function request()
   counter = counter + 1
   return requests[(counter - 1) % #requests + 1]
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests_)
   local counts = {}
   for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("statuses") or {}) do
         counts[status] = (counts[status] or 0) + n
      end
   end
   local parts = {}
   for status, n in pairs(counts) do
      table.insert(parts, string.format('"%s": %d', status, n))
   end
   local e = summary.errors
   io.write(string.format(
      'GONGKAI-LOAD {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
      '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
      '"latency_us": {"p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}, ' ..
      '"statuses": {%s}}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
      latency.max, latency.mean,
      table.concat(parts, ", ")))
end
