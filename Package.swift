// swift-tools-version: 6.0
// swift-kan: Kolmogorov-Arnold Networks from scratch, then fast. No dependencies.
import PackageDescription

// MARK: - Build settings

/// Release builds compile for the CPU they are built on (AVX2/FMA here), so the SIMD kernels use
/// the full register width; a debug build (`swift test`) stays portable. On another architecture
/// the kernels still build and run, at that architecture's baseline width.
#if arch(x86_64)
let fastMath: [SwiftSetting] = [
  .unsafeFlags(["-target-cpu", "native"], .when(configuration: .release))
]
let fastC: [CSetting] = [.unsafeFlags(["-march=native"], .when(configuration: .release))]
#else
let fastMath: [SwiftSetting] = []
let fastC: [CSetting] = []
#endif

let package = Package(
  name: "swift-kan",
  products: [
    .library(name: "KANFromScratch", targets: ["KANFromScratch"]),
    .library(name: "KAN", targets: ["KAN"]),
    .library(name: "KANData", targets: ["KANData"]),
    .library(name: "KANPlot", targets: ["KANPlot"]),
    .library(name: "KANSymbolic", targets: ["KANSymbolic"]),
    .library(name: "KANVision", targets: ["KANVision"]),
    .executable(name: "kan", targets: ["KANCommand"]),
  ],
  dependencies: [],
  targets: [
    // MARK: - Libraries
    .target(name: "KANFromScratch"),
    .target(name: "KANKernelsCPU", cSettings: fastC),
    .target(name: "KANKernels", dependencies: ["KANKernelsCPU"], swiftSettings: fastMath),
    .target(name: "KANData", swiftSettings: fastMath),
    .target(name: "KANSymbolic", swiftSettings: fastMath),
    .target(
      name: "KAN", dependencies: ["KANKernels", "KANData", "KANSymbolic"], swiftSettings: fastMath
    ),
    .target(
      name: "KANVision", dependencies: ["KAN", "KANKernels", "KANData"], swiftSettings: fastMath),
    .target(name: "KANPlot", dependencies: ["KANData"]),
    .executableTarget(
      name: "KANSymbolicBenchmark", dependencies: ["KANSymbolic", "KANFromScratch"],
      swiftSettings: fastMath),
    .executableTarget(name: "KANPlotSample", dependencies: ["KANPlot"]),
    .target(name: "KANDemo", dependencies: ["KANFromScratch", "KANPlot"]),
    .target(
      name: "KANBenchmarks", dependencies: ["KAN", "KANKernels", "KANFromScratch"],
      swiftSettings: fastMath),
    .executableTarget(
      name: "KANKernelsBenchmark", dependencies: ["KANKernels"], exclude: ["torch_mm.py"],
      swiftSettings: fastMath),
    .executableTarget(
      name: "KANCommand",
      dependencies: [
        "KANFromScratch", "KANDemo", "KANPlot", "KAN", "KANData", "KANBenchmarks", "KANVision",
        "KANKernels",
      ],
      swiftSettings: fastMath),

    // MARK: - Tutorials (swift run 01-bspline-basis, ...)
    .target(name: "TutorialSupport", path: "Tutorials/TutorialSupport"),
    .executableTarget(
      name: "01-bspline-basis", dependencies: ["KANFromScratch", "KANPlot", "TutorialSupport"],
      path: "Tutorials/01-bspline-basis", exclude: ["README.md"]),
    .executableTarget(
      name: "02-bspline-derivative",
      dependencies: ["KANFromScratch", "KANPlot", "TutorialSupport"],
      path: "Tutorials/02-bspline-derivative", exclude: ["README.md"]),
    .executableTarget(
      name: "03-layer-forward", dependencies: ["KANFromScratch", "KANPlot", "TutorialSupport"],
      path: "Tutorials/03-layer-forward", exclude: ["README.md"]),
    .executableTarget(
      name: "04-layer-backward", dependencies: ["KANFromScratch", "KANPlot", "TutorialSupport"],
      path: "Tutorials/04-layer-backward", exclude: ["README.md"]),
    .executableTarget(
      name: "05-training-sin-exp",
      dependencies: ["KANFromScratch", "KANDemo", "KANPlot", "TutorialSupport"],
      path: "Tutorials/05-training-sin-exp", exclude: ["README.md"]),
    .executableTarget(
      name: "06-efficient-layer",
      dependencies: ["KAN", "KANFromScratch", "KANKernels", "KANPlot", "TutorialSupport"],
      path: "Tutorials/06-efficient-layer", exclude: ["README.md"], swiftSettings: fastMath),
    .executableTarget(
      name: "07-mnist", dependencies: ["KAN", "KANData", "KANPlot", "TutorialSupport"],
      path: "Tutorials/07-mnist", exclude: ["README.md"], swiftSettings: fastMath),
    .executableTarget(
      name: "08-interpretability",
      dependencies: ["KAN", "KANPlot", "KANSymbolic", "TutorialSupport"],
      path: "Tutorials/08-interpretability", exclude: ["README.md"], swiftSettings: fastMath),
    .executableTarget(
      name: "09-resnet-kan",
      dependencies: [
        "KAN", "KANVision", "KANData", "KANFromScratch", "KANPlot", "TutorialSupport",
      ],
      path: "Tutorials/09-resnet-kan", exclude: ["README.md"], swiftSettings: fastMath),

    // MARK: - Examples (the README's programs, compiled so they cannot go stale)
    .executableTarget(
      name: "example-regression", dependencies: ["KAN"], path: "Tutorials/Examples/regression",
      swiftSettings: fastMath),
    .executableTarget(
      name: "example-mnist", dependencies: ["KAN", "KANData"], path: "Tutorials/Examples/mnist",
      swiftSettings: fastMath),

    // MARK: - Tests
    .testTarget(name: "KANFromScratchTests", dependencies: ["KANFromScratch"]),
    .testTarget(name: "KANPlotTests", dependencies: ["KANPlot"]),
    .testTarget(name: "KANDemoTests", dependencies: ["KANDemo", "KANFromScratch", "KANPlot"]),
    .testTarget(name: "KANDataTests", dependencies: ["KANData"]),
    .testTarget(name: "KANKernelsTests", dependencies: ["KANKernels"]),
    .testTarget(name: "KANSymbolicTests", dependencies: ["KANSymbolic", "KANFromScratch"]),
    .testTarget(
      name: "KANTests",
      dependencies: ["KAN", "KANFromScratch", "KANKernels", "KANData", "KANSymbolic"]),
    .testTarget(
      name: "KANVisionTests", dependencies: ["KANVision", "KAN", "KANFromScratch", "KANData"]),
  ],
  swiftLanguageModes: [.v5]
)
