-- GET of the URL's own path (list articles, tags): nothing to add but the result line.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")
wrk.headers["Accept"] = "application/json"
