"""What every section of a briefing reads: the options, the scores and what is computed from them once.

Renderer-neutral: the sections write blocks (blocks.py), which each document format renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from dashboard import views
from dashboard.core.models import Source
from dashboard.core.safeguards import safeguard_value, safeguard_value_summary
from dashboard.core.scoring import Scores
from dashboard.core.sensitivity import Sensitivity, monte_carlo
from dashboard.render.document.blocks import Caption, Heading
from dashboard.render.document.numbering import Numbering
from dashboard.views.changes import ChangesSince
from dashboard.views.raters import RatingNote
from dashboard.views.summary import Refs


@dataclass
class BriefingOptions:
    title: str | None = None
    marking: str = "OFFICIAL"
    technologies: list[str] | None = None  # ids to include; None = all
    date: str | None = None  # YYYY-MM-DD; None = today
    author: str | None = None
    draws: int = 2_000
    seed: int = 0
    provenance: str | None = None  # "set X, version N" (and "with unsaved changes"): printed on the cover, in metadata
    changes: ChangesSince | None = None  # the optional "Changes since the last briefing"
    rating: RatingNote | None = None  # the rating round behind the version briefed (method annex)
    review: str | None = None  # the review status ("Approved by ...", "DRAFT - not reviewed"): cover, heads, metadata


@dataclass
class Context:
    scores: Scores  # already limited to the technologies the briefing covers
    options: BriefingOptions
    date: str
    title: str
    total: int  # technologies assessed, before the selection
    numbering: Numbering = field(default_factory=Numbering)

    def heading(self, key: str, level: int) -> Heading:
        """A numbered heading: its number from the numbering, its title as typed."""
        return Heading(f"{self.numbering.label(key)} {self.numbering.title(key)}", level)

    def caption(self, key: str, text: str, part: str = "") -> Caption:
        return Caption(f"{self.numbering.label(key)}{part}. {text}")

    @cached_property
    def value_set(self) -> pd.DataFrame:
        return safeguard_value_summary(self.scores)

    @cached_property
    def value_tech(self) -> pd.DataFrame:
        return safeguard_value(self.scores)

    @cached_property
    def value_by_technology(self) -> dict[str, list[dict[str, Any]]]:
        """Each technology's safeguard values as records: grouped once rather than filtered per section."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        for record in self.value_tech.to_dict(orient="records"):
            grouped.setdefault(str(record["technology"]), []).append(record)
        return grouped

    @cached_property
    def levels(self) -> dict[str, dict[str, dict[str, float]]]:
        """Levels per technology and criterion, 'inherent' and 'residual', as the radar charts draw them; two
        tables for the whole set rather than two per technology section."""
        return {which: self.scores.levels_frame(which).to_dict(orient="index") for which in ("inherent", "residual")}

    @cached_property
    def mc(self) -> Sensitivity:
        return monte_carlo(self.scores, draws=self.options.draws, seed=self.options.seed)

    @cached_property
    def names(self) -> dict[str, str]:
        table = self.scores.table
        return dict(zip(table["id"], table["name"], strict=True))

    @cached_property
    def sources(self) -> dict[str, Source]:
        return {s.id: s for s in self.scores.compiled.data.sources}

    @cached_property
    def source_numbers(self) -> dict[str, int]:
        """One number per source, the same in every section and in the register."""
        return views.source_numbers(self.scores)

    @property
    def refs(self) -> Refs:
        """Where the summary's sentences point; every key is declared before the summary is written."""
        n = self.numbering

        def ref(key: str) -> str:
            return n.ref(key) if n.has(key) else ""

        return {
            "ranking": ref("fig:ranking"),
            "rights": ref("fig:rights"),
            "safeguards": ref("tab:safeguards"),
            "robustness": ref("tab:robustness"),
            "sources": ref("annex:sources"),
            "section": lambda tid: f"section {n.ref(f'tech:{tid}')}",
        }
