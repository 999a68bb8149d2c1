rockspec_format = "3.0"
package = "ecsnet"
version = "scm-1"

source = {
  url = "git+https://example.invalid/ecsnet.git",
  branch = "main",
}

description = {
  summary = "Amazon ECS task networking, modelled: modes, ports, ENIs, CIDRs, validation",
  detailed = [[
    ecsnet answers before deployment what Amazon ECS otherwise answers at run
    time: is this task definition valid for its network mode and launch type,
    how many copies fit on an instance, which host ports it takes, which
    security-group rules it needs, and whether the subnets have the addresses.
    A C core (cJSON, libcidr) with a Lua binding.
  ]],
  license = "MIT",
  labels = { "aws", "ecs", "networking", "cidr", "validation" },
}

dependencies = {
  "lua >= 5.1",
}

external_dependencies = {
  CJSON = { header = "cjson/cJSON.h", library = "cjson" },
  LIBCIDR = { header = "libcidr.h", library = "cidr" },
  YAML = { header = "yaml.h", library = "yaml" },
}

build = {
  type = "builtin",
  modules = {
    ["ecsnet.core"] = {
      sources = {
        "src/ecsnet_arena.c",
        "src/ecsnet_core.c",
        "src/ecsnet_front.c",
        "src/ecsnet_modes.c",
        "src/lecsnet.c",
        "src/lecsnet_names.c",
        "src/lecsnet_modes.c",
        -- cidr
        "src/ecsnet_cidr.c",
        "src/ecsnet_cidr_set.c",
        "src/ecsnet_cidr_text.c",
        "src/lecsnet_cidr.c",
        "src/lecsnet_cidr_aws.c",
        "src/lecsnet_cidr_subnet.c",
        "src/lecsnet_cidrset.c",
        -- taskdef
        "src/ecsnet_json.c",
        "src/ecsnet_rules.c",
        "src/ecsnet_taskdef.c",
        "src/ecsnet_shapes.c",
        "src/ecsnet_td_diag.c",
        "src/ecsnet_td_fields.c",
        "src/ecsnet_td_ports.c",
        "src/ecsnet_td_shape.c",
        "src/ecsnet_td_task.c",
        "src/ecsnet_text.c",
        "src/ecsnet_yaml.c",
        "src/lecsnet_json.c",
        "src/lecsnet_taskdef.c",
        -- files (the command's folder check)
        "src/ecsnet_files.c",
        "src/lecsnet_files.c",
        -- services
        "src/ecsnet_svc.c",
        "src/ecsnet_svc_names.c",
        "src/ecsnet_svc_tf.c",
        "src/ecsnet_svc_deploy.c",
        "src/lecsnet_svc.c",
        -- ports
        "src/ecsnet_agent.c",
        "src/ecsnet_ports.c",
        "src/ecsnet_ports_tasks.c",
        "src/lecsnet_agent.c",
        "src/lecsnet_ports.c",
        -- eni
        "src/ecsnet_instdb.c",
        "src/ecsnet_demand.c",
        "src/ecsnet_model.c",
        "src/ecsnet_density.c",
        "src/ecsnet_instdata.c",
        "src/ecsnet_deploy.c",
        "src/ecsnet_plan.c",
        "src/ecsnet_plan_findings.c",
        "src/ecsnet_plan_read.c",
        "src/ecsnet_plan_sim.c",
        "src/lecsnet_eni.c",
      },
      defines = { "_POSIX_C_SOURCE=200809L" },
      incdirs = { "src", "$(CJSON_INCDIR)", "$(CJSON_INCDIR)/cjson", "$(LIBCIDR_INCDIR)",
                  "$(YAML_INCDIR)" },
      libdirs = { "$(CJSON_LIBDIR)", "$(LIBCIDR_LIBDIR)", "$(YAML_LIBDIR)" },
      libraries = { "cjson", "cidr", "yaml" },
    },
    ["ecsnet"] = "lua/ecsnet.lua",
    -- Lua-level parts: ["ecsnet.<part>"] = "lua/ecsnet/<part>.lua",
    ["ecsnet.http"] = "lua/ecsnet/http.lua",
    ["ecsnet.ports"] = "lua/ecsnet/ports.lua",
    ["ecsnet.report"] = "lua/ecsnet/report.lua",
    ["ecsnet.plan"] = "lua/ecsnet/plan.lua",
    -- command line, busted assertions
    ["ecsnet.json"] = "lua/ecsnet/json.lua",
    ["ecsnet.cli"] = "lua/ecsnet/cli.lua",
    ["ecsnet.cli.cdk"] = "lua/ecsnet/cli/cdk.lua",
    ["ecsnet.cli.check"] = "lua/ecsnet/cli/check.lua",
    ["ecsnet.cli.config"] = "lua/ecsnet/cli/config.lua",
    ["ecsnet.cli.demo"] = "lua/ecsnet/cli/demo.lua",
    ["ecsnet.cli.cidr"] = "lua/ecsnet/cli/cidr.lua",
    ["ecsnet.cli.density"] = "lua/ecsnet/cli/density.lua",
    ["ecsnet.cli.formats"] = "lua/ecsnet/cli/formats.lua",
    ["ecsnet.cli.modes"] = "lua/ecsnet/cli/modes.lua",
    ["ecsnet.cli.pair"] = "lua/ecsnet/cli/pair.lua",
    ["ecsnet.cli.plan"] = "lua/ecsnet/cli/plan.lua",
    ["ecsnet.cli.ports"] = "lua/ecsnet/cli/ports.lua",
    ["ecsnet.cli.rules"] = "lua/ecsnet/cli/rules.lua",
    ["ecsnet.cli.suppress"] = "lua/ecsnet/cli/suppress.lua",
    ["ecsnet.cli.walk"] = "lua/ecsnet/cli/walk.lua",
    ["ecsnet.cli.instdata"] = "lua/ecsnet/cli/instdata.lua",
    ["ecsnet.busted"] = "lua/ecsnet/busted.lua",
  },
  install = { bin = { ecsnet = "bin/ecsnet" } },
  copy_directories = { "examples", "docs" },
}

test_dependencies = { "busted" }
test = { type = "busted" }
