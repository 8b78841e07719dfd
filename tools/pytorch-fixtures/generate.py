#!/usr/bin/python3
"""Writes the PyTorch fixtures that tests/Regression reads (PyTorch 1.13.1 from Debian's python3-torch).

Run with the system Python that has torch:  /usr/bin/python3 tools/pytorch-fixtures/generate.py
It rewrites tests/Regression/Fixtures/pytorch-1.13/ completely: one folder per case holding float32/float64 .npy
arrays (1-D or 2-D, what the project's NpyFile reads), and manifest.json naming every case, its settings, its arrays,
and whether PyTorch 2.x computes the same (only agreeing cases may be used for parity).

Same script, same torch, same machine: same bytes. Nothing here runs at test time.
"""
import json
import math
import os
import shutil
import sys

import warnings

import numpy as np
import torch
from torch.optim import lr_scheduler as sched
from torch.optim import swa_utils

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "Regression", "Fixtures", "pytorch-1.13")
ROWS, COLS, STEPS = 16, 8, 50
manifest = {"torch": torch.__version__, "numpy": np.__version__, "python": sys.version.split()[0],
            "generator": "tools/pytorch-fixtures/generate.py", "schedules": [], "optimizers": [], "averaging": []}


def save(case, name, array, dtype=np.float64):
    folder = os.path.join(ROOT, case)
    os.makedirs(folder, exist_ok=True)
    array = np.ascontiguousarray(np.asarray(array, dtype=dtype))
    assert array.ndim in (1, 2) and all(d > 0 for d in array.shape), (case, name, array.shape)
    np.save(os.path.join(folder, name + ".npy"), array)
    return name + ".npy"


# ---------------------------------------------------------------- schedules
# Learning rate of every group after construction (row 0) and after each step (row t), on SGD(momentum=0.9).

def sgd(*lrs):
    groups = [{"params": [torch.zeros(1, dtype=torch.float64, requires_grad=True)], "lr": lr} for lr in lrs]
    return torch.optim.SGD(groups, lr=lrs[0], momentum=0.9)


def schedule_case(name, lrs, build, steps, agrees, note, step=None):
    optimizer = sgd(*lrs)
    schedule = build(optimizer)
    rows = [[g["lr"] for g in optimizer.param_groups]]
    for t in range(1, steps + 1):
        if step is None:
            schedule.step()
        else:
            step(schedule, t)
        rows.append([g["lr"] for g in optimizer.param_groups])
    file = save(name, "lr", rows)
    manifest["schedules"].append({"case": name, "initial_lrs": list(lrs), "steps": steps, "lr": f"{name}/{file}",
                                  "agrees_with_2x": agrees, "note": note})


