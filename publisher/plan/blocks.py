"""The built-in region kinds that draw content: importing this module registers them."""
from publisher.plan import agenda, kpis, media, tables, text  # noqa: F401  (each module registers its kinds)
