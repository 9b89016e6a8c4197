#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

/// The element-wise tanh the blog puts after every hidden layer to keep values in `(-1, 1)`,
/// where the splines are defined (blog §Implementation details).
public struct Tanh: Sendable {
  /// The input of the last `forward`; x is (m), empty before the first forward.
  private var x: [Double] = []

  /// Creates a tanh stage.
  public init() {}

  /// Applies tanh to every element and stores the input for `backward`.
  ///
  ///     y_m = tanh(x_m)
  ///
  /// - Parameter x: The input; x is (m).
  /// - Returns: The output; y is (m).
  /// - Throws: `FromScratchError.nonFiniteInput` for NaN or an infinity.
  public mutating func forward(_ x: [Double]) throws(FromScratchError) -> [Double] {
    try validate(x, count: nil, what: "Tanh.forward x")
    self.x = x
    return x.map { tanh($0) }
  }

  /// Multiplies the incoming gradient by the derivative of tanh.
  ///
  ///     dEdX_m = dEdY_m * (1 - tanh(x_m)^2)
  ///
  /// - Parameter dEdY: The gradient of the loss with respect to the output; dEdY is (m).
  /// - Returns: The gradient with respect to the input; dEdX is (m).
  /// - Throws: `FromScratchError` before any forward or for a wrong length or non-finite value.
  public func backward(_ dEdY: [Double]) throws(FromScratchError) -> [Double] {
    guard !x.isEmpty else { throw .backwardBeforeForward(what: "Tanh") }
    try validate(dEdY, count: x.count, what: "Tanh.backward dEdY")
    return zip(dEdY, x).map { dEdY, x in
      let y = tanh(x)
      return dEdY * (1 - y * y)
    }
  }
}
