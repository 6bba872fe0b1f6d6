-- wrk script: sends pre-signed Twilio inbound webhooks (written by WebhookBenchServer), one after
-- another from a different starting point in each thread. Arguments: the request file, a start offset.
local requests = {}
local next_index = 1
local threads_set_up = 0

function setup(thread)
  thread:set("thread_offset", threads_set_up * 7919)
  threads_set_up = threads_set_up + 1
end

function init(args)
  for line in io.lines(args[1]) do
    local signature, body = line:match("^(%S+) (.+)$")
    requests[#requests + 1] = wrk.format("POST", "/twilio/inbound", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Twilio-Signature"] = signature,
    }, body)
  end
  next_index = ((tonumber(args[2]) or 0) + (thread_offset or 0)) % #requests + 1
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
