std = "max+busted"
max_line_length = 120
files["spec"] = { std = "+busted" }
exclude_files = { "build" }
files["examples/openresty"] = { read_globals = { ngx = { fields = { header = { read_only = false, other_fields = true }, status = { read_only = false } }, other_fields = true } } }
