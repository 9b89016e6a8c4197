// KANDemo: the blog's sin·exp demo as a library, shared by the `kan` command and tutorial 05.

import Foundation

/// The blog's target function and the evenly spaced points it is sampled at.
///
///     f(x) = 0.5 sin(4x) exp(-x - 1),   x in [-1, 1]
public enum SinExp {
  /// Evaluates the target function.
  ///
  ///     f(x) = 0.5 sin(4x) exp(-x - 1)
  ///
  /// - Parameter x: The input.
  /// - Returns: `f(x)`.
  public static func f(_ x: Double) -> Double {
    0.5 * sin(4 * x) * exp(-x - 1)
  }

  /// Returns `count` evenly spaced points on `[-1, 1]`, both ends included, computed as NumPy's
  /// `np.linspace(-1, 1, count)` does.
  ///
  ///     x_q = -1 + q * (2 / (count - 1)),   x_{count-1} = 1
  ///
  /// - Parameter count: The number of points; at least 2.
  /// - Returns: The points; the result is (count).
  public static func grid(count: Int) -> [Double] {
    let count = max(count, 2)
    let delta = 2 / Double(count - 1)
    var xs = (0..<count).map { -1 + Double($0) * delta }
    xs[count - 1] = 1
    return xs
  }

  /// The text of `Data/sin-exp/train.csv`: the header `x,y` and one row per point, each number
  /// written with the shortest digits that read back to the same `Double`.
  ///
  /// - Parameter count: The number of points (the blog uses 20).
  /// - Returns: The CSV text, ending in a newline.
  public static func csv(count: Int = 20) -> String {
    (["x,y"] + grid(count: count).map { "\($0),\(f($0))" }).joined(separator: "\n") + "\n"
  }
}