def schedules():
    schedule_case("ConstantLR", [0.05], lambda o: sched.ConstantLR(o, factor=0.5, total_iters=4), 12, True,
                  "2.x get_lr is the same recursive form; its initial-mode flag does not change plain stepping")
    schedule_case("PolynomialLR.power0.9", [0.05], lambda o: sched.PolynomialLR(o, total_iters=20, power=0.9), 30, True,
                  "2.x replaces `last_epoch == 0` by the initial-mode flag: same under plain stepping")
    schedule_case("PolynomialLR.power2", [0.1, 0.01], lambda o: sched.PolynomialLR(o, total_iters=7, power=2.0), 10, True, "as above")
    schedule_case("CosineAnnealingWarmRestarts.T0_10.Tmult_2", [0.1], lambda o: sched.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=2, eta_min=1e-4),
                  80, True, "1.13 restarts with T_cur - T_i, 2.x with T_cur % T_i: equal, since T_cur < T_i before the step")
    schedule_case("CosineAnnealingWarmRestarts.T0_3", [0.1, 0.02], lambda o: sched.CosineAnnealingWarmRestarts(o, T_0=3), 20, True, "as above")

    # Fractional epochs within each epoch, as the docstring's step(epoch + i / iters): 4 batches an epoch, then plain steps.
    def fractional(s, t):
        if t <= 24:
            s.step((t - 1) // 4 + ((t - 1) % 4) / 4)
        else:
            s.step()
    schedule_case("CosineAnnealingWarmRestarts.fractional", [0.1], lambda o: sched.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=3, eta_min=0.001),
                  40, True, "step t <= 24 is step(epoch + i/4) with epoch = (t-1)//4, i = (t-1)%4; later steps are step()", step=fractional)
    schedule_case("LambdaLR.pow", [0.05, 0.5], lambda o: sched.LambdaLR(o, [lambda e: 0.95 ** e, lambda e: 1.0 / (1 + e)]), 30, True,
                  "lambdas: group 0 0.95**epoch, group 1 1/(1+epoch)")
    schedule_case("MultiplicativeLR.every3", [0.05], lambda o: sched.MultiplicativeLR(o, lambda e: 0.5 if e % 3 == 0 else 0.9), 20, True,
                  "lambda: 0.5 if epoch % 3 == 0 else 0.9; 1.13 keeps the rate at epoch 0 by `last_epoch > 0`, 2.x by the initial-mode flag: same under plain stepping")
    schedule_case("SequentialLR.constant_exponential", [0.05], lambda o: sched.SequentialLR(
        o, [sched.ConstantLR(o, factor=0.1, total_iters=20), sched.ExponentialLR(o, gamma=0.9)], milestones=[20]), 40, True,
        "torch's docstring example; 1.13 restarts with step(0), 2.x with _update_lr(0): both take ExponentialLR's closed form at 0")
    schedule_case("SequentialLR.linear_cosine_step", [0.1, 0.01], lambda o: sched.SequentialLR(
        o, [sched.LinearLR(o, start_factor=0.1, total_iters=5), sched.CosineAnnealingLR(o, T_max=12, eta_min=1e-3),
            sched.StepLR(o, step_size=4, gamma=0.5)], milestones=[5, 17]), 30, True,
        "three schedules; the closed forms at epoch 0 are the same in 1.13 and 2.x")
    schedule_case("SequentialLR.multiplicative_restart", [0.05], lambda o: sched.SequentialLR(
        o, [sched.ConstantLR(o, factor=0.5, total_iters=3), sched.MultiplicativeLR(o, lambda e: 0.8)], milestones=[5]), 12, False,
        "lambda 0.8; at the milestone 1.13 keeps the rate (MultiplicativeLR at epoch 0), 2.x multiplies it by lambda(0): they differ from epoch 5 on")
    schedule_case("ChainedScheduler.constant_exponential", [0.05], lambda o: sched.ChainedScheduler(
        [sched.ConstantLR(o, factor=0.1, total_iters=20), sched.ExponentialLR(o, gamma=0.9)]), 30, True, "torch's docstring example")
    schedule_case("ChainedScheduler.step_cosine", [0.1, 0.05], lambda o: sched.ChainedScheduler(
        [sched.StepLR(o, step_size=7, gamma=0.5), sched.CosineAnnealingLR(o, T_max=10)]), 25, True, "two chainable forms compose")
    schedule_case("SWALR.cos", [0.5], lambda o: swa_utils.SWALR(o, swa_lr=0.05, anneal_epochs=10, anneal_strategy="cos"), 20, True,
                  "SWALR.get_lr is the same in 1.13 and 2.x")
    schedule_case("SWALR.linear", [0.5, 0.1], lambda o: swa_utils.SWALR(o, swa_lr=[0.05, 0.2], anneal_epochs=6, anneal_strategy="linear"), 12, True, "as above")
    schedule_case("SWALR.zero_epochs", [0.5], lambda o: swa_utils.SWALR(o, swa_lr=0.05, anneal_epochs=0), 5, True, "anneal_epochs=0 jumps to swa_lr at step 1")


# ---------------------------------------------------------------- optimizers on least squares
# loss(x) = 0.5 * sum((A x - b)^2); gradient by autograd. Data from torch.manual_seed(0) in float64; the float32
# cases use the same numbers rounded to float32.

def problem(dtype):
    g = torch.Generator().manual_seed(0)
    a = torch.randn(ROWS, COLS, generator=g, dtype=torch.float64)
    b = torch.randn(ROWS, generator=g, dtype=torch.float64)
    x0 = 0.1 * torch.randn(COLS, generator=g, dtype=torch.float64)
    return a.to(dtype), b.to(dtype), x0.to(dtype)


def loss_of(a, b, x):
    r = a @ x - b
    return 0.5 * (r * r).sum()


def np_dtype(dtype):
    return np.float32 if dtype == torch.float32 else np.float64


def optimizer_case(name, make, dtype, agrees, note, closure_steps=False, extra_state=None):
    a, b, x0 = problem(dtype)
    x = x0.clone().requires_grad_(True)
    optimizer = make([x])
    losses, params, grads, extras = [], [x.detach().clone().numpy()], [], []
    evals = [0]

    def closure():
        optimizer.zero_grad()
        loss = loss_of(a, b, x)
        loss.backward()
        evals[0] += 1
        return loss

    evaluations = []
    for _ in range(STEPS):
        if closure_steps:
            loss = optimizer.step(closure)
            evaluations.append(evals[0])
        else:
            loss = closure()
            grads.append(x.grad.detach().clone().numpy())
            optimizer.step()
        losses.append(float(loss))
        params.append(x.detach().clone().numpy())
        if extra_state:
            extras.append(extra_state(optimizer, x))
    case = f"{name}.{'f32' if dtype == torch.float32 else 'f64'}"
    d = np_dtype(dtype)
    arrays = {"A": save(case, "A", a.numpy(), d), "b": save(case, "b", b.numpy(), d), "x0": save(case, "x0", x0.numpy(), d),
              "losses": save(case, "losses", losses, d), "params": save(case, "params", params, d)}
    if grads:
        arrays["grads"] = save(case, "grads", grads, d)
    if closure_steps:
        arrays["evaluations"] = save(case, "evaluations", evaluations)
    if extras:
        arrays["state"] = save(case, "state", extras, d)
    manifest["optimizers"].append({"case": case, "dtype": str(dtype).replace("torch.", ""), "steps": STEPS, "settings": note[0],
                                   "arrays": arrays, "agrees_with_2x": agrees, "note": note[1]})


