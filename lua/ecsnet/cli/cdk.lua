--- CDK cloud assemblies (`cdk.out/`) for `ecsnet check`: the stack templates
-- a `manifest.json` names, the nested-stack templates beside them, and the
-- construct path of each resource, so that a finding names the construct in
-- the user's CDK code.
--
-- An assembly is read as one unit, through its manifest: artifacts of type
-- `aws:cloudformation:stack` give `properties.templateFile`; construct paths
-- come from each resource's `Metadata["aws:cdk:path"]` in the template (what
-- `cdk synth` writes unless told `--no-path-metadata`) or else from the
-- artifact's metadata (inline `metadata`, or the `additionalMetadataFile`):
-- `"/Stack/Construct/Resource": [{"type": "aws:cdk:logicalId", "data": "LogicalId"}]`.
-- Nested stacks are found from `aws:cdk:templateFile` metadata entries, from
-- `AWS::CloudFormation::Stack` resources' `Metadata["aws:asset:path"]`, and
-- from the stack's asset manifest (`*.nested.template.json` files). Asset
-- folders (`asset.*`) are never read. JSON is read with the one front end
-- (`ecsnet.core.json_decode`).
-- @module ecsnet.cli.cdk

local M = {}

-- JSON text to Lua values through the one front end (the module is loaded
-- when first needed: 'ecsnet check --help' works without it).
local function json_decode(text, what)
  return require("ecsnet.core").json_decode(text, what)
end

local STACK = "aws:cloudformation:stack"
local ASSETS = "cdk:asset-manifest"

local function join(dir, name)
  return dir:sub(-1) == "/" and (dir .. name) or (dir .. "/" .. name)
end

--- Whether `dir` is a CDK cloud assembly: a `manifest.json` beside CDK's
-- `cdk.out` version file, or one that names a stack or nested assembly.
-- Only regular files are opened (a FIFO named manifest.json is not waited on).
-- @tparam string dir
-- @tparam function is_file `is_file(path)`: whether it is a regular file
-- @treturn boolean
function M.is_assembly(dir, is_file)
  local manifest = join(dir, "manifest.json")
  if not is_file(manifest) then return false end
  if is_file(join(dir, "cdk.out")) then return true end
  local f = io.open(manifest, "rb")
  if not f then return false end
  local head = f:read(65536)
  f:close()
  if type(head) ~= "string" then return false end
  return head:find('"' .. STACK .. '"', 1, true) ~= nil or
    head:find('"cdk:cloud-assembly"', 1, true) ~= nil
end

-- The construct path as `aws:cdk:path` writes it (no leading '/').
local function construct(path)
  return (path:gsub("^/", ""))
end

-- The decoded JSON of a file, or nil and a message naming it.
local function decode(read, path, what)
  local text, err = read(path)
  if not text then return nil, err end
  local doc, derr = json_decode(text, what)
  if doc == nil then return nil, derr end
  if type(doc) ~= "table" then return nil, what .. " must be a JSON object" end
  return doc
end

