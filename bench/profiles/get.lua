-- GET /v1/profiles/{n} for a random loaded profile (profile n has id n).
local profiles = tonumber(os.getenv("PROFILES") or "100000")
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("API_KEY")
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919 + 1)
end

function request()
  return wrk.format("GET", "/v1/profiles/" .. math.random(1, profiles))
end
