"""A listing with every field set, for round-trip tests."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.listing_parts import (
    Component,
    ComponentType,
    Cpu,
    DdrGeneration,
    Gpu,
    ListingMetadata,
    Metrics,
    OtherUrl,
    Performance,
    Port,
    Ports,
    PortType,
    Ram,
    Storage,
    StorageMedium,
    Valuation,
)
from domain.listings import Condition, Listing, ListingStatus

# Keys deliberately out of alphabetical order, at every level: they must come back as written.
BREAKDOWN = {
    "zeta": {"total": -42.5, "lines": [{"rule": "RAM 16GB", "delta": 20}, {"rule": "No OS"}]},
    "alpha": None,
    "Mid": [3, 2, 1],
    "beta": {"z": 1, "a": 2, "m": {"y": True, "b": False}},
    "ünïcode": "ok",
}

CUSTOM_FIELDS = {
    "warranty_months": 12,
    "bundle": {"keyboard": True, "mouse": False, "cables": ["hdmi", "power"]},
    "rating": 4.5,
    "nothing": None,
}


def full_listing(created_by: int | None) -> Listing:
    return Listing(
        title="HP EliteDesk 800 G4 Mini — i7-8700T / 32GB",
        price_usd=289.99,
        condition=Condition.REFURB,
        status=ListingStatus.PENDING,
        listing_url="HTTPS://www.eBay.com/itm/123/?utm_source=x&b=2&a=1",
        other_urls=(OtherUrl(url="https://example.com/a", label="mirror"), OtherUrl(url="u2")),
        seller="Tech Liquidators",
        price_date=datetime(2025, 12, 24, 8, 15, 30, 250000, tzinfo=UTC),
        device_model="800 G4 DM",
        notes="Small scuff on the lid.\nShips in 2 days.",
        custom_fields=CUSTOM_FIELDS,
        valuation=Valuation(
            base_price_usd=289.99,
            adjusted_price_usd=331.5,
            valuation_breakdown=BREAKDOWN,
            ruleset_name="default-2025",
        ),
        performance=Performance(
            cpu=Cpu(
                name="Intel Core i7-8700T",
                manufacturer="Intel",
                cores=6,
                threads=12,
                tdp_w=35,
                cpu_mark_multi=12345,
                cpu_mark_single=2345,
                igpu_mark=1234,
                release_year=2018,
                igpu_model="UHD 630",
            ),
            gpu=Gpu(name="UHD 630", manufacturer="Intel", gpu_mark=1234, metal_score=None),
            ram=Ram(
                total_gb=32,
                ddr_generation=DdrGeneration.DDR4,
                speed_mhz=2666,
                module_count=2,
                capacity_per_module_gb=16,
                notes="SO-DIMM",
            ),
            storage_primary=Storage(
                capacity_gb=512,
                medium=StorageMedium.NVME,
                interface="PCIe 3.0 x4",
                form_factor="M.2 2280",
                performance_tier="fast",
            ),
            storage_secondary=Storage(capacity_gb=2048, medium=StorageMedium.HDD),
            metrics=Metrics(
                dollar_per_cpu_mark_single=0.1237,
                dollar_per_cpu_mark_single_adjusted=0.1413,
                dollar_per_cpu_mark_multi=0.0235,
                dollar_per_cpu_mark_multi_adjusted=0.0268,
                score_cpu_multi=71.2,
                score_cpu_single=65.0,
                score_gpu=12.5,
                score_composite=58.75,
                perf_per_watt=352.7,
            ),
            ports=Ports(
                ports=(
                    Port(type=PortType.USB_A, count=4, spec_notes="2x USB 3.1"),
                    Port(type=PortType.USB_C),
                    Port(type=PortType.DISPLAYPORT, count=2),
                ),
                profile_name="EliteDesk Mini",
            ),
            components=(
                Component(
                    component_type=ComponentType.RAM,
                    name="16GB DDR4",
                    quantity=2,
                    metadata={"z": 1, "a": [1, 2]},
                    adjustment_value_usd=40.0,
                ),
                Component(component_type=ComponentType.OS_LICENSE, name="Windows 11 Pro"),
            ),
        ),
        metadata=ListingMetadata(
            manufacturer="HP", series="EliteDesk", model_number="800 G4", form_factor="mini"
        ),
        created_by=created_by,
        created_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        updated_at=datetime(2026, 1, 3, 4, 5, 6, 789012, tzinfo=UTC),
    )


def key_orders(value: object) -> list[list[str]]:
    """Every dict's keys in order, depth first: equal dicts can still differ here."""
    if isinstance(value, dict):
        orders = [list(value)]
        for child in value.values():
            orders += key_orders(child)
        return orders
    if isinstance(value, list | tuple):
        return [order for child in value for order in key_orders(child)]
    return []
