"""The built-in region kinds defined outside publisher.plan.regions: importing this module registers them."""
from publisher.plan import agenda, footer, kpis, media, points, tables, text  # noqa: F401  (they register kinds)
