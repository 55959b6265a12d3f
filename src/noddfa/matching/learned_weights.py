"""Weights learned from the file being de-duplicated (Fellegi and Sunter, fitted by EM).

The hand-set weights in `scoring` are one view of how records about one person differ.
A large file says more about itself: whether people in it share addresses (households,
hostels) or almost never do, how often a date of birth is written differently, how often
a phone changes. For a batch run Noddfa sorts every candidate pair into comparison levels,
starts from the hand-set judgement of each pair, and lets expectation maximisation fit
m (how often a level is seen when the records are the same person) and u (when they are
not) for each comparison, and the share of candidate pairs that are matches. A pair's
score is then the fitted probability that it is a match.

"Not known on one side" (level 0) always weighs nothing, as in the hand-set weights.
EM finds the split of the pairs that best explains them, and that need not be "same
person or not": where blocking on names brings many namesakes together it can settle on
"same name or not" and link every namesake. So the fit is only used where it refines the
hand-set judgement rather than overturns it: it may change only a few of the hand-set
decisions. Otherwise, and when the file is too small to learn from, the caller keeps the
hand-set scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Levels = npt.NDArray[np.uint8]
Floats = npt.NDArray[np.float64]

MAX_ITERATIONS = 200
TOLERANCE = 1e-7
# Pseudo-counts keep a level seen only among non-matches from weighing minus infinity.
SMOOTHING = 0.5
# Fewer candidate pairs than this, or fewer likely matches, leave too little to fit.
MIN_PAIRS = 1_000
MIN_MATCHES = 50.0
# The fit may change at most this share of the hand-set decisions (links made or undone,
# counted against the links the hand-set weights make).
MAX_CHANGE = 0.05


@dataclass(frozen=True)
class LearnedWeights:
    """Log-odds of a candidate pair being a match, and log(m/u) per comparison level."""

    prior: float
    weights: tuple[Floats, ...]
    iterations: int

    def log_odds(self, levels: Levels) -> Floats:
        total = np.full(len(levels), self.prior, dtype=np.float64)
        for column, weights in enumerate(self.weights):
            total += weights[levels[:, column]]
        return total

    def probability(self, levels: Levels) -> Floats:
        return _sigmoid(self.log_odds(levels))


def _sigmoid(log_odds: Floats) -> Floats:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(log_odds, -50.0, 50.0))), dtype=np.float64)


def _level_shares(patterns: Levels, weight: Floats, column: int, count: int) -> Floats:
    totals = np.bincount(patterns[:, column], weights=weight, minlength=count)[:count]
    return np.asarray((totals + SMOOTHING) / (totals.sum() + SMOOTHING * count), dtype=np.float64)


def _fit(
    patterns: Levels, counts: Floats, start: Floats, level_counts: tuple[int, ...]
) -> tuple[LearnedWeights, Floats]:
    chance = start
    iterations = 0
    weights: tuple[Floats, ...] = ()
    prior = 0.0
    for iterations in range(1, MAX_ITERATIONS + 1):
        matched = counts * chance
        share = float(np.clip(matched.sum() / counts.sum(), 1e-9, 1 - 1e-9))
        prior = float(np.log(share / (1 - share)))
        fitted = []
        for column, count in enumerate(level_counts):
            m = _level_shares(patterns, matched, column, count)
            u = _level_shares(patterns, counts - matched, column, count)
            level_weights = np.log(m / u)
            level_weights[0] = 0.0
            fitted.append(level_weights)
        weights = tuple(fitted)
        model = LearnedWeights(prior, weights, iterations)
        updated = model.probability(patterns)
        converged = float(np.max(np.abs(updated - chance))) < TOLERANCE
        chance = updated
        if converged:
            break
    return LearnedWeights(prior, weights, iterations), chance


def _refines(learned: Floats, hand_set: Floats, threshold: float) -> bool:
    by_hand, by_fit = hand_set >= threshold, learned >= threshold
    changed = int((by_hand != by_fit).sum())
    return changed <= MAX_CHANGE * max(1, int(by_hand.sum()))


def learn_weights(
    levels: Levels, start: Floats, level_counts: tuple[int, ...], threshold: float = 0.5
) -> LearnedWeights | None:
    """Fit the weights to the candidate pairs' levels (one row a pair, one column a
    comparison), starting from `start`, each pair's hand-set probability of a match.
    None when the file is too small to learn from or the fit is not one to trust at
    `threshold`."""
    if len(levels) < MIN_PAIRS:
        return None
    patterns, inverse, counts = np.unique(levels, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    start_by_pattern = np.bincount(inverse, weights=start) / counts
    model, chance = _fit(patterns, counts.astype(np.float64), start_by_pattern, level_counts)
    if float((counts * chance).sum()) < MIN_MATCHES:
        return None
    # Agreeing names must count for a match, and wholly different names against it;
    # otherwise EM has found some other split of the pairs (households, say).
    names = model.weights[0]
    if not max(names[1:4]) > 0 > min(names[7:]):
        return None
    return model if _refines(chance[inverse], start, threshold) else None
