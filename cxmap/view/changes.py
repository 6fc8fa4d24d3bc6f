"""The words of a current → target diff: the headline a steering committee reads, in English or
French ("3 of 4 irritants resolved, 1 of 2 absences filled, emotion +1.5 at “Je réserve”")."""

from __future__ import annotations

from cxmap.compute.diff import Headline
from cxmap.view.i18n import tr


def signed(value: float, lang: str) -> str:
    """`+1.5` / `-0.5` (`+1,5` in French); a change that rounds to nothing reads `0.0`."""
    text = f"{value:+.1f}" if round(value, 1) != 0 else "0.0"
    return text.replace(".", ",") if lang == "fr" else text


def headline_text(headline: Headline, lang: str) -> str:
    """The headline as one sentence; a part with nothing to count (no irritant in the current
    map, no absence, no emotion in both maps) is left out, and an emotion that moves nowhere
    (by less than 0.05) is said to be unchanged rather than "emotion 0.0 at <stage>"."""
    parts = []
    if headline.irritants.current:
        parts.append(
            tr(
                "diff.irritants",
                lang,
                resolved=headline.irritants.resolved,
                total=headline.irritants.current,
            )
        )
    if headline.absences.current:
        parts.append(
            tr(
                "diff.absences",
                lang,
                filled=headline.absences.filled,
                total=headline.absences.current,
            )
        )
    if headline.stage is not None and headline.emotion_delta is not None:
        if round(headline.emotion_delta, 1) == 0:  # the largest move rounds to nothing
            parts.append(tr("diff.emotion_unchanged", lang))
        else:
            parts.append(
                tr(
                    "diff.emotion",
                    lang,
                    delta=signed(headline.emotion_delta, lang),
                    stage=headline.stage,
                )
            )
    if not parts:
        return tr("diff.nothing", lang)
    text = ", ".join(parts)
    return text[0].upper() + text[1:]
