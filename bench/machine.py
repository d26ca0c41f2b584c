"""A yardstick for the machine a benchmark ran on: CPU seconds for a plain Python loop of
ten million additions (the best of three). Figures from different machines, or from one
noisy VM at different times, compare after dividing by it (on the development VM it ranged
0.34–0.64 s within minutes, and throughput moved with it)."""
from __future__ import annotations

import time


def python_loop_seconds(rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        t = time.process_time()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.process_time() - t)
    return best


def describe() -> str:
    return f"machine yardstick: 10M-addition Python loop {python_loop_seconds():.2f} s CPU (smaller is faster)"


if __name__ == "__main__":
    print(describe())
