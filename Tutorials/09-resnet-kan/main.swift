print("09-resnet-kan: to be written")
