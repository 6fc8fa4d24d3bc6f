"""Personas: a card per persona with an empathy map built from the emotion rows."""

import streamlit as st

from cxmap.compute import analysis
from cxmap.ui import adapter as ui
from cxmap.view.numbers import format_percent
from cxmap.view.text import md

view = ui.page("nav.personas")
m, f, t = view.map, view.filters, view.t

personas = [p for p in m.personas if f.keeps(persona=p.name)]
if not personas:
    st.info(t("personas.none"))
for persona in personas:
    with st.container(border=True):
        st.subheader(md(persona.name))
        if persona.from_answers:
            st.badge(
                t("realfiles.from_answers"),
                icon=":material/poll:",
                color="violet",
                help=t("realfiles.from_answers_help"),
            )
        if persona.description:
            st.markdown(md(persona.description))
        facts = st.columns([3, 1, 1])  # the segment is text: it gets the room
        facts[0].markdown(f"**{t('personas.segment')}**  \n{md(persona.segment or '—')}")
        facts[1].metric(
            t("personas.share"),
            format_percent(persona.share, view.lang) if persona.share is not None else "—",
        )
        facts[2].metric(t("personas.age"), md(persona.age or "—"))
        for key in ("goals", "frustrations", "motivations"):
            if getattr(persona, key):
                st.markdown(f"**{t('personas.' + key)}** — {md(getattr(persona, key))}")
        if persona.preferred_channels:
            st.markdown(
                f"**{t('personas.channels')}** — {md(', '.join(persona.preferred_channels))}"
            )
        st.markdown(f"##### {t('personas.empathy')}")
        empathy = analysis.empathy(m, persona.name, f)
        quadrants = st.columns(4)
        for column, key in zip(quadrants, ("says", "thinks", "does", "feels")):
            with column:
                st.markdown(f"**{t('personas.' + key)}**")
                for line in getattr(empathy, key) or ("—",):
                    st.caption(md(line))
