-- bench/units.lua - wrk script for GET /declare/units: what people type
-- into a commune field, a few letters to whole names, with and without
-- tone marks, in turn.  Answers other than 200 are counted.
local queries = {
  "ha", "ham", "ham rong", "H%C3%A0m%20R%E1%BB%93ng", "phuc xa ha noi", "xa",
  "thanh hoa", "tp thanh hoa", "ba dinh", "nguyen trai", "hoa", "an", "bach long vi",
  "Ph%C6%B0%E1%BB%9Dng%201", "tan phu", "long bien", "quang", "dong hoa",
}
local n = 0
bad = 0

function request()
  n = n + 1
  local q = queries[n % #queries + 1]:gsub(" ", "%%20")
  return wrk.format("GET", "/declare/units?q=" .. q, { ["Accept"] = "application/json" })
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end
