"""Value objects of a listing, shaped as the Deal Brain portable format v1.0.0."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class DdrGeneration(StrEnum):
    DDR3 = "ddr3"
    DDR4 = "ddr4"
    DDR5 = "ddr5"
    LPDDR4 = "lpddr4"
    LPDDR4X = "lpddr4x"
    LPDDR5 = "lpddr5"
    LPDDR5X = "lpddr5x"
    HBM2 = "hbm2"
    HBM3 = "hbm3"
    UNKNOWN = "unknown"


class StorageMedium(StrEnum):
    NVME = "nvme"
    SATA_SSD = "sata_ssd"
    HDD = "hdd"
    HYBRID = "hybrid"
    EMMC = "emmc"
    UFS = "ufs"
    UNKNOWN = "unknown"


class PortType(StrEnum):
    USB_A = "usb_a"
    USB_C = "usb_c"
    THUNDERBOLT = "thunderbolt"
    HDMI = "hdmi"
    DISPLAYPORT = "displayport"
    RJ45_1G = "rj45_1g"
    RJ45_2_5G = "rj45_2_5g"
    RJ45_10G = "rj45_10g"
    AUDIO = "audio"
    SDXC = "sdxc"
    PCIE_X16 = "pcie_x16"
    PCIE_X8 = "pcie_x8"
    M2_SLOT = "m2_slot"
    SATA_BAY = "sata_bay"
    OTHER = "other"


class ComponentType(StrEnum):
    RAM = "ram"
    SSD = "ssd"
    HDD = "hdd"
    OS_LICENSE = "os_license"
    WIFI = "wifi"
    GPU = "gpu"
    MISC = "misc"


@dataclass(frozen=True, slots=True)
class OtherUrl:
    url: str
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Valuation:
    base_price_usd: float
    adjusted_price_usd: float | None = None
    # Opaque: it has had several shapes in the wild; kept exactly as received.
    valuation_breakdown: dict[str, Any] | None = None
    ruleset_name: str | None = None


@dataclass(frozen=True, slots=True)
class Cpu:
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


@dataclass(frozen=True, slots=True)
class Gpu:
    name: str
    manufacturer: str
    gpu_mark: int | None = None
    metal_score: int | None = None


@dataclass(frozen=True, slots=True)
class Ram:
    total_gb: int
    ddr_generation: DdrGeneration | None = None
    speed_mhz: int | None = None
    module_count: int | None = None
    capacity_per_module_gb: int | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Storage:
    capacity_gb: int
    medium: StorageMedium | None = None
    interface: str | None = None
    form_factor: str | None = None
    performance_tier: str | None = None


@dataclass(frozen=True, slots=True)
class Metrics:
    dollar_per_cpu_mark_single: float | None = None
    dollar_per_cpu_mark_single_adjusted: float | None = None
    dollar_per_cpu_mark_multi: float | None = None
    dollar_per_cpu_mark_multi_adjusted: float | None = None
    score_cpu_multi: float | None = None
    score_cpu_single: float | None = None
    score_gpu: float | None = None
    score_composite: float | None = None
    perf_per_watt: float | None = None


@dataclass(frozen=True, slots=True)
class Port:
    type: PortType
    count: int = 1
    spec_notes: str | None = None


@dataclass(frozen=True, slots=True)
class Ports:
    ports: tuple[Port, ...] = ()
    profile_name: str | None = None


@dataclass(frozen=True, slots=True)
class Component:
    component_type: ComponentType
    name: str | None = None
    quantity: int = 1
    metadata: dict[str, Any] | None = None
    adjustment_value_usd: float | None = None


@dataclass(frozen=True, slots=True)
class Performance:
    cpu: Cpu | None = None
    gpu: Gpu | None = None
    ram: Ram | None = None
    storage_primary: Storage | None = None
    storage_secondary: Storage | None = None
    metrics: Metrics | None = None
    ports: Ports | None = None
    components: tuple[Component, ...] | None = None


@dataclass(frozen=True, slots=True)
class ListingMetadata:
    manufacturer: str | None = None
    series: str | None = None
    model_number: str | None = None
    form_factor: str | None = None


EMPTY_PERFORMANCE = Performance()
EMPTY_METADATA = ListingMetadata()
