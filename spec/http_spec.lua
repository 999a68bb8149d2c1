-- ecsnet.http: request → status and JSON body, outside nginx.
-- The same handlers serve examples/openresty/nginx.conf (test/nginx.sh).
local http = require "ecsnet.http"
local ecsnet = require "ecsnet"

local function fixture(name)
  local f = assert(io.open("spec/fixtures/http/" .. name, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

describe("ecsnet.http.validate", function()
  it("answers 200 and the report for a valid task definition", function()
    local status, body = http.validate(fixture("register-valid.json"), {})
    assert.equals(200, status)
    assert.matches('"ok":true', body, 1, true)
  end)

  it("answers 422 with the diagnostics when the definition has errors (§1.5 R3)", function()
    local status, body = http.validate(fixture("register-invalid.json"), {})
    assert.equals(422, status)
    assert.matches("Fargate only supports network mode", body, 1, true)
  end)

  it("passes launch type and os from the query", function()
    local status = http.validate(fixture("terraform-valid.json"), { shape = "terraform", launch_type = "fargate" })
    assert.equals(422, status)
    assert.equals(200, (http.validate(fixture("terraform-valid.json"), { shape = "terraform" })))
  end)

  it("answers 400 for malformed input, with the position", function()
    local status, body = http.validate(fixture("malformed.json"), {})
    assert.equals(400, status)
    assert.matches("line 2 column", body, 1, true)
    assert.equals(400, (http.validate(fixture("nul-byte.json"))))
    assert.equals(400, (http.validate(fixture("deep.json"))))
  end)

  it("answers 400 for an empty body or bad query arguments", function()
    assert.equals(400, (http.validate(nil, {})))
    assert.equals(400, (http.validate("", {})))
    local status, body = http.validate("{}", { launch_type = "lambda" })
    assert.equals(400, status)
    assert.matches("unknown launch_type 'LAMBDA'", body, 1, true)
    assert.equals(400, (http.validate("{}", { os = { "linux", "windows" } })))
    assert.equals(400, (http.validate("{}", { os = true })))
    assert.equals(400, (http.validate("{}", { shape = "yaml" })))
  end)
end)

describe("ecsnet.http.options", function()
  it("normalizes case and rejects unknown values", function()
    assert.same({ launch_type = "FARGATE", os = "windows" }, http.options({ launch_type = "Fargate", os = "WINDOWS" }))
    assert.same({}, http.options({}))
    assert.same({}, http.options(nil))
    local opts, err = http.options({ os = "macos" })
    assert.is_nil(opts)
    assert.equals("unknown os 'macos' (expected linux or windows)", err)
  end)
end)

describe("ecsnet.http.contains", function()
  local sets = { private = ecsnet.cidrset { "10.0.0.0/8", "fc00::/7" } }

  it("answers membership", function()
    assert.same({ 200, '{"set":"private","ip":"10.9.8.7","contains":true}\n' },
                { http.contains(sets, { set = "private", ip = "10.9.8.7" }) })
    assert.same({ 200, '{"set":"private","ip":"11.0.0.1","contains":false}\n' },
                { http.contains(sets, { set = "private", ip = "11.0.0.1" }) })
    assert.equals(200, (http.contains(sets, { set = "private", ip = "fd12::1" })))
  end)

  it("answers 400 for a malformed address and 404 for an unknown set", function()
    local status, body = http.contains(sets, { set = "private", ip = "010.0.0.1" })
    assert.equals(400, status)
    assert.matches("010.0.0.1", body, 1, true)
    assert.equals(404, (http.contains(sets, { set = "public", ip = "10.0.0.1" })))
    assert.equals(400, (http.contains(sets, { set = "private" })))
    assert.equals(400, (http.contains(sets, {})))
  end)
end)

describe("ecsnet.http.plan", function()
  local function file(path)
    local f = assert(io.open(path, "rb"))
    local text = f:read("*a")
    f:close()
    return text
  end

  it("answers 200 for a plan that fits, with the seed's 12,273 addresses (docs/reference.md §4.1)", function()
    local status, body = http.plan(file("examples/plans/default-vpc.json"))
    assert.equals(200, status)
    assert.matches('"usable":12273', body, 1, true)
  end)

  it("answers 422 for a plan that does not fit, 400 for bad input", function()
    assert.equals(422, (http.plan(file("examples/plans/too-small.json"))))
    assert.equals(400, (http.plan("{")))
    assert.equals(400, (http.plan("")))
  end)
end)