def sparse_adam_case(dtype, lr):
    # A minibatch problem: features A (16x8) with 3 nonzeros a row, targets Y (16x2), weights W (8x2); step t uses rows
    # 4(t mod 4) .. +3. Rows of W whose feature no batch row uses get an exactly-zero gradient: SparseAdam sees only the
    # touched rows (a sparse gradient of those rows, as an nn.Embedding(sparse=True) gives).
    g = torch.Generator().manual_seed(1)
    a = torch.zeros(ROWS, COLS, dtype=torch.float64)
    for i in range(ROWS):
        cols = torch.randperm(COLS, generator=g)[:3]
        a[i, cols] = torch.randn(3, generator=g, dtype=torch.float64)
    y = torch.randn(ROWS, 2, generator=g, dtype=torch.float64)
    w0 = 0.1 * torch.randn(COLS, 2, generator=g, dtype=torch.float64)
    a, y, w0 = a.to(dtype), y.to(dtype), w0.to(dtype)
    w = w0.clone().requires_grad_(True)
    optimizer = torch.optim.SparseAdam([w], lr=lr)
    losses, params, grads, masks = [], [w.detach().clone().numpy().ravel()], [], []
    for t in range(STEPS):
        rows = slice(4 * (t % 4), 4 * (t % 4) + 4)
        optimizer.zero_grad()
        r = a[rows] @ w - y[rows]
        loss = 0.5 * (r * r).sum()
        loss.backward()
        touched = (a[rows] != 0).any(dim=0)
        idx = touched.nonzero().flatten()
        dense = w.grad.detach().clone()
        w.grad = torch.sparse_coo_tensor(idx.unsqueeze(0), dense[idx], dense.shape)
        optimizer.step()
        losses.append(float(loss))
        grads.append(dense.numpy().ravel())
        masks.append(touched.numpy().astype(np.float64))
        params.append(w.detach().clone().numpy().ravel())
    case = f"SparseAdam.lr{lr}.{'f32' if dtype == torch.float32 else 'f64'}"
    d = np_dtype(dtype)
    arrays = {"A": save(case, "A", a.numpy(), d), "Y": save(case, "Y", y.numpy(), d), "W0": save(case, "W0", w0.numpy(), d),
              "losses": save(case, "losses", losses, d), "params": save(case, "params", params, d),
              "grads": save(case, "grads", grads, d), "touched_rows": save(case, "touched_rows", masks)}
    manifest["optimizers"].append({"case": case, "dtype": str(dtype).replace("torch.", ""), "steps": STEPS,
                                   "settings": f"SparseAdam(lr={lr}), batch rows 4(t mod 4)..+3, loss 0.5*sum((A_b W - Y_b)^2)",
                                   "arrays": arrays, "agrees_with_2x": True,
                                   "note": "sparse_adam arithmetic is the same in 2.x; params/grads rows are W (8x2) flattened row-major; "
                                           "touched_rows[t, j] = 1 when feature j appears in batch t (the sparse gradient's indices)"})


