"""The nested parts of a listing as the HTTP API takes them: the portable format's parts
(schemas/listing_parts.py), strict.

A file may carry fields a reader does not know (ADR 0032), so the format's parts ignore
them; a request body may not: an unknown field is a client's mistake, refused with 400
naming it (ADR 0100). Texts and lists carry the catalog's limits (domain/listings.py,
ADR 0101) so that the OpenAPI document states them; the domain checks them again for
every other way in (the importer, the CLI).
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from domain.listings import (
    COMPONENT_METADATA_LIMITS,
    COMPONENTS_MAX,
    LABEL_MAX,
    OPAQUE_LIMITS,
    PART_NOTES_MAX,
    PORTS_MAX,
    PRICE_MAX,
    URL_MAX,
)
from schemas.listing_parts import (
    ComponentIn,
    CpuIn,
    GpuIn,
    MetadataIn,
    MetricsIn,
    OtherUrlIn,
    PerformanceIn,
    PortIn,
    PortsIn,
    RamIn,
    StorageIn,
    ValuationIn,
)

Price = Annotated[float, msgspec.Meta(ge=0, le=PRICE_MAX)]
Adjustment = Annotated[float, msgspec.Meta(ge=-PRICE_MAX, le=PRICE_MAX)]
Label = Annotated[str, msgspec.Meta(max_length=LABEL_MAX)]
Url = Annotated[str, msgspec.Meta(max_length=URL_MAX, description="A web address")]
PartNotes = Annotated[str, msgspec.Meta(max_length=PART_NOTES_MAX)]
# Free-form JSON: the members at its top level are bounded here; depth and the totals inside
# are the domain's to check (domain.validation.require_json).
Opaque = Annotated[
    dict[str, Any],
    msgspec.Meta(
        max_length=OPAQUE_LIMITS.entries,
        description="Free-form JSON, kept exactly as written (its size is bounded)",
    ),
]
ComponentMetadata = Annotated[
    dict[str, Any], msgspec.Meta(max_length=COMPONENT_METADATA_LIMITS.entries)
]


class OtherUrl(OtherUrlIn, forbid_unknown_fields=True):
    url: Url
    label: Label | None = None


class Valuation(ValuationIn, forbid_unknown_fields=True):
    base_price_usd: Price
    adjusted_price_usd: Price | None = None
    valuation_breakdown: Opaque | None = None
    ruleset_name: Label | None = None


class Cpu(CpuIn, forbid_unknown_fields=True):
    name: Label
    manufacturer: Label
    igpu_model: Label | None = None


class Gpu(GpuIn, forbid_unknown_fields=True):
    name: Label
    manufacturer: Label


class Ram(RamIn, forbid_unknown_fields=True):
    notes: PartNotes | None = None


class Storage(StorageIn, forbid_unknown_fields=True):
    interface: Label | None = None
    form_factor: Label | None = None
    performance_tier: Label | None = None


class Metrics(MetricsIn, forbid_unknown_fields=True):
    pass


class Port(PortIn, forbid_unknown_fields=True):
    spec_notes: Label | None = None


class Ports(PortsIn, forbid_unknown_fields=True):
    ports: Annotated[list[Port], msgspec.Meta(max_length=PORTS_MAX)] = []  # type: ignore[assignment]
    profile_name: Label | None = None


class Component(ComponentIn, forbid_unknown_fields=True):
    name: Label | None = None
    metadata: ComponentMetadata | None = None
    adjustment_value_usd: Adjustment | None = None


Components = Annotated[list[Component], msgspec.Meta(max_length=COMPONENTS_MAX)]


class Performance(PerformanceIn, forbid_unknown_fields=True):
    cpu: Cpu | None = None
    gpu: Gpu | None = None
    ram: Ram | None = None
    storage_primary: Storage | None = None
    storage_secondary: Storage | None = None
    metrics: Metrics | None = None
    ports: Ports | None = None
    components: Components | None = None  # type: ignore[assignment]


class ListingMetadata(MetadataIn, forbid_unknown_fields=True):
    pass
