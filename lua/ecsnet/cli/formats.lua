--- The check command's outputs for CI systems: `junit` (JUnit XML, which
-- most CI systems show as tests), `gitlab` (GitLab's Code Quality report),
-- `github` (GitHub Actions workflow commands: annotations), `gcc`
-- (`FILE:LINE:COL: error: message [ECS008]`, what editors and problem
-- matchers read) and `checkstyle` (Checkstyle XML). text, json and sarif
-- are check.lua's own.
--
-- Each is a stream, `M.<format>(ctx, min_rank)` -> `{entry = function(e),
-- finish = function(summary, walked)}`: check.lua hands it each checked
-- file's entry as the file is checked, so memory stays flat however many
-- files there are. Findings at or above the shown severity are written;
-- suppressed ones are not (junit lists them as skipped tests); files that
-- could not be checked are (except by gcc, whose form the command's stderr
-- already has).
-- @module ecsnet.cli.formats

local json = require "ecsnet.json"

local M = {}

local RANK = { error = 1, warning = 2, info = 3 }

--- The lowest severity a format shows unless `--severity` says: warning
-- for what people read (text, github, gcc), info for what tools read.
function M.default_severity(format)
  if format == "text" or format == "github" or format == "gcc" then return "warning" end
  return "info"
end

-- A file's name as the formats give it: "<stdin>" as it is, a leading
-- "./" dropped.
local function path_of(e)
  return (e.file:gsub("^%./", ""))
end

-- The findings of an entry that are shown.
local function shown(e, min_rank)
  local out = {}
  for _, d in ipairs(e.all or {}) do
    if not d.suppressed and RANK[d.severity] and RANK[d.severity] <= min_rank then out[#out + 1] = d end
  end
  return out
end

-- A finding's message with where it is when no line is known, and which
-- task definition of several it is about.
local function message_of(e, d)
  local m = d.message or ""
  if not (d.line and d.line > 0) and d.pointer then
    m = m .. " (at " .. (d.pointer == "" and "/" or d.pointer) .. ")"
  end
  local td = d.taskdef and #(e.taskdefs or {}) > 1 and e.taskdefs[d.taskdef]
  if td then m = m .. " [" .. td.name .. "]" end
  if d.construct then m = m .. " [construct " .. d.construct .. "]" end
  return m
end

-- { ======================================================================
-- XML (junit, checkstyle)
-- ========================================================================

-- Whether s is UTF-8 (XML text must be; a file name may not be).
local function is_utf8(s)
  local i, n = 1, #s
  while i <= n do
    local c = s:byte(i)
    local len = c < 0x80 and 1 or (c >= 0xC2 and c <= 0xDF) and 2 or (c >= 0xE0 and c <= 0xEF) and 3 or
      (c >= 0xF0 and c <= 0xF4) and 4 or 0
    if len == 0 or i + len - 1 > n then return false end
    for k = i + 1, i + len - 1 do
      local b = s:byte(k)
      if b < 0x80 or b > 0xBF then return false end
    end
    i = i + len
  end
  return true
end

local XML_ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&apos;" }

--- Text as an XML attribute or element: markup escaped, control bytes
-- XML 1.0 does not allow (and, in text that is not UTF-8, bytes past
-- ASCII) written as \xHH.
function M.xml(s)
  s = tostring(s)
  -- printable ASCII without markup (most text): as it is, told by one find
  if not s:find("[%z\1-\8\11\12\14-\31\127-\255&<>\"']") then return s end
  if s:find("[\128-\255]") and not is_utf8(s) then   -- ASCII is UTF-8
    s = s:gsub("[\128-\255]", function(c) return string.format("\\x%02X", c:byte()) end)
  end
  if s:find("[%z\1-\8\11\12\14-\31\127]") then
    s = s:gsub("[%z\1-\8\11\12\14-\31\127]", function(c) return string.format("\\x%02X", c:byte()) end)
  end
  if not s:find("[&<>\"']") then return s end
  return (s:gsub("[&<>\"']", XML_ESC))
end
local xml = M.xml

local function attrs(list)
  local out = {}
  for i = 1, #list, 2 do
    if list[i + 1] ~= nil then out[#out + 1] = list[i] .. '="' .. xml(list[i + 1]) .. '"' end
  end
  return table.concat(out, " ")
end

local function where(e, d)
  if d.line and d.line > 0 then return path_of(e) .. ":" .. d.line .. ":" .. (d.column or 1) end
  return path_of(e)
end

--- JUnit XML: a test suite per file, a test case per finding (a failure),
-- per suppressed finding (skipped, with why) and per file that could not
-- be checked (an error); a file without findings is one passing case. The
-- elements and attributes are those of the schema Jenkins' xUnit plugin
-- validates JUnit with (junit-10.xsd): the line is in the failure's text.
-- The root's totals come first in the document, so the suites wait in a
-- temporary file (in memory when none can be made) until the end.
local function junit_suite(e, min_rank)
  do
    local cases, f, er, sk = {}, 0, 0, 0
    if e.error then
      er = 1
      cases[1] = '    <testcase ' .. attrs { "classname", path_of(e), "name", "read and parse" } ..
        '>\n      <error ' .. attrs { "message", e.error, "type", "input" } .. '/>\n    </testcase>'
    else
      for _, d in ipairs(e.all or {}) do
        local name = (d.rule or "?") .. " " .. (d.pointer or "")
        local head = '    <testcase ' .. attrs { "classname", path_of(e), "name", name } .. '>'
        if d.suppressed then
          sk = sk + 1
          cases[#cases + 1] = head .. '\n      <skipped ' .. attrs { "message", "suppressed (" .. d.suppressed.kind ..
            "): " .. d.suppressed.justification } .. '/>\n    </testcase>'
        elseif RANK[d.severity] and RANK[d.severity] <= min_rank then
          f = f + 1
          cases[#cases + 1] = head .. '\n      <failure ' ..
            attrs { "message", message_of(e, d), "type", d.severity } ..
            '>' .. xml(where(e, d) .. ": " .. d.severity .. " " .. (d.rule or "?") .. " " .. message_of(e, d)) ..
            '</failure>\n    </testcase>'
        end
      end
      if #cases == 0 then
        cases[1] = '    <testcase ' ..
          attrs { "classname", path_of(e), "name", "no findings" } .. '/>'
      end
    end
    return '  <testsuite ' .. attrs { "name", path_of(e), "file", path_of(e), "tests", tostring(#cases),
      "failures", tostring(f), "errors", tostring(er), "skipped", tostring(sk) } .. '>\n' ..
      table.concat(cases, "\n") .. '\n  </testsuite>\n', #cases, f, er
  end
end

function M.junit(ctx, min_rank)
  local spool, kept = io.tmpfile(), {}
  local tests, failures, errors = 0, 0, 0
  return {
    entry = function(e)
      local text, t, f, er = junit_suite(e, min_rank)
      tests, failures, errors = tests + t, failures + f, errors + er
      if spool then spool:write(text) else kept[#kept + 1] = text end
    end,
    finish = function()
      -- the totals Jenkins' junit-10.xsd allows on the root (skipped is per suite)
      ctx:write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ' .. attrs { "name", "ecsnet check",
        "tests", tostring(tests), "failures", tostring(failures), "errors", tostring(errors) } .. '>\n')
      if spool then
        spool:seek("set", 0)
        for chunk in function() return spool:read(65536) end do ctx:write(chunk) end
        spool:close()
      else
        ctx:write(table.concat(kept))
      end
      ctx:write("</testsuites>\n")
    end,
  }
end

local CHECKSTYLE_SEVERITY = { error = "error", warning = "warning", info = "info" }

--- Checkstyle XML: every file checked, with an error element per finding
-- (source ecsnet.RULE) and one for a file that could not be checked.
local function checkstyle_file(ctx, e, min_rank)
  do
    ctx:write('  <file ' .. attrs { "name", path_of(e) } .. '>\n')
    if e.error then
      local line, col = e.error:match("at line (%d+) column (%d+)")
      ctx:write('    <error ' .. attrs { "line", line or "1", "column", col, "severity", "error",
        "message", "cannot check: " .. e.error, "source", "ecsnet.input" } .. '/>\n')
    else
      for _, d in ipairs(shown(e, min_rank)) do
        ctx:write('    <error ' .. attrs { "line", tostring(d.line and d.line > 0 and d.line or 1),
          "column", d.column and d.column > 0 and tostring(d.column) or nil,
          "severity", CHECKSTYLE_SEVERITY[d.severity], "message", message_of(e, d),
          "source", "ecsnet." .. (d.rule or "unknown") } .. '/>\n')
      end
    end
    ctx:write('  </file>\n')
  end
end

function M.checkstyle(ctx, min_rank)
  ctx:write('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n')
  return {
    entry = function(e) checkstyle_file(ctx, e, min_rank) end,
    finish = function() ctx:write('</checkstyle>\n') end,
  }
end

-- { ======================================================================
-- GitLab Code Quality
-- ========================================================================

local GITLAB_SEVERITY = { error = "major", warning = "minor", info = "info" }

-- A stable fingerprint: two 32-bit polynomial hashes of what names a
-- finding (not its line, which moves when lines are added above it), in
-- hex. Lua 5.1 has no bit operators; the arithmetic stays exact in doubles.
local byte = string.byte

local function fingerprint(text)
  local a, b = 5381, 2166136
  local n = #text
  local i = 1
  -- four bytes a step, as four steps of the one-byte rule folded into
  -- one: a * 33^4 stays below 2^53 (and 2^63), b * 131^2 as well
  while i + 3 <= n do
    local c1, c2, c3, c4 = byte(text, i, i + 3)
    a = (a * 1185921 + c1 * 35937 + c2 * 1089 + c3 * 33 + c4) % 4294967296
    b = (b * 17161 + (c1 + 7) * 131 + c2 + 7) % 4294967291
    b = (b * 17161 + (c3 + 7) * 131 + c4 + 7) % 4294967291
    i = i + 4
  end
  for k = i, n do
    local c = byte(text, k)
    a = (a * 33 + c) % 4294967296
    b = (b * 131 + c + 7) % 4294967291
  end
  return string.format("%08x%08x", a, b)
end
M.fingerprint = fingerprint

--- GitLab's Code Quality report (a JSON array): description, check_name,
-- fingerprint (stable across runs: the rule, file, JSON Pointer and task
-- definition, and a count for repeats), severity (error major, warning
-- minor, info info) and location (path, lines.begin; 1 when the line is not
-- known).
-- (The array is written as ctx:json writes it, an issue at a time.)
function M.gitlab(ctx, min_rank)
  local seen, n = {}, 0
  local function add(e, rule, severity, description, line, key)
    seen[key] = (seen[key] or 0) + 1
    local text = json.encode(json.object("description", description, "check_name", rule,
      "fingerprint", fingerprint(key .. "\0" .. seen[key]), "severity", severity,
      "location", json.object("path", path_of(e), "lines", json.object("begin", line))), { indent = "  ", depth = 1 })
    ctx:write(n == 0 and "[\n  " or ",\n  ", text)
    n = n + 1
  end
  local function entry(e)
    if e.error then
      add(e, "cannot-check", "critical", "cannot check: " .. e.error,
        tonumber(e.error:match("at line (%d+)")) or 1, "input\0" .. e.file)
    else
      for _, d in ipairs(shown(e, min_rank)) do
        local td = d.taskdef and e.taskdefs[d.taskdef]
        add(e, d.rule or "?", GITLAB_SEVERITY[d.severity], (d.rule or "?") .. ": " .. message_of(e, d),
          d.line and d.line > 0 and d.line or 1,
          table.concat({ d.rule or "?", e.file, d.pointer or d.message or "", td and td.name or "" }, "\0"))
      end
    end
  end
  return { entry = entry, finish = function() ctx:write(n == 0 and "[]\n" or "\n]\n") end }
end

-- { ======================================================================
-- GitHub Actions workflow commands, gcc
-- ========================================================================

--- A workflow command's message: %, CR and LF escaped.
function M.gh_data(s)
  s = tostring(s)
  if not s:find("[%%\r\n]") then return s end   -- most messages: as they are
  return (s:gsub("%%", "%%25"):gsub("\r", "%%0D"):gsub("\n", "%%0A"))
end

--- A workflow command's property value: also ':' and ','.
function M.gh_property(s)
  s = tostring(s)
  if not s:find("[%%\r\n:,]") then return s end
  return (M.gh_data(s):gsub(":", "%%3A"):gsub(",", "%%2C"))
end

local GITHUB_LEVEL = { error = "error", warning = "warning", info = "notice" }

local function gh_command(level, props, message)
  local p = {}
  for i = 1, #props, 2 do
    if props[i + 1] ~= nil then p[#p + 1] = props[i] .. "=" .. M.gh_property(props[i + 1]) end
  end
  return "::" .. level .. " " .. table.concat(p, ",") .. "::" .. M.gh_data(message)
end

--- GitHub Actions annotations: `::error file=F,line=L,col=C,title=ECS008::message`
-- (warning for warnings, notice for infos), and an error for each file that
-- could not be checked.
function M.github(ctx, min_rank)
  local function entry(e)
    if e.error then
      ctx:say(gh_command("error", { "file", path_of(e), "line", e.error:match("at line (%d+)"),
        "col", e.error:match("at line %d+ column (%d+)"), "title", "ecsnet: cannot check" }, e.error))
    else
      for _, d in ipairs(shown(e, min_rank)) do
        local has_line = d.line and d.line > 0
        ctx:say(gh_command(GITHUB_LEVEL[d.severity], { "file", path_of(e),
          "line", has_line and tostring(d.line) or nil,
          "col", has_line and d.column and d.column > 0 and tostring(d.column) or nil,
          "title", d.rule or "ecsnet" }, message_of(e, d)))
      end
    end
  end
  return { entry = entry, finish = function() end }
end

local GCC_LEVEL = { error = "error", warning = "warning", info = "note" }

--- `FILE:LINE:COL: error: message [ECS008]` a line (warning, note), as gcc
-- writes; `FILE: error: ...` when the line is not known.
function M.gcc(ctx, min_rank)
  local function entry(e)
    if not e.error then
      for _, d in ipairs(shown(e, min_rank)) do
        ctx:say(where(e, d), ": ", GCC_LEVEL[d.severity], ": ", (message_of(e, d):gsub("[\r\n]", " ")),
          " [", d.rule or "?", "]")
      end
    end
  end
  return { entry = entry, finish = function() end }
end

return M
