"""What is computed from a stored map: filters, tables, KPIs against targets, measured NPS /
CSAT / CES.  Imports ``cxmap.domain``, ``cxmap.files`` and ``cxmap.storage``; never draws."""
