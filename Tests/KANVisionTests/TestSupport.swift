import KAN
import KANFromScratch

/// A Double tensor of `shape` holding seeded values in `range`.
func seededTensor(
  _ shape: [Int], in range: ClosedRange<Double> = -1...1, seed: UInt64
) throws -> Tensor<Double> {
  var generator = SeededGenerator(seed: seed)
  let values = (0..<shape.reduce(1, *)).map { _ in
    generator.uniform(range.lowerBound, range.upperBound)
  }
  return try Tensor(shape: shape, scalars: values)
}

/// The probe loss `L = sum r * y`, whose gradient with respect to `y` is exactly `r`.
func probeLoss(_ y: Tensor<Double>, _ r: Tensor<Double>) -> Double {
  zip(y.scalars, r.scalars).reduce(0) { $0 + $1.0 * $1.1 }
}

/// Checks `dL/dx` of `L = sum r * f(x)` against central differences, moving one input at a
/// time.
///
/// - Parameters:
///   - analytic: `dL/dx` from the hand-written backward with `dL/dy = r`.
///   - x: the input.
///   - r: the probe weights.
///   - f: the function, evaluated afresh for every moved input.
/// - Returns: The report of `gradientCheck`.
/// - Throws: What `f` throws.
func inputGradientReport(
  _ analytic: Tensor<Double>, at x: Tensor<Double>, probe r: Tensor<Double>,
  _ f: (Tensor<Double>) throws -> Tensor<Double>
) throws -> GradientCheckReport {
  try gradientCheck(analytic: analytic.scalars) { q, delta in
    var moved = x
    moved.scalars[q] += delta
    return probeLoss(try f(moved), r)
  }
}

/// Checks every parameter gradient of a `Trainable` model against central differences of
/// `L = sum r * f(model)`, moving one parameter at a time (through `setFlatParameters`).
///
/// - Parameters:
///   - model: the model after `forward` and `backward` with `dL/dy = r`.
///   - r: the probe weights.
///   - f: the model's output for the probe input, evaluated afresh for every move.
/// - Returns: The report of `gradientCheck`.
/// - Throws: What `f` or `setFlatParameters` throws.
func parameterGradientReport<Model: Trainable>(
  _ model: Model, probe r: Tensor<Double>, _ f: (inout Model) throws -> Tensor<Double>
) throws -> GradientCheckReport where Model.Scalar == Double {
  var model = model
  let analytic = model.flatGradients()
  let parameters = model.flatParameters()
  return try gradientCheck(analytic: analytic) { q, delta in
    var moved = model
    var values = parameters
    values[q] += delta
    try moved.setFlatParameters(values)
    return probeLoss(try f(&moved), r)
  }
}

/// Checks a model's gradient one tensor at a time along a seeded random direction: for tensor
/// `t` with direction `v_t`, the analytic `sum dL/dtheta_t . v_t` against the central difference
/// of `L(theta_t + delta v_t)`.
///
/// Each tensor costs two evaluations instead of two per entry, so whole models stay fast to
/// check; a wrong entry anywhere in a tensor moves its directional derivative (the entry-wise
/// checks live in each layer's suite).
///
/// - Parameters:
///   - model: the model after `forward` and `backward` with `dL/dy = r`.
///   - r: the probe weights.
///   - f: the model's output for the probe input, evaluated afresh for every move.
/// - Returns: The report of `gradientCheck`, one entry per tensor.
/// - Throws: What `f` throws.
func directionalGradientReport<Model: Trainable>(
  _ model: Model, probe r: Tensor<Double>, _ f: (inout Model) throws -> Tensor<Double>
) throws -> GradientCheckReport where Model.Scalar == Double {
  var model = model
  var generator = SeededGenerator(seed: 99)
  var directions: [[Double]] = []
  var analytic: [Double] = []
  model.forEachParameter { _, parameter, gradient in
    let direction = parameter.map { _ in generator.uniform(-1, 1) }
    directions.append(direction)
    analytic.append(zip(gradient, direction).reduce(0) { $0 + $1.0 * $1.1 })
  }
  return try gradientCheck(analytic: analytic) { t, delta in
    var moved = model
    var index = 0
    moved.forEachParameter { _, parameter, _ in
      if index == t {
        for q in parameter.indices { parameter[q] += delta * directions[t][q] }
      }
      index += 1
    }
    return probeLoss(try f(&moved), r)
  }
}
