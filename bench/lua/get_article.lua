-- GET /api/articles/{slug}, rotating through the seeded slugs (wrk ... -- SLUGS_FILE),
-- each thread starting at a different point so the threads do not fetch in lockstep.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")
wrk.headers["Accept"] = "application/json"

local slugs, i

function init(args)
   slugs = read_lines(args[1])
   i = ((thread_id or 0) * 7919) % #slugs
end

function request()
   i = i % #slugs + 1
   return wrk.format("GET", "/api/articles/" .. slugs[i])
end
