-- GET /v1/profiles/lookup?email=user{n}@example.com for a random loaded profile n.
local profiles = tonumber(os.getenv("PROFILES") or "100000")
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("API_KEY")
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
end

function request()
  return wrk.format("GET", "/v1/profiles/lookup?email=user" .. math.random(1, profiles) .. "%40example.com")
end
