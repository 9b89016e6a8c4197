// KANPlotSample: writes a network diagram, its edge functions and its HTML page for a network
// with made-up edge curves (sin, x^2, exp, ...), for looking at the figures and for
// Tests/Plot/check_html.py. Usage: swift run KANPlotSample [--widths 2,5,1] --out DIR
import Foundation
import KANPlot

/// A made-up function for edge number `n`, with its formula when the edge counts as fixed.
func madeUpFunction(_ n: Int) -> (phi: (Double) -> Double, formula: String?) {
  let functions: [((Double) -> Double, String)] = [
    ({ sin(Double.pi * $0) }, "sin(3.142*x)"), ({ $0 * $0 }, "x**2"), ({ exp($0) }, "exp(x)"),
    ({ tanh(2 * $0) }, "tanh(2*x)"), ({ 0.5 * $0 }, "0.5*x"), ({ cos(2 * $0) }, "cos(2*x)"),
    ({ $0 * $0 * $0 }, "x**3"), ({ abs($0) - 0.5 }, "abs(x) - 0.5"),
  ]
  let (phi, formula) = functions[n % functions.count]
  return (phi, n % 3 == 0 ? formula : nil)
}

/// The diagram: every edge sampled at 101 points of [-1, 1], scores falling along the edges,
/// the last edge of layer 0 pruned.
func sampleDiagram(widths: [Int]) -> NetworkDiagram {
  let xs = (0...100).map { -1 + Double($0) / 50 }
  var edges: [NetworkDiagram.Edge] = []
  for l in 0..<widths.count - 1 {
    for i in 0..<widths[l] {
      for j in 0..<widths[l + 1] {
        let n = edges.count
        let (phi, formula) = madeUpFunction(n)
        edges.append(
          NetworkDiagram.Edge(
            layer: l, input: i, output: j, x: xs, y: xs.map(phi),
            score: 0.15 + 0.85 * Double((n * 7) % 11) / 10, formula: formula,
            isPruned: l == 0 && i == widths[0] - 1 && j == widths[1] - 1))
      }
    }
  }
  let names = widths == [2, 5, 1] ? (["x1", "x2"], ["f(x1, x2)"]) : (nil, nil)
  return NetworkDiagram(widths: widths, inputNames: names.0, outputNames: names.1, edges: edges)
}

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
  arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}
guard let out = option("--out") else {
  FileHandle.standardError.write(Data("usage: KANPlotSample [--widths 2,5,1] --out DIR\n".utf8))
  exit(2)
}
let widths = (option("--widths") ?? "2,5,1").split(separator: ",").compactMap { Int($0) }
do {
  let diagram = sampleDiagram(widths: widths)
  let name = widths.map(String.init).joined(separator: ", ")
  try createFolder(out)
  let files = [
    ("network.svg", try diagram.svg(title: "KAN [\(name)] with made-up edge functions")),
    ("edges.svg", try diagram.edgeFunctionsSVG()),
    ("network.html", try diagram.html(title: "KAN [\(name)]: click an edge")),
  ]
  for (file, text) in files {
    try writeAtomically(text, to: out + "/" + file)
    print("wrote \(out)/\(file)")
  }
} catch {
  FileHandle.standardError.write(Data("KANPlotSample: \(error)\n".utf8))
  exit(1)
}
