-- Shared by the POST benchmarks (wrk loads it with dofile in every thread's Lua state):
-- numbers wrk's threads and prepares a JSON POST whose per-thread random `run` keeps
-- generated ids unique across threads and runs.
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

-- Call from init(): `authorization` is the whole header value, `salt` tells scripts apart.
function post_init(authorization, salt)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = authorization
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919 + salt)
  run = tostring(math.random(1, 2^30))
end
