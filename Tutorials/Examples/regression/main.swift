// Fit a KAN to f(x1, x2) = sin(pi x1) + x2^2 from 1000 samples, then predict.
import Foundation
import KAN

// The data: 1000 seeded points in [-1, 1]^2, as flat row-major arrays.
var generator = SeededGenerator(seed: 0)
var inputs: [Float] = []  // (1000, 2): x1, x2 of each sample in turn
var targets: [Float] = []  // (1000, 1)
for _ in 0..<1000 {
  let (x1, x2) = (Float(generator.uniform(-1, 1)), Float(generator.uniform(-1, 1)))
  inputs += [x1, x2]
  targets.append(sin(.pi * x1) + x2 * x2)
}
let data = try Dataset(
  inputs: Tensor(shape: [1000, 2], scalars: inputs),
  targets: .values(Tensor(shape: [1000, 1], scalars: targets)))

// A [2, 5, 1] KAN (cubic B-splines on 5 grid intervals), Adam, 100 epochs of batch 50.
var model = try KANNetwork<Float>(widths: [2, 5, 1], configuration: KANConfiguration(), seed: 0)
var optimizer = Adam(learningRate: 0.01)
let trainer = Trainer<Float>(batchSize: 50, seed: 0, progress: ProgressPrinter(enabled: false))
let reports = try trainer.fit(&model, on: data, optimizer: &optimizer, epochs: 100)
print("training MSE after 100 epochs:", reports.last?.loss ?? .nan)

// Predictions for new points: one row per sample, one column per output.
let points = try Tensor<Float>(shape: [2, 2], scalars: [0.5, -0.5, -0.25, 0.75])
let predicted = try model(points)
for row in 0..<2 {
  let (x1, x2) = (points[row, 0], points[row, 1])
  print("f(\(x1), \(x2)) = \(predicted[row, 0]), exact \(sin(.pi * x1) + x2 * x2)")
}
