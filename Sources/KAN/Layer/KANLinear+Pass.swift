import KANKernels

extension KANLinear {
  /// The spline and base weights interleaved per input, so one product computes the layer.
  ///
  ///     W_c[j, i*C]         = w_b[j, i]
  ///     W_c[j, i*C + 1 + m] = w_s[j, i, m] s[j, i]                    W_c is (out, in*C)
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func combinedWeight() -> Tensor<Scalar> {
    var combined = Tensor<Scalar>(shape: [outFeatures, inFeatures * columnsPerInput])
    combined.scalars.withUnsafeMutableBufferPointer { combined in
      baseWeight.scalars.withUnsafeBufferPointer { base in
        splineWeight.scalars.withUnsafeBufferPointer { spline in
          splineScaler.scalars.withUnsafeBufferPointer { scaler in
            let edges = EdgeBlocks(
              combined: combined.baseAddress.unsafelyUnwrapped,
              base: base.baseAddress.unsafelyUnwrapped,
              spline: spline.baseAddress.unsafelyUnwrapped,
              scaler: scaler.baseAddress.unsafelyUnwrapped, basisCount: basisCount)
            Parallelism.forEachChunk(
              outFeatures * inFeatures, threads: threads, minimumChunk: 4096
            ) { range in edges.combine(range) }
          }
        }
      }
    }
    return combined
  }

