// Module KANData: placeholder until its owner lands the first file.
