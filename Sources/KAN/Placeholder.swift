// Module KAN: placeholder until its owner lands the first file.