-- An artifact's metadata: its inline `metadata` and its
-- `additionalMetadataFile`, as {path, type, data} rows.
local function metadata(asm, id, art)
  local rows = {}
  local function add(map)
    if type(map) ~= "table" then return end
    for path, list in pairs(map) do
      if type(path) == "string" and type(list) == "table" then
        for _, m in ipairs(list) do
          if type(m) == "table" and type(m.type) == "string" then
            rows[#rows + 1] = { path = path, type = m.type, data = m.data }
          end
        end
      end
    end
  end
  add(art.metadata)
  local file = art.additionalMetadataFile
  if type(file) == "string" then
    local path = join(asm.dir, file)
    local map, err = decode(asm.read, path, "the metadata of stack '" .. id .. "'")
    if map then
      add(map)
      asm.read_files[path] = "CDK metadata: read for the construct paths"
    else
      asm.errors[#asm.errors + 1] = { file = path, error = err }
    end
  end
  return rows
end

-- A template of the assembly to check (one entry per file).
local function add_template(asm, file, stack, root, parent)
  local path = join(asm.dir, file)
  local t = asm.by_file[path]
  if t then
    t.root = t.root or root
    return t
  end
  t = { file = path, name = file, stack = stack, root = root, paths = {}, parent = parent }
  asm.by_file[path] = t
  asm.templates[#asm.templates + 1] = t
  return t
end

-- Templates and construct paths from one stack artifact's metadata: each
-- `aws:cdk:templateFile` entry is a template whose resources' paths start
-- with that entry's path; each `aws:cdk:logicalId` belongs to the template
-- with the longest such root.
local function from_metadata(asm, id, art, main)
  local rows = metadata(asm, id, art)
  local roots = { { root = "/" .. id, t = main } }
  for _, r in ipairs(rows) do
    if r.type == "aws:cdk:templateFile" and type(r.data) == "string" then
      if r.data == main.name then
        roots[1].root = r.path
        main.root = r.path
      else
        roots[#roots + 1] = { root = r.path, t = add_template(asm, r.data, id, r.path, main.file) }
      end
    end
  end
  for _, r in ipairs(rows) do
    if r.type == "aws:cdk:logicalId" and type(r.data) == "string" then
      local best
      for _, root in ipairs(roots) do
        if r.path:sub(1, #root.root + 1) == root.root .. "/" and
          (not best or #root.root > #best.root) then
          best = root
        end
      end
      if best then best.t.paths[r.data] = construct(r.path) end
    end
  end
end

-- Nested templates a stack's asset manifest lists.
local function from_assets(asm, id, art, main)
  local file = art.properties and art.properties.file
  if type(file) ~= "string" then return end
  local path = join(asm.dir, file)
  local doc = decode(asm.read, path, "the asset manifest of '" .. id .. "'")
  if not doc then return end   -- not needed to check the stacks
  asm.read_files[path] = "CDK asset manifest: read for nested stack templates"
  for _, asset in pairs(type(doc.files) == "table" and doc.files or {}) do
    local src = type(asset) == "table" and asset.source
    local p = type(src) == "table" and src.path
    if type(p) == "string" and p:match("%.nested%.template%.json$") then
      add_template(asm, p, main and main.stack or id, nil, main and main.file)
    end
  end
end

-- The artifact ids, sorted (JSON objects have no order once decoded).
local function sorted_ids(artifacts)
  local ids = {}
  for id in pairs(artifacts) do
    if type(id) == "string" then ids[#ids + 1] = id end
  end
  table.sort(ids)
  return ids
end

--- Reads an assembly's manifest and metadata.
-- @tparam string dir the assembly folder
-- @tparam function read `read(path)` returns the text or nil and a message
-- @treturn table `{dir, templates = {{file, name, stack, paths = {[logicalId] =
-- path}, parent}, ...}, errors = {{file, error}, ...}, read_files = {[path] =
-- why}}`; a manifest that cannot be read gives `manifest_error`
function M.read(dir, read)
  local asm = { dir = dir, read = read, templates = {}, by_file = {}, errors = {}, read_files = {} }
  local mpath = join(dir, "manifest.json")
  local manifest, err = decode(read, mpath, "the CDK manifest")
  if manifest and type(manifest.artifacts) ~= "table" then
    manifest, err = nil, "the CDK manifest has no 'artifacts' object"
  end
  if not manifest then
    asm.errors[#asm.errors + 1] = { file = mpath, error = err }
    asm.manifest_error = true
    return asm
  end
  asm.read_files[mpath] = "the CDK cloud assembly's manifest: read to find its stacks"
  local mains = {}
  for _, id in ipairs(sorted_ids(manifest.artifacts)) do
    local art = manifest.artifacts[id]
    if type(art) == "table" and art.type == STACK then
      local tf = type(art.properties) == "table" and art.properties.templateFile
      if type(tf) ~= "string" or tf == "" then
        asm.errors[#asm.errors + 1] = { file = mpath,
          error = "stack '" .. id .. "' in the CDK manifest has no properties.templateFile" }
      else
        local main = add_template(asm, tf, id, nil, nil)
        mains[id] = main
        from_metadata(asm, id, art, main)
      end
    end
  end
  for _, id in ipairs(sorted_ids(manifest.artifacts)) do
    local art = manifest.artifacts[id]
    if type(art) == "table" and art.type == ASSETS then
      from_assets(asm, id, art, mains[id:gsub("%.assets$", "")])
    end
  end
  return asm
end

--- What a template itself says: each resource's `Metadata["aws:cdk:path"]`
-- (added to `t.paths`, over the manifest's) and the nested templates its
-- `AWS::CloudFormation::Stack` resources name in `Metadata["aws:asset:path"]`
-- (added to the assembly). Reads nothing unless the text holds such metadata.
-- @tparam table asm from `read`
-- @tparam table t one of `asm.templates`
-- @tparam string text the template's text
function M.annotate(asm, t, text)
  if not (text:find('"aws:cdk:path"', 1, true) or text:find('"aws:asset:path"', 1, true)) then return end
  local doc = json_decode(text, "the template")
  local resources = type(doc) == "table" and doc.Resources
  if type(resources) ~= "table" then return end
  for logical, r in pairs(resources) do
    local md = type(r) == "table" and r.Metadata
    if type(logical) == "string" and type(md) == "table" then
      if type(md["aws:cdk:path"]) == "string" then t.paths[logical] = construct(md["aws:cdk:path"]) end
      local asset = md["aws:asset:path"]
      if r.Type == "AWS::CloudFormation::Stack" and type(asset) == "string" and not asset:find("/", 1, true) then
        add_template(asm, asset, t.stack, nil, t.file)
      end
    end
  end
end

--- The construct path of the resource a JSON Pointer points into.
-- @tparam table t one of `asm.templates`
-- @tparam string pointer e.g. `/Resources/TaskDef54694570/Properties/...`
-- @treturn string|nil
function M.construct_of(t, pointer)
  local logical = type(pointer) == "string" and pointer:match("^/Resources/([^/]+)")
  if not logical then return nil end
  return t.paths[(logical:gsub("~1", "/"):gsub("~0", "~"))]
end

--- Why a file of the assembly that is not a template to check is skipped.
-- @tparam table asm
-- @tparam string path
-- @treturn string
function M.reason(asm, path)
  if asm.read_files[path] then return asm.read_files[path] end
  if path:match("%.template%.json$") then
    return "a template the CDK manifest does not name (left from an earlier synth?)"
  end
  return "part of the CDK cloud assembly, not a stack template"
end

--- Whether a folder inside an assembly is an asset (`asset.*`), never read.
function M.is_asset(path)
  return path:match("/asset%.[^/]*/?$") ~= nil
end

return M
