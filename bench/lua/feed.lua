-- GET of the URL's path as the seeded feed user (token in BENCH_TOKEN, kept off the command line).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Token " .. require_env("BENCH_TOKEN")
