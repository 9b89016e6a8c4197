/// The central-difference derivative of a scalar function (used to check every hand derivative).
///
///     f'(x) ~ (f(x + h) - f(x - h)) / 2h
///
/// The error has two parts: truncation, about `h^2 |f'''| / 6`, and rounding, about
/// `eps |f| / h` with `eps = 2.2e-16`. They balance near `h = eps^(1/3) ~ 6e-6`, which is why
/// `gradientCheckStep` is 1e-5: the combined error is then about 1e-10 of the function's scale.
///
/// - Parameters:
///   - f: The function to differentiate.
///   - x: The point.
///   - h: The half-width of the stencil.
/// - Returns: The central difference.
public func centralDifference(
  _ f: (Double) throws -> Double, at x: Double, step h: Double = gradientCheckStep
) rethrows -> Double {
  (try f(x + h) - f(x - h)) / (2 * h)
}

/// The default step `h`: near `eps^(1/3)`, where truncation and rounding errors balance.
public let gradientCheckStep = 1e-5
/// The default tolerance on the relative error: 1e-6, four orders above the ~1e-10 error of a
/// correct derivative at `h = 1e-5`, and five below what a real mistake gives (a wrong sign
/// gives 2, a missing factor 3 gives 0.67, a step of 0.1 across a knot gives about 1e-2).
public let gradientCheckTolerance = 1e-6
/// The default absolute floor: derivatives smaller than 1e-2 are compared absolutely, at
/// `tolerance * floor = 1e-8`.
///
/// The truncation error is absolute, `h^2 |f'''| / 6`: about 4e-10 for the uniform cubic basis
/// (0.5-wide spans, `|B'''| <= 24`). Without a floor a derivative of 1e-6 would fail on that
/// error alone; with it, the check keeps a 25-fold margin and still catches every real mistake.
public let gradientCheckFloor = 1e-2

/// The relative error of an analytic derivative against a numeric one, with an absolute floor.
///
///     relativeError = |a - c| / max(|a|, |c|, floor)
///
/// NaN counts as an infinite error, so a NaN never passes a check.
///
/// - Parameters:
///   - analytic: The hand-derived value `a`.
///   - numeric: The central difference `c`.
///   - floor: The scale below which the error is measured absolutely.
/// - Returns: The relative error, or `.infinity` if either value is NaN.
public func relativeError(analytic: Double, numeric: Double, floor: Double = gradientCheckFloor)
  -> Double
{
  let error = abs(analytic - numeric) / max(abs(analytic), abs(numeric), floor)
  return error.isNaN ? .infinity : error
}

/// Compares a vector of analytic derivatives with central differences, one entry at a time.
///
///     numeric_q = (f(q, +h) - f(q, -h)) / 2h
///     report    = max_q |analytic_q - numeric_q|, max_q relativeError(analytic_q, numeric_q),
///                 the entries above tolerance, and the few worst entries by name
///
/// `f(q, delta)` evaluates the scalar being differentiated with entry `q` moved by `delta`; for a
/// layer weight, that is the loss with `w_ijk + delta`; for a basis derivative, `B_q(x + delta)`.
///
/// - Parameters:
///   - analytic: The hand-derived derivatives, one per entry.
///   - h: The step; see `gradientCheckStep`.
///   - tolerance: The largest relative error that passes; see `gradientCheckTolerance`.
///   - floor: The absolute floor of the relative error; see `gradientCheckFloor`.
///   - f: The scalar function of (entry, displacement).
/// - Returns: A report with the worst errors and whether they are within `tolerance`; its
///   entries are called `entry q` until `naming(_:)` gives them names.
public func gradientCheck(
  analytic: [Double], step h: Double = gradientCheckStep,
  tolerance: Double = gradientCheckTolerance, floor: Double = gradientCheckFloor,
  _ f: (_ entry: Int, _ delta: Double) throws -> Double
) rethrows -> GradientCheckReport {
  var report = GradientCheckReport(step: h, tolerance: tolerance, floor: floor)
  var worst: [(entry: Int, analytic: Double, numeric: Double, relative: Double)] = []
  for q in analytic.indices {
    let numeric = try centralDifference({ try f(q, $0) }, at: 0, step: h)
    let absolute = abs(analytic[q] - numeric)
    let relative = relativeError(analytic: analytic[q], numeric: numeric, floor: floor)
    report.maxAbsoluteError = max(report.maxAbsoluteError, absolute.isNaN ? .infinity : absolute)
    report.maxRelativeError = max(report.maxRelativeError, relative)
    if relative > tolerance { report.failedCount += 1 }
    // Keep the few largest relative errors, largest first.
    let rank = worst.firstIndex { $0.relative < relative } ?? worst.count
    if rank < GradientCheckReport.shownEntries {
      worst.insert((q, analytic[q], numeric, relative), at: rank)
      worst = Array(worst.prefix(GradientCheckReport.shownEntries))
    }
  }
  report.count = analytic.count
  report.worstEntries = worst.map {
    .init(
      index: $0.entry, name: "entry \($0.entry)", analytic: $0.analytic, numeric: $0.numeric,
      relativeError: $0.relative)
  }
  return report
}
