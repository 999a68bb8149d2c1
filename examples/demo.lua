-- `make demo`: the main job on bundled data, as a platform engineer would run it first.
-- The report is lua/ecsnet/cli/demo.lua: each section runs an `ecsnet` command (bin/ecsnet's code).
require("ecsnet.cli.demo").run()
