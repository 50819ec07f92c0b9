ORIGIN = "source"
