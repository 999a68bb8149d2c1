-- Request handlers for examples/openresty/nginx.conf. Each reads the request,
-- calls ecsnet through ecsnet.http (which works outside nginx too) and sends
-- status + JSON. A handler never lets malformed input become a 500.
local ecsnet = require "ecsnet"

local M = {}

local function send(status, body)
  ngx.status = status
  ngx.header["Content-Type"] = "application/json"
  ngx.print(body)
  return ngx.exit(status)
end

function M.modes()
  local names = ecsnet.modes()
  return send(200, '{"modes":["' .. table.concat(names, '","') .. '"]}\n')
end

return M
