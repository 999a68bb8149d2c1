-- Request handlers for examples/openresty/nginx.conf: each reads the request,
-- lets ecsnet.http (which works outside nginx too) compute status and JSON
-- body, and sends them. Malformed input gets a 4xx from ecsnet.http; an
-- error raised here would be a bug, and nginx answers it with a 500.
local ecsnet = require "ecsnet"
local http = require "ecsnet.http"
local catalog = require "catalog"

local M = {}

local function send(status, body)
  ngx.status = status
  ngx.header["Content-Type"] = "application/json"
  ngx.print(body)
  return ngx.exit(status)
end

local function body()
  ngx.req.read_body()
  return ngx.req.get_body_data()
end

function M.validate()
  if ngx.req.get_method() ~= "POST" then return send(405, http.error_body("use POST")) end
  return send(http.validate(body(), ngx.req.get_uri_args()))
end

function M.plan()
  if ngx.req.get_method() ~= "POST" then return send(405, http.error_body("use POST")) end
  return send(http.plan(body(), ngx.req.get_uri_args()))
end

function M.contains()
  return send(http.contains(catalog.sets(), ngx.req.get_uri_args()))
end

function M.modes()
  local args = ngx.req.get_uri_args()
  if next(args) ~= nil then
    return send(400, http.error_body("unknown query argument '" .. tostring(next(args)) ..
      "' (this endpoint takes none)"))
  end
  return send(200, require("ecsnet.json").encode({ modes = ecsnet.modes() }) .. "\n")
end

return M
