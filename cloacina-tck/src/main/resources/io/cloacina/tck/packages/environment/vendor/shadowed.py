ORIGIN = "vendor"
