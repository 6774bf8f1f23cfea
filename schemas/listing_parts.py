"""The nested parts of a listing, named and constrained exactly as portable format v1.0.0.

Both the HTTP API and the portable export use these, so a listing looks the same on the
wire everywhere. Null fields are omitted when encoding.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from domain.listing_parts import ComponentType, DdrGeneration, PortType, StorageMedium


def _text(max_length: int) -> Any:
    return Annotated[str, msgspec.Meta(max_length=max_length)]


NonNegative = Annotated[float, msgspec.Meta(ge=0)]
Count = Annotated[int, msgspec.Meta(ge=1)]


class Part(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=False):
    pass


class OtherUrlIn(Part):
    url: str
    label: str | None = None


class ValuationIn(Part):
    base_price_usd: float
    adjusted_price_usd: float | None = None
    valuation_breakdown: dict[str, Any] | None = None
    ruleset_name: str | None = None


class CpuIn(Part):
    name: str
    manufacturer: str
    cores: int | None = None
    threads: int | None = None
    tdp_w: int | None = None
    cpu_mark_multi: int | None = None
    cpu_mark_single: int | None = None
    igpu_mark: int | None = None
    release_year: int | None = None
    igpu_model: str | None = None


class GpuIn(Part):
    name: str
    manufacturer: str
    gpu_mark: int | None = None
    metal_score: int | None = None


class RamIn(Part):
    total_gb: int
    ddr_generation: DdrGeneration | None = None
    speed_mhz: int | None = None
    module_count: int | None = None
    capacity_per_module_gb: int | None = None
    notes: str | None = None


class StorageIn(Part):
    capacity_gb: int
    medium: StorageMedium | None = None
    interface: str | None = None
    form_factor: str | None = None
    performance_tier: str | None = None


class MetricsIn(Part):
    dollar_per_cpu_mark_single: float | None = None
    dollar_per_cpu_mark_single_adjusted: float | None = None
    dollar_per_cpu_mark_multi: float | None = None
    dollar_per_cpu_mark_multi_adjusted: float | None = None
    score_cpu_multi: float | None = None
    score_cpu_single: float | None = None
    score_gpu: float | None = None
    score_composite: float | None = None
    perf_per_watt: float | None = None


class PortIn(Part):
    type: PortType
    count: Count = 1
    spec_notes: str | None = None


class PortsIn(Part):
    ports: list[PortIn] = []
    profile_name: str | None = None


class ComponentIn(Part):
    component_type: ComponentType
    name: str | None = None
    quantity: Count = 1
    metadata: dict[str, Any] | None = None
    adjustment_value_usd: float | None = None


class PerformanceIn(Part):
    cpu: CpuIn | None = None
    gpu: GpuIn | None = None
    ram: RamIn | None = None
    storage_primary: StorageIn | None = None
    storage_secondary: StorageIn | None = None
    metrics: MetricsIn | None = None
    ports: PortsIn | None = None
    components: list[ComponentIn] | None = None


class MetadataIn(Part):
    manufacturer: _text(64) | None = None  # type: ignore[valid-type]
    series: _text(128) | None = None  # type: ignore[valid-type]
    model_number: _text(128) | None = None  # type: ignore[valid-type]
    form_factor: _text(32) | None = None  # type: ignore[valid-type]


__all__ = [
    "ComponentIn",
    "CpuIn",
    "GpuIn",
    "MetadataIn",
    "MetricsIn",
    "NonNegative",
    "OtherUrlIn",
    "PerformanceIn",
    "PortIn",
    "PortsIn",
    "RamIn",
    "StorageIn",
    "ValuationIn",
]
