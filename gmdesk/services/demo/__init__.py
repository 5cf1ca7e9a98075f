"""The demo data generator behind ``gmdesk demo``: a fictional county (青岚县) with units, people, accounts,
posts, messages and filings, deterministic for a given scale, seed and date.

Modules, one job each: ``catalog`` (the organisation chart), ``names`` (people, phones, codes), ``county``
(units and staff), ``accounts``/``account_details`` (accounts, states, scenarios, form fields), ``rhythm``,
``titles`` and ``posts`` (publishing), ``message_texts``, ``message_flow``, ``replies`` and ``messages``
(the inbox), ``filings``, ``tasks`` and ``records`` (the rest), ``writer`` (bulk inserts) and ``generate``.
"""

from gmdesk.services.demo.generate import generate_demo
from gmdesk.services.demo.outcome import DemoCancelled, DemoRefused, DemoSummary

__all__ = ["DemoCancelled", "DemoRefused", "DemoSummary", "generate_demo"]
