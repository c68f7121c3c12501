-- Shared by every bench script (loaded with dofile): thread ids, file reading, and a done()
-- that prints one machine-readable line for bench/report.py. wrk runs one Lua state per
-- thread plus a main one; setup() and done() run in the main one.

local next_thread_id = 0

-- Gives every thread a distinct `thread_id` global (0, 1, ...), used to spread slugs and to
-- keep generated titles unique across threads.
function setup(thread)
   thread:set("thread_id", next_thread_id)
   next_thread_id = next_thread_id + 1
end

function read_lines(path)
   local f = io.open(path, "r")
   if not f then error("cannot open " .. tostring(path)) end
   local lines = {}
   for line in f:lines() do
      if line ~= "" then lines[#lines + 1] = line end
   end
   f:close()
   if #lines == 0 then error(path .. " is empty") end
   return lines
end

function require_env(name)
   local value = os.getenv(name)
   if value == nil or value == "" then error(name .. " is not set") end
   return value
end

-- Latencies are in microseconds; errors.status counts responses with status >= 400
-- (what wrk prints as "Non-2xx or 3xx responses").
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
      '"status_errors":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
      e.status, e.connect, e.read, e.write, e.timeout))
end
