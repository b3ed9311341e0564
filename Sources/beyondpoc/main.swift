print("beyondpoc")