  /// Throws unless `x` is a non-empty, finite `(batch, in)` batch.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func validateInput(_ x: Tensor<Scalar>) throws(KANError) {
    guard x.shape.count == 2, x.shape[1] == inFeatures else {
      throw .shapeMismatch(
        what: "layer input", expected: [x.shape.first ?? 1, inFeatures], got: x.shape)
    }
    guard x.shape[0] > 0 else { throw .emptyBatch(what: "layer input") }
    try x.checkFinite("layer input")
  }

  /// The layer's output for a batch, without keeping anything for `backward`.
  ///
  ///     y[b, j] = sum_i phi_ji(x[b, i]) = sum_{i, c} A[b, i*C + c] W_c[j, i*C + c]
  ///     y = A . W_c^T                                        x (batch, in) -> y (batch, out)
  ///
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite input.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func callAsFunction(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try validateInput(x)
    return output(features: featureMatrix(x), weight: combinedWeight())
  }

  /// `y = A . W_c^T` for a feature matrix `A`, `(batch, in*C)`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  private func output(features: Tensor<Scalar>, weight: Tensor<Scalar>) -> Tensor<Scalar> {
    let batch = features.shape[0]
    var y = Tensor<Scalar>(shape: [batch, outFeatures])
    y.scalars.withUnsafeMutableBufferPointer { y in
      features.scalars.withUnsafeBufferPointer { a in
        weight.scalars.withUnsafeBufferPointer { w in
          matmulTransposedB(
            y.baseAddress.unsafelyUnwrapped, a.baseAddress.unsafelyUnwrapped,
            w.baseAddress.unsafelyUnwrapped, m: batch, n: outFeatures,
            k: inFeatures * columnsPerInput, threads: threads)
        }
      }
    }
    return y
  }

  /// The forward pass for training: the output, keeping the input and `A` for `backward`.
  ///
  /// - Throws: `KANError` for a wrong shape, an empty batch or a non-finite input.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ x: Tensor<Scalar>) throws(KANError) -> Tensor<Scalar> {
    try validateInput(x)
    let features = featureMatrix(x)
    let weight = combinedWeight()
    cache = (x, features)
    forwardWeight = weight
    return output(features: features, weight: weight)
  }

  /// The backward pass: adds the parameter gradients to the `...Gradient` tensors.
  ///
  /// It returns `dL/dx` and reads the weights the forward pass used (nothing is updated here).
  ///
  ///     dW_c = dY^T . A                                               (out, in*C)
  ///     dL/dw_b[j, i]    = dW_c[j, i*C]
  ///     dL/dw_s[j, i, m] = dW_c[j, i*C + 1 + m] s[j, i]
  ///     dL/ds[j, i]      = sum_m dW_c[j, i*C + 1 + m] w_s[j, i, m]
  ///     dL/dx[b, i]      = sum_j dY[b, j] sum_c W_c[j, i*C + c] features'(x[b, i])[c]
  ///                      with features' = [ b'(x), B'_0(x), ..., B'_{n-1}(x) ]
  ///
  /// - Parameters:
  ///   - dY: `dL/dy`, `(batch, out)`, for the batch of the last `forward`.
  ///   - needsInputGradient: false skips `dL/dx` (the first layer of a network needs none).
  /// - Returns: `dL/dx`, `(batch, in)`, or nil when not needed.
  /// - Throws: `KANError` without a preceding forward, for a wrong shape or a non-finite value.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @discardableResult
  public mutating func backward(
    _ dY: Tensor<Scalar>, needsInputGradient: Bool = true
  ) throws(KANError) -> Tensor<Scalar>? {
    guard let (input, features) = cache else { throw .noForwardPass(layer: 0) }
    let batch = input.shape[0]
    guard dY.shape == [batch, outFeatures] else {
      throw .shapeMismatch(what: "output gradient", expected: [batch, outFeatures], got: dY.shape)
    }
    try dY.checkFinite("output gradient")
    let weight = forwardWeight ?? combinedWeight()
    let width = inFeatures * columnsPerInput
    var combinedGradient = Tensor<Scalar>(shape: [outFeatures, width])
    combinedGradient.scalars.withUnsafeMutableBufferPointer { dW in
      dY.scalars.withUnsafeBufferPointer { dY in
        features.scalars.withUnsafeBufferPointer { a in
          matmulTransposedA(
            dW.baseAddress.unsafelyUnwrapped, dY.baseAddress.unsafelyUnwrapped,
            a.baseAddress.unsafelyUnwrapped, m: outFeatures, n: width, k: batch,
            threads: threads)
        }
      }
    }
    accumulateParameterGradients(combinedGradient)
    guard needsInputGradient else { return nil }
    return inputGradient(dY, input: input, weight: weight)
  }

  /// Spreads `dW_c` over the three parameter gradients (see `backward`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  private mutating func accumulateParameterGradients(_ combined: Tensor<Scalar>) {
    let count = outFeatures * inFeatures
    let (n, standalone, threads) = (basisCount, standaloneSplineScaler, threads)
    combined.scalars.withUnsafeBufferPointer { combined in
      splineWeight.scalars.withUnsafeBufferPointer { spline in
        splineScaler.scalars.withUnsafeBufferPointer { scaler in
          baseWeightGradient.scalars.withUnsafeMutableBufferPointer { dBase in
            splineWeightGradient.scalars.withUnsafeMutableBufferPointer { dSpline in
              splineScalerGradient.scalars.withUnsafeMutableBufferPointer { dScaler in
                let edges = EdgeGradients(
                  combined: combined.baseAddress.unsafelyUnwrapped,
                  spline: spline.baseAddress.unsafelyUnwrapped,
                  scaler: scaler.baseAddress.unsafelyUnwrapped,
                  dBase: dBase.baseAddress.unsafelyUnwrapped,
                  dSpline: dSpline.baseAddress.unsafelyUnwrapped,
                  dScaler: standalone ? dScaler.baseAddress : nil, basisCount: n)
                Parallelism.forEachChunk(count, threads: threads, minimumChunk: 4096) { range in
                  edges.accumulate(range)
                }
              }
            }
          }
        }
      }
    }
  }

  /// `dL/dx[b, i] = sum_c features'(x[b, i])[c] dA[b, i*C + c]` with `dA = dY . W_c`.
  ///
  /// For a wide layer `dA` comes from one product; for a narrow one (few outputs) the sum over
  /// `j` is done directly, which never forms the `(batch, in*C)` matrix `dA`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  private func inputGradient(
    _ dY: Tensor<Scalar>, input: Tensor<Scalar>, weight: Tensor<Scalar>
  ) -> Tensor<Scalar> {
    let batch = input.shape[0]
    let columns = columnsPerInput
    let width = inFeatures * columns
    let direct = outFeatures <= 8
    // dA is (batch, in*C), or empty on the direct path.
    let dA = direct ? Tensor<Scalar>(shape: [0]) : outputFeatureGradient(dY, weight: weight)
    var dX = Tensor<Scalar>(shape: [batch, inFeatures])
    let steps = uniformInverseSteps(grid.scalars, rows: inFeatures, count: grid.shape[1])
    input.scalars.withUnsafeBufferPointer { x in
      grid.scalars.withUnsafeBufferPointer { knots in
        dX.scalars.withUnsafeMutableBufferPointer { dX in
          dA.scalars.withUnsafeBufferPointer { dA in
            dY.scalars.withUnsafeBufferPointer { dY in
              weight.scalars.withUnsafeBufferPointer { w in
                let x = x.baseAddress.unsafelyUnwrapped
                let knots = knots.baseAddress.unsafelyUnwrapped
                let dX = dX.baseAddress.unsafelyUnwrapped
                let dA = direct ? nil : dA.baseAddress
                let dY = dY.baseAddress.unsafelyUnwrapped
                let w = w.baseAddress.unsafelyUnwrapped
                steps.withUnsafeBufferPointer { steps in
                  let steps = steps.baseAddress.unsafelyUnwrapped
                  Parallelism.forEachChunk(batch, threads: threads, minimumChunk: 8) { rows in
                    inputGradientRows(
                      rows, dX: dX, x: x, grid: knots, inverseSteps: steps, dA: dA, dY: dY,
                      weight: w)
                  }
                }
              }
            }
          }
        }
      }
    }
    return dX
  }

  /// Rows `rows` of `dL/dx` (see `inputGradient`), from `dA` when given, else from `dY` and
  /// `W_c` directly.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func inputGradientRows(
    _ rows: Range<Int>, dX: UnsafeMutablePointer<Scalar>, x: UnsafePointer<Scalar>,
    grid: UnsafePointer<Scalar>, inverseSteps: UnsafePointer<Scalar>,
    dA: UnsafePointer<Scalar>?, dY: UnsafePointer<Scalar>, weight w: UnsafePointer<Scalar>
  ) {
    let columns = columnsPerInput
    let width = inFeatures * columns
    let capacity = 2 * columns + splineOrder + 1
    withUnsafeTemporaryAllocation(of: Scalar.self, capacity: capacity) { buffer in
      let values = buffer.baseAddress.unsafelyUnwrapped
      let slopes = values + columns
      let scratch = slopes + columns
      for b in rows {
        for i in 0..<inFeatures {
          features(
            x[b * inFeatures + i], input: i, values: values, derivatives: slopes,
            scratch: scratch, grid: grid, inverseSteps: inverseSteps)
          var sum: Scalar = 0
          if let dA {
            let row = dA + b * width + i * columns
            for c in 0..<columns { sum += slopes[c] * row[c] }
          } else {
            for j in 0..<outFeatures {
              let row = w + j * width + i * columns
              var slope: Scalar = 0
              for c in 0..<columns { slope += slopes[c] * row[c] }
              sum += dY[b * outFeatures + j] * slope
            }
          }
          dX[b * inFeatures + i] = sum
        }
      }
    }
  }

  /// Sets the accumulated parameter gradients to zero.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func zeroGradients() {
    for index in baseWeightGradient.scalars.indices { baseWeightGradient.scalars[index] = 0 }
    for index in splineWeightGradient.scalars.indices { splineWeightGradient.scalars[index] = 0 }
    for index in splineScalerGradient.scalars.indices { splineScalerGradient.scalars[index] = 0 }
  }

  /// `dL/dA = dY W_c`, `(batch, in*C)`: what the feature derivatives are multiplied by to give
  /// `dL/dx` (`backward` and the regularised backward share it).
  ///
  /// - Parameters:
  ///   - dY: `dL/dy`, `(batch, out)`.
  ///   - weight: `W_c`, `(out, in*C)`; the weights of the last forward pass by default.
  /// - Returns: `dL/dA`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func outputFeatureGradient(_ dY: Tensor<Scalar>, weight: Tensor<Scalar>? = nil) -> Tensor<Scalar>
  {
    let batch = dY.shape[0]
    let width = inFeatures * columnsPerInput
    let weight = weight ?? forwardWeight ?? combinedWeight()
    var dA = Tensor<Scalar>(shape: [batch, width])
    dA.scalars.withUnsafeMutableBufferPointer { dA in
      dY.scalars.withUnsafeBufferPointer { dY in
        weight.scalars.withUnsafeBufferPointer { w in
          matmul(
            dA.baseAddress.unsafelyUnwrapped, dY.baseAddress.unsafelyUnwrapped,
            w.baseAddress.unsafelyUnwrapped, m: batch, n: width, k: outFeatures,
            threads: threads)
        }
      }
    }
    return dA
  }
}
