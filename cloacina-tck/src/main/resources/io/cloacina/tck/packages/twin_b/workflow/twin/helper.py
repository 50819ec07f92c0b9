VALUE = "twin-b"
