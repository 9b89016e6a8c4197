import KAN
import KANKernels

/// A plain multilayer perceptron with the same widths and SiLU between its layers: the
/// reference row of the benchmark, built on the same GEMM kernels as the KAN layers.
///
///     h_{l+1} = silu(h_l W_l^T + b_l)    (no activation after the last layer)
struct DenseReference {
  /// `W_l`, `(out, in)` per layer, flat.
  var weights: [[Float]]
  /// `b_l`, `(out)` per layer.
  var biases: [[Float]]
  /// `[in, hidden..., out]`.
  let widths: [Int]
  /// The threads the GEMMs use.
  let threads: Int
  /// Pre-activations `(batch, width)` and activations of the last forward pass.
  private var cache: [(input: [Float], preActivation: [Float])] = []

  /// A network with uniform weights in `+-1/sqrt(fan_in)` (PyTorch's `nn.Linear` bound).
  init(widths: [Int], threads: Int, seed: UInt64) {
    self.widths = widths
    self.threads = threads
    var generator = SeededGenerator(seed: seed)
    weights = []
    biases = []
    for l in 0..<(widths.count - 1) {
      let bound = 1 / Double(widths[l]).squareRoot()
      weights.append(
        (0..<(widths[l] * widths[l + 1])).map { _ in
          Float(generator.uniform(-bound, bound))
        })
      biases.append((0..<widths[l + 1]).map { _ in Float(generator.uniform(-bound, bound)) })
    }
  }

  /// The number of learnable scalars.
  var parameterCount: Int {
    weights.reduce(0) { $0 + $1.count } + biases.reduce(0) { $0 + $1.count }
  }

  /// The forward pass, keeping what `backward` needs.
  ///
  /// - Parameters:
  ///   - x: `(batch, in)`.
  ///   - batch: the number of samples.
  /// - Returns: `(batch, out)`.
  mutating func forward(_ x: [Float], batch: Int) -> [Float] {
    cache = []
    var h = x
    for l in weights.indices {
      let (inputs, outputs) = (widths[l], widths[l + 1])
      var z = [Float](repeating: 0, count: batch * outputs)  // (batch, out)
      matmulTransposedB(&z, h, weights[l], m: batch, n: outputs, k: inputs, threads: threads)
      for b in 0..<batch {
        for j in 0..<outputs { z[b * outputs + j] += biases[l][j] }
      }
      cache.append((h, z))
      h = l == weights.count - 1 ? z : z.map { $0 / (1 + expf(-$0)) }
    }
    return h
  }

  /// The backward pass: the weight, bias and input gradients of every layer.
  ///
  ///     dZ = dH silu'(Z),   dW = dZ^T X,   db = sum_b dZ,   dX = dZ W
  mutating func backward(_ dY: [Float], batch: Int) -> [[Float]] {
    var gradient = dY
    var weightGradients: [[Float]] = []
    for l in weights.indices.reversed() {
      let (inputs, outputs) = (widths[l], widths[l + 1])
      let (x, z) = cache[l]
      if l < weights.count - 1 {
        for q in gradient.indices {
          let s = 1 / (1 + expf(-z[q]))
          gradient[q] *= s * (1 + z[q] * (1 - s))
        }
      }
      var dW = [Float](repeating: 0, count: outputs * inputs)  // (out, in)
      matmulTransposedA(&dW, gradient, x, m: outputs, n: inputs, k: batch, threads: threads)
      var db = [Float](repeating: 0, count: outputs)
      for b in 0..<batch {
        for j in 0..<outputs { db[j] += gradient[b * outputs + j] }
      }
      weightGradients.append(dW)
      if l > 0 {
        var dX = [Float](repeating: 0, count: batch * inputs)  // (batch, in)
        matmul(&dX, gradient, weights[l], m: batch, n: inputs, k: outputs, threads: threads)
        gradient = dX
      }
    }
    return weightGradients
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
