#!/usr/bin/env python3
"""Checks that the formulas KANSymbolic prints parse in Python and in sympy, as written, and
evaluate to the values Swift computes.

    python3 Tests/Symbolic/check_formulas_sympy.py

Reads printed-formulas.tsv beside this file (name, formula, point, value; Swift's
FormulaPrintingTests pins the same lines). Each formula is evaluated twice: by Python's eval
with the math module's functions (plus `sign`, which math lacks), and by sympy.sympify then
substitution. Both must match the value to a relative 1e-9. Exits 0 and says so when sympy is
not installed, so CI can run it unconditionally.
"""
import math
import pathlib
import sys

try:
    import sympy
except ImportError:
    print("check_formulas_sympy: sympy is not installed; skipped (pip install sympy)")
    sys.exit(0)

FUNCTIONS = ["exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "asin", "acos", "atan", "atanh"]
NAMESPACE = {name: getattr(math, name) for name in FUNCTIONS}
NAMESPACE.update(abs=abs, sign=lambda u: float((u > 0) - (u < 0)))


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    fixture = pathlib.Path(__file__).with_name("printed-formulas.tsv")
    failures = 0
    lines = [l for l in fixture.read_text().splitlines() if l and not l.startswith("#")]
    for line in lines:
        name, formula, point, value = line.split("\t")
        values = {k: float(v) for k, v in (p.split("=") for p in point.split(","))}
        expected = float(value)
        python_value = eval(formula, {"__builtins__": {}}, {**NAMESPACE, **values})
        parsed = sympy.sympify(formula)
        substitutions = {sympy.Symbol(k): v for k, v in values.items()}
        sympy_value = float(parsed.subs(substitutions).evalf(30))
        ok = close(python_value, expected) and close(sympy_value, expected)
        failures += not ok
        print(f"{'OK' if ok else 'FAILED'} {name}: python {python_value!r}, "
              f"sympy {sympy_value!r}, swift {expected!r}")
    print(f"check_formulas_sympy: {len(lines) - failures}/{len(lines)} formulas agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
