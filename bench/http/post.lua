-- POST of a ~500-byte Segment-style track message, the shape of real ingestion traffic.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"type":"track","event":"Product Viewed","userId":"user-12345","anonymousId":"anon-6789abcdef",' ..
  '"messageId":"msg-00000000-0000-0000-0000-000000000001","timestamp":"2026-01-01T12:00:00.000Z",' ..
  '"properties":{"product_id":"sku-42","name":"Blue Running Shoes","category":"Footwear","price":89.99,' ..
  '"currency":"EUR","quantity":1,"url":"https://shop.example/p/blue-running-shoes"},' ..
  '"context":{"ip":"203.0.113.7","userAgent":"Mozilla/5.0 (X11; Linux x86_64) Bench/1.0","locale":"en-GB",' ..
  '"library":{"name":"analytics.js","version":"5.2.0"}},"writeKey":"wk_bench"}'
