import Testing

@testable import KANSymbolic

@Suite("Library ids: stable strings of model files, pykan's names and complexities")
struct SymbolicFunctionIdTests {
  @Test("init(id:) inverts id for every function, and pykan's aliases parse")
  func idsRoundTrip() throws {
    for f in SymbolicFunction.allCases { #expect(try SymbolicFunction(id: f.id) == f) }
    #expect(try SymbolicFunction(id: "x^0.5") == .sqrt)
    #expect(try SymbolicFunction(id: "1/x^0.5") == .inverseSqrt)
  }

  @Test("an unknown id throws unknownFunction listing every valid id")
  func unknownIdListsValidIds() {
    #expect(
      throws: SymbolicError.unknownFunction(
        id: "sinh", valid: SymbolicFunction.allCases.map(\.id))
    ) {
      try SymbolicFunction(id: "sinh")
    }
    let message = SymbolicError.unknownFunction(id: "sinh", valid: ["x", "sin"]).description
    #expect(message == "unknown symbolic function \"sinh\"; use one of: x, sin.")
  }

  @Test("complexities are pykan's SYMBOLIC_LIB values")
  func complexitiesArePykans() {
    let pykan: [String: Int] = [
      "x": 1, "x^2": 2, "x^3": 3, "x^4": 3, "x^5": 3, "1/x": 2, "1/x^2": 2, "1/x^3": 3,
      "1/x^4": 4, "1/x^5": 5, "sqrt": 2, "x^1.5": 4, "1/sqrt(x)": 2, "exp": 2, "log": 2,
      "abs": 3, "sin": 2, "cos": 2, "tan": 3, "tanh": 3, "sgn": 3, "arcsin": 4, "arccos": 4,
      "arctan": 4, "arctanh": 4, "0": 0, "gaussian": 3,
    ]
    #expect(pykan.count == SymbolicFunction.allCases.count)
    for f in SymbolicFunction.allCases { #expect(f.complexity == pykan[f.id], "\(f.id)") }
  }
}
