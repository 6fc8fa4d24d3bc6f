"""People and roles (administrators): who may sign in, and as what."""

import streamlit as st

from cxmap.storage import access
from cxmap.ui import adapter as ui
from cxmap.ui import auth
from cxmap.ui import changes as edits
from cxmap.view.people_table import people_table

view = ui.page("nav.admin", needs_journey=False)
t = view.t
store = ui.store()
if not auth.can("admin"):
    st.info(t("admin.only"))
    st.stop()

people = access.people(store.engine)
st.caption(t("admin.people", n=len(people)))
st.dataframe(people_table(people, view.lang), hide_index=True, width="stretch")
if admins := auth.admins():
    st.caption(view.tm("admin.admins_env", names=", ".join(sorted(admins))))
if default := auth.default_role():
    st.caption(t("admin.default_role", role=t(f"role.{default}")))

st.subheader(t("admin.add"))
with st.form("add_person", clear_on_submit=True):
    email = st.text_input(t("admin.email"))
    role = st.selectbox(
        t("admin.role"), access.ROLES, index=1, format_func=lambda r: t(f"role.{r}")
    )
    if st.form_submit_button(t("admin.save"), type="primary") and email.strip():
        if (
            edits.attempt(
                lambda: access.set_role(store.engine, email, role, store.actor), view.lang
            )
            is not None
        ):
            ui.flash(t("admin.saved", who=access.normalise(email), role=t(f"role.{role}")))
            st.rerun()

for person in people:
    if person.email != store.actor.name and st.button(
        view.tm("admin.remove", who=person.email),
        key=f"remove_{person.email}",
        icon=":material/person_remove:",
    ):
        if edits.attempt(
            lambda p=person: access.remove(store.engine, p.email, store.actor), view.lang
        ):
            ui.flash(t("admin.removed", who=person.email))
            st.rerun()
