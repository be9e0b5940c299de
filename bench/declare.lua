-- bench/declare.lua - wrk script for POST /declare: a valid declaration of
-- a citizen of the registry (file $KD_CITIZENS, one per line,
-- tab-separated: id_number, full_name, dob, gender, perm_commune), a
-- unique client_ref per request ($KD_RUN keeps runs apart), JSON answers.
-- Answers other than 201 are counted and reported at the end.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local citizens = {}
local counter = 0
local run = os.getenv("KD_RUN") or tostring(os.time())
bad = 0

function init(args)
  local path = os.getenv("KD_CITIZENS")
  for line in io.lines(path) do
    local id, name, dob, gender, commune = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)$")
    if id then
      table.insert(citizens, "id_number=" .. id .. "&full_name=" .. urlencode(name) ..
        "&dob=" .. dob .. "&gender=" .. gender .. "&phone=0912345678" ..
        "&perm_commune=" .. commune .. "&perm_address=" .. urlencode("Số 5, ngõ 12") ..
        "&from_commune=" .. commune .. "&from_address=" .. urlencode("Số 5, ngõ 12") ..
        "&to_commune=00004&to_address=" .. urlencode("Số 1 Hàng Bài") ..
        "&vehicle=motorbike&plate=29A-123.45&cough=1&vaccine_doses=2")
    end
  end
  if #citizens == 0 then
    error("no citizens in " .. tostring(path))
  end
end

function request()
  counter = counter + 1
  local body = citizens[(counter * 7 + tid) % #citizens + 1] ..
    "&client_ref=b" .. run .. "-" .. tid .. "-" .. counter
  return wrk.format("POST", "/declare", {
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  if status ~= 201 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + t:get("bad")
  end
  io.stderr:write(string.format("declare: %d requests, %d not 201\n",
    summary.requests, total))
end
