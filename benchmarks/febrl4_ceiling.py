"""How well could anything do on FEBRL4 through the matching contract's columns?

`noddfa dedupe` reads id, names, date of birth, sex, address, postcode, phone and
nationality; FEBRL4's `soc_sec_id` is not among them. This script measures the ceiling
that leaves: a classifier that is *shown the truth* (gradient-boosted trees, five-fold
cross-validation, so every pair is judged by a model trained on the other folds) scores
every pair of records from the two files that shares any of a generous set of keys
(Noddfa's blocking keys, the postcode, the street, the date of birth, either name). No
unsupervised method can expect to beat it. It also reports how many true links share no
key at all, and the F1 a perfect judge of the keyed pairs would reach.

    .venv/bin/python benchmarks/febrl4_ceiling.py
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from febrl4_bench import febrl_frames, write_contract_csv
from rapidfuzz.distance import JaroWinkler, Levenshtein
from rapidfuzz.fuzz import partial_ratio, ratio, token_set_ratio
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from noddfa.matching.batch import candidate_pairs
from noddfa.matching.csv_input import decoded_lines, open_csv, read_people
from noddfa.matching.records import PersonRecord, Prepared, prepare
from noddfa.matching.scoring import compare, name_rarity

# Keys no larger than this are expanded to all their pairs (FEBRL's blocks are small).
_LARGEST_KEY = 200


def _keys(record: PersonRecord, person: Prepared) -> set[str]:
    words = person.address.split()
    street = [w for w in words if not w[:1].isdigit()][:2]
    keys = {
        f"postcode:{record.postcode}" if record.postcode else "",
        f"street:{' '.join(street)}" if street else "",
        f"dob:{record.date_of_birth.iso()}" if record.date_of_birth else "",
        f"given:{record.given_name.lower()}" if record.given_name else "",
        f"family:{record.family_name.lower()}" if record.family_name else "",
    }
    return keys - {""}


def generous_pairs(records: Sequence[PersonRecord], prepared: Sequence[Prepared]) -> set[int]:
    total = len(records)
    pairs = set(candidate_pairs(prepared).tolist())
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, (record, person) in enumerate(zip(records, prepared, strict=True)):
        for key in _keys(record, person):
            blocks[key].append(index)
    for members in blocks.values():
        if len(members) > _LARGEST_KEY:
            continue
        for x, left in enumerate(members):
            for right in members[x + 1 :]:
                pairs.add(min(left, right) * total + max(left, right))
    # FEBRL4 links the first file to the second: a pair within one file is never true.
    return {code for code in pairs if (code // total < total // 2) != (code % total < total // 2)}


def _similarity(a: str, b: str) -> float:
    return JaroWinkler.similarity(a, b) if a and b else -1.0


def features(a: PersonRecord, b: PersonRecord, pa: Prepared, pb: Prepared, score: float) -> list:
    given_a, given_b = a.given_name.lower(), b.given_name.lower()
    family_a, family_b = a.family_name.lower(), b.family_name.lower()
    row: list[float] = [
        _similarity(given_a, given_b),
        _similarity(family_a, family_b),
        _similarity(given_a, family_b),
        _similarity(family_a, given_b),
    ]
    da, db = a.date_of_birth, b.date_of_birth
    if da is not None and db is not None:
        row += [da.year == db.year, da.month == db.month, da.day == db.day]
        row.append(Levenshtein.distance(da.iso(), db.iso()))
    else:
        row += [-1.0] * 4
    if pa.address and pb.address:
        words_a, words_b = set(pa.address.split()), set(pb.address.split())
        numbers_a = {w for w in words_a if w[:1].isdigit()}
        numbers_b = {w for w in words_b if w[:1].isdigit()}
        row += [
            token_set_ratio(pa.address, pb.address),
            ratio(pa.address, pb.address),
            partial_ratio(pa.address, pb.address),
            len(words_a & words_b) / len(words_a | words_b),
            (numbers_a == numbers_b) if numbers_a and numbers_b else -1.0,
        ]
    else:
        row += [-1.0] * 5
    if a.postcode and b.postcode:
        row += [a.postcode == b.postcode, Levenshtein.distance(a.postcode, b.postcode)]
    else:
        row += [-1.0, -1.0]
    row.append(score)
    return row


def _f1(found: np.ndarray, truth: np.ndarray, links: int) -> tuple[float, float, float]:
    right = int((found & truth).sum())
    precision = right / int(found.sum()) if found.any() else 0.0
    recall = right / links
    return precision, recall, 2 * precision * recall / (precision + recall)


def main() -> int:
    a, b, truth = febrl_frames()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "febrl4.csv"
        write_contract_csv(a, b, path)
        with open_csv(str(path)) as stream:
            records = list(read_people(decoded_lines(stream)))
    prepared = [prepare(record) for record in records]
    total = len(records)
    rarity = name_rarity(person.name.tokens for person in prepared)
    pairs = sorted(generous_pairs(records, prepared))
    rows, labels = [], []
    for code in pairs:
        i, j = divmod(code, total)
        score = compare(prepared[i], prepared[j], rarity).score
        rows.append(features(records[i], records[j], prepared[i], prepared[j], score))
        labels.append(frozenset((records[i].id, records[j].id)) in truth)
    x, y = np.asarray(rows, dtype=float), np.asarray(labels)
    keyed = int(y.sum())
    best = _f1(y, y, len(truth))
    model = HistGradientBoostingClassifier(max_iter=400, random_state=0)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    chance = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
    print(f"{len(pairs):,} keyed pairs; {keyed:,} of {len(truth):,} true links share a key")
    print(f"A perfect judge of the keyed pairs: F1 {best[2]:.4f} (recall {best[1]:.4f})")
    print("| Classifier shown the truth | Precision | Recall | F1 |")
    print("|---|---|---|---|")
    for threshold in (0.3, 0.5, 0.7):
        precision, recall, f1 = _f1(chance >= threshold, y, len(truth))
        print(f"| at {threshold} | {precision:.4f} | {recall:.4f} | {f1:.4f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
