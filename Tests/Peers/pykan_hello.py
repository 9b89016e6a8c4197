"""pykan's hello-KAN notebook (hellokan.ipynb), timed end to end: the reference for `kan discover`.

    python3 Tests/Peers/pykan_hello.py [--pykan /work/peers/KindXiaoming+pykan]

Runs the notebook's cells in order on its data, f(x1, x2) = exp(sin(pi x1) + x2^2), 1000 training
rows from kan.utils.create_dataset: KAN [2, 5, 1] (grid 3, seed 42), fit 50 L-BFGS steps with
lamb 0.001, prune, fit 50, refine(10), fit 50, auto_symbolic with the notebook's ten functions,
fit 50, then prints the formula (4 digits) and the seconds. Needs torch and pykan's own
dependencies (sympy, scikit-learn, pyyaml, pandas, tqdm, matplotlib); writes pykan's checkpoints
to ./model.
"""
import argparse
import sys
import time

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--pykan", default="/work/peers/KindXiaoming+pykan", help="pykan checkout")
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
sys.path.insert(0, args.pykan)

import torch  # noqa: E402
from kan import KAN  # noqa: E402
from kan.utils import create_dataset, ex_round  # noqa: E402

torch.set_default_dtype(torch.float64)
torch.set_num_threads(args.threads)
dataset = create_dataset(lambda x: torch.exp(torch.sin(torch.pi * x[:, [0]]) + x[:, [1]] ** 2), n_var=2)
start = time.time()
model = KAN(width=[2, 5, 1], grid=3, k=3, seed=42)
model.fit(dataset, opt="LBFGS", steps=50, lamb=0.001)
model = model.prune()
model.fit(dataset, opt="LBFGS", steps=50)
model = model.refine(10)
model.fit(dataset, opt="LBFGS", steps=50)
model.auto_symbolic(lib=["x", "x^2", "x^3", "x^4", "exp", "log", "sqrt", "tanh", "sin", "abs"])
model.fit(dataset, opt="LBFGS", steps=50)
print("formula:", ex_round(model.symbolic_formula()[0][0], 4))
print(f"pykan hello pipeline: {time.time() - start:.1f} s")
