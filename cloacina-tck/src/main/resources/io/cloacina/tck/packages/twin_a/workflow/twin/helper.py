VALUE = "twin-a"