def optimizers():
    for dtype in (torch.float64, torch.float32):
        optimizer_case("Rprop.defaults", lambda p: torch.optim.Rprop(p), dtype, True,
                       ("Rprop(lr=0.01, etas=(0.5, 1.2), step_sizes=(1e-6, 50))",
                        "2.x single-tensor Rprop (the CPU default) has the same sign/clamp/zeroing steps"),
                       extra_state=lambda o, x: o.state[x]["step_size"].numpy().copy())
        optimizer_case("Rprop.lr0.05_etas0.3_1.5_max0.2", lambda p: torch.optim.Rprop(p, lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-4, 0.2)), dtype, True,
                       ("Rprop(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-4, 0.2))", "as above; the step sizes hit both clamps"),
                       extra_state=lambda o, x: o.state[x]["step_size"].numpy().copy())
        optimizer_case("ASGD.defaults", lambda p: torch.optim.ASGD(p), dtype, True,
                       ("ASGD(lr=0.01, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0)",
                        "2.x single-tensor ASGD (the CPU default) computes eta = lr/(1+lambd*lr*step)**alpha and mu = 1/max(1, step-t0) as 1.13; "
                        "eta, mu and step are float32 0-dim tensors in both (eta rounded to float32 even for float64 parameters). "
                        "2.x's foreach path (GPU) computes eta = lr/(1+lambd*lr*step**alpha) instead"),
                       extra_state=lambda o, x: np.concatenate([o.state[x]["ax"].numpy(), [o.state[x]["eta"].item(), o.state[x]["mu"].item()]]))
        optimizer_case("ASGD.t0_10_wd0.01", lambda p: torch.optim.ASGD(p, lr=0.02, lambd=1e-3, alpha=0.6, t0=10, weight_decay=0.01), dtype, True,
                       ("ASGD(lr=0.02, lambd=1e-3, alpha=0.6, t0=10, weight_decay=0.01)", "as above; averaging starts after step 10"),
                       extra_state=lambda o, x: np.concatenate([o.state[x]["ax"].numpy(), [o.state[x]["eta"].item(), o.state[x]["mu"].item()]]))
        optimizer_case("LBFGS.max_iter3_history4", lambda p: torch.optim.LBFGS(p, lr=0.5, max_iter=3, history_size=4), dtype, True,
                       ("LBFGS(lr=0.5, max_iter=3, history_size=4), one step(closure) per row",
                        "2.x lbfgs.py has the same two-loop recursion and step-length rules; losses[t] is what step(closure) returned; "
                        "evaluations[t] counts closure calls up to then"),
                       closure_steps=True)
        optimizer_case("LBFGS.strong_wolfe", lambda p: torch.optim.LBFGS(p, lr=1, max_iter=3, history_size=4, line_search_fn="strong_wolfe"), dtype, True,
                       ("LBFGS(lr=1, max_iter=3, history_size=4, line_search_fn='strong_wolfe')", "as above, with _strong_wolfe and _cubic_interpolate"),
                       closure_steps=True)
        sparse_adam_case(dtype, 0.01)


# ---------------------------------------------------------------- AveragedModel
def averaging():
    for dtype in (torch.float64, torch.float32):
        a, b, x0 = problem(dtype)
        for kind in ("swa", "ema0.9"):
            x = x0.clone().requires_grad_(True)
            optimizer = torch.optim.SGD([x], lr=0.01)
            model = torch.nn.ParameterList([torch.nn.Parameter(x.detach().clone())])
            avg_fn = None if kind == "swa" else swa_utils.get_ema_avg_fn(0.9) if hasattr(swa_utils, "get_ema_avg_fn") else \
                (lambda avg, cur, n: 0.9 * avg + (1 - 0.9) * cur)
            averaged = swa_utils.AveragedModel(model, avg_fn=avg_fn)
            params, averages = [], []
            for _ in range(30):
                optimizer.zero_grad()
                loss_of(a, b, x).backward()
                optimizer.step()
                with torch.no_grad():
                    model[0].copy_(x)
                averaged.update_parameters(model)
                params.append(x.detach().clone().numpy())
                averages.append(averaged.module[0].detach().clone().numpy())
            case = f"AveragedModel.{kind}.{'f32' if dtype == torch.float32 else 'f64'}"
            d = np_dtype(dtype)
            manifest["averaging"].append({
                "case": case, "dtype": str(dtype).replace("torch.", ""), "steps": 30,
                "settings": "SGD(lr=0.01) on the least-squares problem; update_parameters after each step; " +
                            ("default (SWA) average" if kind == "swa" else "avg_fn = 0.9*avg + (1-0.9)*cur (2.x get_ema_avg_fn(0.9))"),
                "arrays": {"params": save(case, "params", params, d), "averages": save(case, "averages", averages, d)},
                "agrees_with_2x": True,
                "note": "on CPU 2.x uses get_swa_avg_fn, avg + (cur - avg)/(n + 1), as 1.13's default avg_fn"})


if __name__ == "__main__":
    torch.set_num_threads(1)
    # torch warns that schedules step before any optimizer step: expected here, only learning rates are recorded.
    warnings.filterwarnings("ignore", category=UserWarning)
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    os.makedirs(ROOT)
    schedules()
    optimizers()
    averaging()
    with open(os.path.join(ROOT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=False)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, files in os.walk(ROOT) for n in files)
    print(f"wrote {len(manifest['schedules'])} schedule, {len(manifest['optimizers'])} optimizer and "
          f"{len(manifest['averaging'])} averaging cases, {total} bytes, to {os.path.normpath(ROOT)}")
