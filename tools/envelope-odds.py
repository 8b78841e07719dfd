#!/usr/bin/env python3
# The odds behind the snapshot envelope rule (docs/snapshots.md): n runs of an event's step drawn from one distribution,
# then a new draw; how often does it land outside [min, max], and outside [min - w, max + w] with w = max - min?
# Three shapes of spread: uniform, normal, and the heavier-tailed Laplace. Seeded, so the output is the same every run.
import random

random.seed(14)


def odds(draw, n, trials=100000):
    outside_range = outside_widened = 0
    for _ in range(trials):
        runs = [draw() for _ in range(n)]
        low, high = min(runs), max(runs)
        width = high - low
        x = draw()
        outside_range += not (low <= x <= high)
        outside_widened += not (low - width <= x <= high + width)
    return outside_range / trials, outside_widened / trials


def laplace():
    return random.expovariate(1) * random.choice((-1, 1))


for n in (5, 17):
    for name, draw in (("uniform", random.random), ("normal", lambda: random.gauss(0, 1)), ("laplace", laplace)):
        a, b = odds(draw, n)
        print(f"n={n:2} {name:8} outside [min,max] {a:.4f}  outside [min-w,max+w] {b:.5f}")
