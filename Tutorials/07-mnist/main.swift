print("placeholder: written by its owner")
