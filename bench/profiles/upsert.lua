-- POST /v1/profiles: NEW_PERCENT % of requests carry a new email (a profile is created), the rest
-- an existing user{n}@example.com with a changed plan trait (found, trait written with lineage).
local profiles = tonumber(os.getenv("PROFILES") or "100000")
local new_percent = tonumber(os.getenv("NEW_PERCENT") or "10")
local plans = { "free", "pro", "enterprise", "trial" }
local counter = 0

dofile((os.getenv("BENCH_LIB") or "bench/lib") .. "/wrk_post.lua")

function init(args)
  post_init("Bearer " .. os.getenv("API_KEY"), 2)
end

function request()
  counter = counter + 1
  local email
  if math.random(1, 100) <= new_percent then
    email = string.format("new-%s-%d-%d@example.com", run, thread_id, counter)
  else
    email = string.format("user%d@example.com", math.random(1, profiles))
  end
  local body = string.format('{"identifiers":{"email":"%s"},"traits":{"plan":"%s","visits":%d}}',
    email, plans[math.random(1, #plans)], counter)
  return wrk.format(nil, "/v1/profiles", nil, body)
end

