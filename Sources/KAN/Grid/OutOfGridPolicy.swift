/// What an edge's learnable part does for inputs outside the grid range.
///
/// The grid range of an input is `[lo, hi]`, `lo = t_k`, `hi = t_{G+k}` of its knot row (the
/// range a grid update fits to the samples). The base branch `w_b b(x)` always sees the raw
/// input.
///
///     .zero                 B_m(x) as defined: B-splines fade out over the k extension
///                           intervals and are exactly 0 beyond t_0 and t_{G+2k}, where only
///                           the base branch remains (the paper, pykan, efficient-kan);
///                           Gaussians fade like exp(-u^2)
///     .clamp                B_m(x) = B_m(clamp(x, lo, hi)),   B'_m(x) = 0 outside
///     .linearExtrapolation  B_m(x) = B_m(e) + B'_m(e) (x - e),  B'_m(x) = B'_m(e),
///                           e = lo below the range, hi above it
///
/// At `hi` the bases are evaluated just inside (`hi.nextDown`), so clamping and extrapolation
/// continue the last interior polynomial piece rather than the first extension piece. The
/// policy has no effect on the Chebyshev basis, which is defined on the whole line.
public enum OutOfGridPolicy: String, Sendable, CaseIterable {
  /// The bases as defined on the extended knots: only the base branch remains far outside.
  case zero
  /// The learnable part is held at its value at the nearest end of the grid range.
  case clamp
  /// The learnable part continues along its tangent at the nearest end of the grid range.
  case linearExtrapolation = "linear"
}
