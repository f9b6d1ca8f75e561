-- POST /v1/track with a ~500-byte body and a unique messageId per request.
local counter = 0
dofile((os.getenv("BENCH_LIB") or "bench/lib") .. "/wrk_post.lua")

function init(args)
  post_init("Basic " .. os.getenv("WRITE_KEY_B64"), 0)
end

local template = '{"type":"track","messageId":"%s","userId":"user-%d","event":"Product Viewed",' ..
  '"properties":{"product_id":"sku-%d","name":"Trail running shoe","category":"Shoes","price":89.95,' ..
  '"currency":"EUR","quantity":1,"url":"https://shop.example.com/p/trail-running-shoe"},' ..
  '"context":{"ip":"203.0.113.7","locale":"de-DE","userAgent":"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101",' ..
  '"page":{"path":"/p/trail-running-shoe","referrer":"https://www.example.org/"}},' ..
  '"timestamp":"2026-11-23T10:00:00.000Z","sentAt":"2026-11-23T10:00:00.100Z"}'

function request()
  counter = counter + 1
  local id = string.format("%s-%d-%d", run, thread_id, counter)
  return wrk.format(nil, "/v1/track", nil, string.format(template, id, counter % 5000, counter % 300))
end
