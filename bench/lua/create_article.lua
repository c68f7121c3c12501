-- POST /api/articles as the seeded writer (token in BENCH_TOKEN). Every request has a title no
-- other request of any run has: run nonce (wrk ... -- NONCE) + thread id + per-thread counter,
-- so the server takes the plain slug path rather than its collision retry.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")
wrk.headers["Accept"] = "application/json"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Token " .. require_env("BENCH_TOKEN")

local TAGS = { "dotnet", "performance", "databases", "testing", "api", "caching", "postgres", "sqlite" }
-- About 1.5 KB, like a seeded article body; JSON-safe as written (no quotes or backslashes).
local BODY = string.rep("Load tests measure what the server does under pressure, not what it does " ..
   "on a quiet afternoon. Write down what you expect, then measure, then compare. ", 6) ..
   "\\n\\n## Results\\n\\n" .. string.rep("Numbers from a shared machine are noisy. ", 8)

local nonce, counter

function init(args)
   nonce = args[1] or tostring(os.time())
   counter = 0
end

function request()
   counter = counter + 1
   local t = thread_id or 0
   local tag1 = TAGS[counter % #TAGS + 1]
   local tag2 = TAGS[(counter + 3) % #TAGS + 1]
   local body = string.format(
      '{"article":{"title":"Bench article %s t%d n%d","description":"Created by bench/run.sh",' ..
      '"body":"%s","tagList":["%s","%s"]}}',
      nonce, t, counter, BODY, tag1, tag2)
   return wrk.format("POST", "/api/articles", nil, body)
end
