--- `ecsnet rules [ID]`: the validator's rule catalog (`ecsnet.rules()`).
-- @module ecsnet.cli.rules

local json = require "ecsnet.json"
local cli = require "ecsnet.cli"

local function rule_json(r)
  return json.object("id", r.id, "name", r.name, "title", r.title, "severity", r.severity,
    "checklist", r.checklist ~= "" and r.checklist or nil, "reference", r.section, "link", r.link,
    "help", r.help)
end

return {
  name = "rules",
  summary = "list the validator's rules (ID, severity, title, reference)",
  usage = "[ID] [--format text|json]",
  description = "Lists the rules 'ecsnet check' applies, with their stable IDs, usual " ..
    "severity, the checklist item and reference section (docs/reference.md) behind each, and " ..
    "the AWS documentation link. With an ID, that rule with its help text.",
  examples = {
    "ecsnet rules",
    "ecsnet rules ECS008",
    "ecsnet rules --format json",
  },
  max_args = 1,
  run = function(ctx, args)
    local ecsnet = ctx:module("rules")
    local rules = ecsnet.rules()
    if args[1] then
      local want = args[1]:upper()
      local found
      for _, r in ipairs(rules) do
        if r.id:upper() == want or r.name == args[1] then found = r end
      end
      if not found then
        ctx:usage_error("unknown rule " .. cli.quote(args[1]) .. " (expected an ID such as " .. rules[1].id ..
          " or a rule name; '" .. ctx.prog .. " rules' lists them)")
      end
      if ctx.format == "json" then
        ctx:json(rule_json(found))
        return 0
      end
      ctx:say(ctx:style("bold", found.id), " ", found.name, " (", ctx:style(found.severity, found.severity), ")")
      ctx:say("  ", found.title)
      if found.help and found.help ~= "" then
        ctx:say()
        ctx:say("  ", found.help)
      end
      ctx:say()
      if found.checklist and found.checklist ~= "" then ctx:say("  checklist: ", found.checklist) end
      if found.section then ctx:say("  reference: ", found.section) end
      if found.link then ctx:say("  AWS docs:  ", found.link) end
      return 0
    end
    if ctx.format == "json" then
      local list = json.array()
      for _, r in ipairs(rules) do list[#list + 1] = rule_json(r) end
      ctx:json(json.object("rules", list))
      return 0
    end
    local wname = 4
    for _, r in ipairs(rules) do if #r.name > wname then wname = #r.name end end
    for _, r in ipairs(rules) do
      local sev = string.format("%-8s", r.severity)
      ctx:say(string.format("%-7s ", r.id), ctx:style(r.severity, sev), string.format(" %-4s ", r.checklist or ""),
        string.format("%-" .. wname .. "s  ", r.name), r.title)
    end
    ctx:say()
    ctx:say(#rules, " rules; 'ecsnet rules ID' shows one with its help and reference")
    return 0
  end,
}
