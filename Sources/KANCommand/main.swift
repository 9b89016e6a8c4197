print("kan: under construction")
