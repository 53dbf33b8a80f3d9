-- wrk script: each thread cycles through the requests in the file named by the
-- BENCH_REQUESTS environment variable (one per line: method, path, cookie, body, tab-separated),
-- starting at its own offset so that threads send different requests.
local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   requests = {}
   for line in io.lines(os.getenv("BENCH_REQUESTS")) do
      local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {}
      if cookie ~= "" then headers["Cookie"] = cookie end
      if method == "POST" then
         headers["Content-Type"] = "application/x-www-form-urlencoded"
      end
      table.insert(requests, wrk.format(method, path, headers, body ~= "" and body or nil))
   end
   step = tonumber(os.getenv("BENCH_THREADS") or "1")
   -- Continue where the previous run of this scenario stopped, so writes are not repeated.
   index = (tonumber(os.getenv("BENCH_OFFSET") or "0") + id) % #requests + 1
end

function request()
   local r = requests[index]
   index = index + step
   if index > #requests then index = ((index - 1) % #requests) + 1 end
   return r
end
