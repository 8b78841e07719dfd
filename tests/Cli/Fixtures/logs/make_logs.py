#!/usr/bin/env python3
"""Writes the training-log fixtures of tests/Cli/ExplainLogTests.cs from the lab's own runs.

Each fixture is a real run of the lab (the CLI's `run` command on the seed problem, as printed in the table below),
reshaped into the layout another tool writes. Run from the repository root:

    python3 tests/Cli/Fixtures/logs/make_logs.py

What is not from the run is said next to each fixture: TensorBoard's wall times, Lightning's val_loss, and the nan rows
after a divergence.
"""
import csv, os, shutil, subprocess, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))


def run(*args):
    """The loss column of one lab run (a list of floats, possibly ending with inf or nan)."""
    out = tempfile.mkdtemp(prefix="optimizerlab-logs-")
    subprocess.run(["dotnet", "run", "-c", "Release", "--project", os.path.join(ROOT, "src", "OptimizerLab.Cli"), "--",
                    "run", *args, "--sharpness-every", "0", "--diagnostics-every", "1000", "-o", out],
                   check=False, stdout=subprocess.DEVNULL)
    try:
        with open(os.path.join(out, "run.csv")) as f:
            return [float(row["loss"]) for row in csv.DictReader(f)]
    finally:
        shutil.rmtree(out)


def write(name, header, rows, sep=","):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        f.write(sep.join(header) + "\n")
        for row in rows:
            f.write(sep.join(row) + "\n")


def num(x):
    return "nan" if x != x else repr(x)


# 1. TensorBoard's "Download CSV" of a scalar: Wall time,Step,Value, one row every 10 steps. Adam lr 1e-3, seed 11.
#    Wall time is not from the run: a fixed start plus 4.2 ms per step (explain ignores it).
loss = run("--optimizer", "adam", "--seed", "11", "--steps", "5000")
write("tensorboard_adam.csv", ["Wall time", "Step", "Value"],
      [["%.6f" % (1764748800 + 0.0042 * s), str(s), num(loss[s])] for s in range(0, len(loss), 10)])

# 2. A hand-written loop's table: epoch,train_loss every 10 epochs (full batch: one step per epoch). AMSGrad, seed 12.
loss = run("--optimizer", "amsgrad", "--seed", "12", "--steps", "5000")
write("epoch_train_loss_amsgrad.csv", ["epoch", "train_loss"], [[str(s), num(loss[s])] for s in range(0, len(loss), 10)])

# 3. Lightning's CSVLogger: epoch,step,train_loss,val_loss; a train row every 10 steps (log_every_n_steps=10, the loss
#    of the step just taken, step = global step after it), a validation row at the end of every 25th epoch with only
#    val_loss. Minibatch Adam (batch 16 of 64: 4 steps an epoch), seed 13. val_loss is not a validation loss: it is the
#    mean of that epoch's four minibatch losses, a stand-in for the column's presence (explain does not read it).
loss = run("--optimizer", "adam", "--batch", "16", "--seed", "13", "--steps", "5000")
rows = []
for s in range(len(loss)):
    epoch, done = s // 4, s + 1
    if done % 10 == 0:
        rows.append([str(epoch), str(done), num(loss[s]), ""])
    if done % 100 == 0:
        rows.append([str(epoch), str(done), "", num(sum(loss[s - 3:s + 1]) / 4)])
write("lightning_adam_minibatch.csv", ["epoch", "step", "train_loss", "val_loss"], rows)

# 4. A 1-based, tab-separated log (iteration<TAB>loss, iterations 1…3000). RMSprop lr 1e-4, alpha 0.999, seed 14.
loss = run("--optimizer", "rmsprop", "--lr", "1e-4", "--set", "alpha=0.999", "--seed", "14", "--steps", "3000")
write("one_based_rmsprop.tsv", ["iteration", "loss"], [[str(s + 1), num(x)] for s, x in enumerate(loss)], sep="\t")

# 5. A run that diverges: SGD lr 7e-4 (above 2/λ_max ≈ 6.3e-4), seed 15. The lab stops at the first non-finite loss
#    (inf); a loop that went on would log nan from there (inf − inf in the gradient), so three nan rows follow.
loss = run("--optimizer", "sgd", "--lr", "7e-4", "--seed", "15", "--steps", "2000")
rows = [[str(s), num(x)] for s, x in enumerate(loss)]
rows += [[str(len(loss) + k), "nan"] for k in range(3)]
write("nan_sgd.csv", ["step", "loss"], rows)

# 6. A bare loss column (no step: the row index is the step). Adam eps 0.1, seed 16: the eps remedy, no rebound.
loss = run("--optimizer", "adam", "--eps", "0.1", "--seed", "16", "--steps", "3000")
write("loss_only_adam_eps.csv", ["loss"], [[num(x)] for x in loss])
