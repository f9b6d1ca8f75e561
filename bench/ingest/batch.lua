-- POST /v1/batch with 100 messages (~500 bytes each) with unique messageIds.
local counter = 0
local per_batch = tonumber(os.getenv("BATCH_SIZE") or "100")

dofile((os.getenv("BENCH_LIB") or "bench/lib") .. "/wrk_post.lua")

function init(args)
  post_init("Basic " .. os.getenv("WRITE_KEY_B64"), 7)
end

local template = '{"type":"track","messageId":"%s","anonymousId":"anon-%d","event":"Product Viewed",' ..
  '"properties":{"product_id":"sku-%d","name":"Trail running shoe","category":"Shoes","price":89.95,' ..
  '"currency":"EUR","quantity":1,"url":"https://shop.example.com/p/trail-running-shoe"},' ..
  '"context":{"ip":"203.0.113.7","locale":"de-DE","userAgent":"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101",' ..
  '"page":{"path":"/p/trail-running-shoe","referrer":"https://www.example.org/"}},' ..
  '"timestamp":"2026-11-23T10:00:00.000Z"}'

function request()
  local items = {}
  for i = 1, per_batch do
    counter = counter + 1
    items[i] = string.format(template, string.format("%s-%d-%d", run, thread_id, counter), counter % 5000, counter % 300)
  end
  return wrk.format(nil, "/v1/batch", nil, '{"batch":[' .. table.concat(items, ",") .. '],"sentAt":"2026-11-23T10:00:00.100Z"}')
end
