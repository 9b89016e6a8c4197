/// Looking inside a network: what every layer receives and produces for one input.
extension Network {
  /// Runs the network on one input and returns every layer's input and its output before tanh.
  ///
  ///     inputs[0]  = x
  ///     outputs[l] = layer l (inputs[l])                 (before the tanh that follows it)
  ///     inputs[l + 1] = tanh(outputs[l])                 (the hidden values)
  ///     outputs.last  = predict(x)
  ///
  /// - Parameter x: The input; x is (widths[0]).
  /// - Returns: `inputs[l]` is (in_l) and `outputs[l]` is (out_l), one of each per layer.
  /// - Throws: `FromScratchError` for a wrong length or a non-finite value.
  public func stages(_ x: [Double]) throws(FromScratchError) -> (
    inputs: [[Double]], outputs: [[Double]]
  ) {
    var inputs: [[Double]] = []
    var outputs: [[Double]] = []
    var value = x
    for var layer in layers {
      inputs.append(value)
      outputs.append(try layer.forward(value))
      var tanh = Tanh()
      value = try tanh.forward(outputs[outputs.count - 1])
    }
    return (inputs, outputs)
  }
}
