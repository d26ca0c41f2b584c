"""The trained weights and how extraction asks them.

Two linear models, each one logistic regression per event type over a vocabulary of
feature strings: the sentence model (`sentence.py`: does the sentence state an event of
type T?) and the pair model (`features.py`: does it state T from this source to this
target?), whose features include the sentence model's answers. Each has a weight matrix
(feature × type) and a bias per type; the pair model also a decision threshold per type.
They ship in `weights/` with the cross-validated figures they were trained with
(`model.json`) and load once per process.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from rasd.errors import RasdError

WEIGHTS = Path(__file__).with_name("weights")


class ModelError(RasdError):
    """The learned layer's weights are missing or do not fit this version of rasd."""


@dataclass(frozen=True)
class Linear:
    """One logistic regression per type over named features (and, optionally, a sentence
    embedding)."""
    types: tuple[str, ...]
    vocab: dict[str, int]
    weights: np.ndarray        # float32 [features, types]
    bias: np.ndarray           # float32 [types]
    dense: np.ndarray | None = None   # float32 [embedding dimensions, types]

    def logits_of(self, idx: list[int], values: list[float] | None = None,
                  embedding: np.ndarray | None = None) -> np.ndarray:
        if values is None:
            z = self.weights[idx].sum(axis=0) + self.bias
        else:
            z = np.asarray(values, dtype=np.float32) @ self.weights[idx] + self.bias
        if self.dense is not None and embedding is not None:
            z = z + embedding @ self.dense
        return z

    def probabilities_of(self, idx: list[int], values: list[float] | None = None,
                         embedding: np.ndarray | None = None) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits_of(idx, values, embedding)))

    def indices(self, features) -> list[int]:
        """The vocabulary indices of `features`, each once (a feature is present or not)."""
        v = self.vocab
        return list({v[f] for f in features if f in v})

    def save(self, folder: Path, name: str, *, vocab: bool = True) -> None:
        if vocab:
            order = sorted(self.vocab, key=self.vocab.get)
            (folder / f"{name}.vocab.txt").write_text("\n".join(order) + "\n", encoding="utf-8")
        extra = {} if self.dense is None else {"dense": self.dense.astype(np.float16)}
        np.savez_compressed(folder / f"{name}.npz", weights=self.weights.astype(np.float16), bias=self.bias,
                            **extra)

    @classmethod
    def load(cls, folder: Path, name: str, types: tuple[str, ...], *, vocab: str | None = None) -> "Linear":
        """`vocab`: the name of another model whose vocabulary this one shares."""
        lines = (folder / f"{vocab or name}.vocab.txt").read_text(encoding="utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        arrays = np.load(folder / f"{name}.npz")
        weights = arrays["weights"].astype(np.float32)
        if weights.shape != (len(lines), len(types)):
            raise ModelError(f"{folder}/{name}: weights {weights.shape} do not match "
                             f"{len(lines)} features × {len(types)} types")
        dense = arrays["dense"].astype(np.float32) if "dense" in arrays.files else None
        from rasd.events.classifier.sentence import Vocab
        return cls(types, Vocab((f, i) for i, f in enumerate(lines)), weights, arrays["bias"].astype(np.float32), dense)


@dataclass(frozen=True)
class Model:
    sentence: Linear           # the sentence model on its sparse features
    pairs: Linear
    thresholds: np.ndarray     # float32 [types]: pair probability at or above which an event is decided
    meta: dict = field(default_factory=dict)
    # The sentence model with the encoder's embedding as well, asked only where the sparse one
    # is unsure of some type (a probability inside `cascade`): the encoder costs ~3 ms a sentence.
    encoded: Linear | None = None
    cascade: tuple[float, float] = (0.25, 0.7)
    # Status (four classes) and claimant (a score per candidate) of a decided event
    # (attribution.py); None: the rules' answer stands.
    status: Linear | None = None
    claimant: Linear | None = None

    @property
    def types(self) -> tuple[str, ...]:
        return self.pairs.types

    def pair_probabilities(self, shared: list[str], candidates: list[list[str]]) -> np.ndarray:
        """[candidates, types]: each candidate's features with the sentence's `shared` ones."""
        get, w = self.pairs.vocab.get, self.pairs.weights
        common = {i for i in map(get, shared) if i is not None}
        base = w[list(common)].sum(axis=0) + self.pairs.bias
        # every candidate's own features gathered at once, summed per candidate (np.add.reduceat)
        idx: list[int] = []
        starts: list[int] = []
        for feats in candidates:
            starts.append(len(idx))
            idx += {i for i in map(get, feats) if i is not None} - common
        out = np.tile(base, (len(candidates), 1))
        if idx:
            filled = np.diff(starts + [len(idx)]) > 0      # reduceat gives an empty candidate a row of its neighbour
            rows = np.vstack([w[idx], np.zeros((1, w.shape[1]), w.dtype)])   # so a trailing empty one is in range
            sums = np.add.reduceat(rows, starts, axis=0)
            out[filled] += sums[filled]
        return 1.0 / (1.0 + np.exp(-out))

    def save(self, folder: Path = WEIGHTS) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.sentence.save(folder, "sentence")
        self.pairs.save(folder, "pairs")
        if self.encoded is not None:
            if self.encoded.vocab != self.sentence.vocab:
                raise ModelError("the encoded sentence model must share the sparse one's vocabulary")
            self.encoded.save(folder, "encoded", vocab=False)
        for name in ("status", "claimant"):
            part = getattr(self, name)
            if part is not None:
                part.save(folder, name)
        meta = {"types": list(self.types), "thresholds": [round(float(x), 3) for x in self.thresholds],
                "cascade": list(self.cascade), "encoded": self.encoded is not None,
                "status": list(self.status.types) if self.status is not None else None,
                "claimant": self.claimant is not None, **self.meta}
        (folder / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path = WEIGHTS) -> "Model":
        try:
            meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            types = tuple(meta.pop("types"))
            thresholds = np.asarray(meta.pop("thresholds"), dtype=np.float32)
            cascade = tuple(meta.pop("cascade", (0.25, 0.7)))
            sentence = Linear.load(folder, "sentence", types)
            encoded = None
            if meta.pop("encoded", False):   # it shares the sentence model's vocabulary (and its memory)
                encoded = replace(Linear.load(folder, "encoded", types, vocab="sentence"), vocab=sentence.vocab)
            statuses = meta.pop("status", None)
            status = Linear.load(folder, "status", tuple(statuses)) if statuses else None
            claimant = Linear.load(folder, "claimant", ("claimant",)) if meta.pop("claimant", False) else None
            return cls(sentence, Linear.load(folder, "pairs", types), thresholds, meta, encoded, cascade, status,
                       claimant)
        except (OSError, ValueError, KeyError) as e:
            raise ModelError(f"cannot load the event model from {folder}: {e}"
                             " (retrain it with `make train-events`)") from None


@lru_cache(maxsize=1)
def default_model() -> Model:
    return Model.load()
