// Classify MNIST digits with a [784, 64, 10] KAN. Pass the folder of the MNIST files (swift-kan's
// Data/mnist) as the first argument, or run from inside a swift-kan checkout.
import KAN
import KANData

let directory = try MNIST.locateDataDirectory(CommandLine.arguments.dropFirst().first)
let mnist = try MNIST.load(directory: directory)
/// The images of a split as a dataset: pixels scaled to [-1, 1], one row per image.
func dataset(_ split: MNIST.Split) throws -> Dataset<Float> {
  let pixels = try Tensor(
    shape: [split.count, split.rows * split.columns],
    scalars: split.normalizedPixels(of: 0..<split.count))
  return try Dataset(inputs: pixels, targets: .labels(split.labels))
}
let train = try dataset(mnist.train)
let test = try dataset(mnist.test)

// efficient-kan's recipe on our grid of 3: AdamW, learning rate x0.8 per epoch, batch 64.
var model = try KANNetwork<Float>(
  widths: [784, 64, 10], configuration: KANConfiguration(gridSize: 3), seed: 0)
var optimizer = Adam.adamW(learningRate: 3e-3, weightDecay: 1e-4)
let trainer = Trainer<Float>(batchSize: 64, seed: 0, schedule: ExponentialDecay(gamma: 0.8))
_ = try trainer.fit(&model, on: train, optimizer: &optimizer, epochs: 2)

// Logits for every test image, 1000 rows at a time; the predicted class is the largest logit.
let predicted = argmaxRows(try model.outputs(test.inputs, batchSize: 1000))
let correct = zip(predicted, mnist.test.labels).filter { $0 == $1 }.count
print("test accuracy: \(Double(correct) / Double(mnist.test.count) * 100)%")
