"""A learner's choice of degrees on the contact point: which are offered, chosen, disclosed.

Only awarded degrees are offered. A chosen degree takes its included results with it, and they
are sent only under the degree, never a second time as loose results (the Finnish and Norwegian
contact points behave so; notes/degrees-microcredentials.md §1.5, §6.10).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from gateway.core.degrees.model import AwardedDegree
from gateway.core.degrees.results import without
from gateway.core.records import Transcript
from gateway.core.sessions import DisclosedItem
from gateway.errors import InvalidInput


def pick_degrees(offered: Sequence[AwardedDegree], chosen: Iterable[int]) -> list[AwardedDegree]:
    """The offered degrees with the chosen ids; an id not on offer is an error, not ignored."""
    wanted = set(chosen)
    unknown = wanted - {d.degree.id for d in offered}
    if unknown:
        raise InvalidInput("A chosen degree is not among your degrees that can be sent.")
    return [d for d in offered if d.degree.id in wanted]


def loose_results(transcript: Transcript, degrees: Collection[AwardedDegree]) -> Transcript:
    """``transcript`` without the results the chosen ``degrees`` include (sent under them)."""
    return without(transcript, {i for d in degrees for i in d.result_ids()})


def disclosed_degrees(degrees: Iterable[AwardedDegree], lang: str) -> list[DisclosedItem]:
    """The disclosure-log lines of the chosen degrees: the degree, then each included result."""
    items = []
    for awarded in degrees:
        degree = awarded.degree
        schac = degree.institution.schac
        items.append(
            DisclosedItem(schac, degree.code, degree.title(lang), None, f"{degree.credits:f}")
        )
        for result in awarded.results():
            opportunity = result.opportunity
            title = opportunity.title_sv if lang == "sv" else opportunity.title_en
            credits = None if result.credits is None else f"{result.credits:f}"
            items.append(DisclosedItem(schac, opportunity.code, title, result.grade, credits))
    return items
